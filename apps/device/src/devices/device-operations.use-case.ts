import { Inject, Injectable } from '@nestjs/common';
import { addMonths, isCalendarDate, stockholmDate } from '@itops/shared/calendar';
import { Device, DeviceRepository } from '@itops/device/data-access';
import { DeviceException, DeviceExceptionCode, type DeviceStep } from '@itops/device/domain';
import { DEVICE_OPTIONS, DeviceOptions } from '../device.options';
import { DeviceLifecycle } from '../lifecycle/device-lifecycle.service';

export interface OperationInput {
  /** For assign: the new holder's account id. */
  accountId?: string;
  /** For deliver: the serial number of the device handed out for an order, and its model. */
  serialNumber?: string;
  model?: string;
  /** The day the step takes effect (default: today in Stockholm). */
  effectiveDate?: string;
}

/** An operator's step on one device: assign, deliver, request-return, return, refurbish, stock, recycle; and extend-lease. */
@Injectable()
export class DeviceOperations {
  constructor(
    private readonly devices: DeviceRepository,
    private readonly lifecycle: DeviceLifecycle,
    @Inject(DEVICE_OPTIONS) private readonly options: DeviceOptions,
  ) {}

  async step(idOrSerial: string, step: DeviceStep, input: OperationInput, operator: string): Promise<Device> {
    for (const field of ['accountId', 'serialNumber', 'model', 'effectiveDate'] as const) {
      const value: unknown = input[field];
      if (value !== undefined && value !== null && typeof value !== 'string') {
        throw new DeviceException(DeviceExceptionCode.INVALID_INPUT, `${field} must be a JSON string; got a ${typeof value}`);
      }
    }
    const effectiveDate = this.dayOf(input.effectiveDate);
    return this.devices.transaction(async (manager) => {
      const device = await this.devices.find(manager, idOrSerial, true);
      if (!device) throw new DeviceException(DeviceExceptionCode.NOT_FOUND, `no device has the id or serial number "${idOrSerial}"`);
      let holder: { accountId?: string; customerCode?: string } = {};
      if (step === 'assign') {
        if (!input.accountId) throw new DeviceException(DeviceExceptionCode.INVALID_INPUT, 'accountId is missing; assign needs the account id of the new holder');
        const account = await this.devices.account(manager, input.accountId);
        if (!account) throw new DeviceException(DeviceExceptionCode.NOT_FOUND, `accountId "${input.accountId}" is not an account the device service knows; accounts arrive from identity`);
        if (!account.enabled) throw new DeviceException(DeviceExceptionCode.INVALID_INPUT, `accountId "${input.accountId}" is disabled; a device is assigned to an enabled account only`);
        holder = { accountId: account.accountId, customerCode: account.customerCode };
      }
      if (step === 'deliver') {
        const serial = (input.serialNumber ?? '').trim().toUpperCase();
        if (!/^[A-Z0-9][A-Z0-9-]{2,49}$/.test(serial)) {
          throw new DeviceException(DeviceExceptionCode.INVALID_INPUT, `serialNumber "${input.serialNumber ?? ''}" is not a serial number; expected 3-50 letters, digits or -`);
        }
        const taken = await this.devices.find(manager, serial);
        if (taken) throw new DeviceException(DeviceExceptionCode.INVALID_TRANSITION, `serial number ${serial} is already device ${taken.id} (${taken.status}); deliver a device that is not registered yet`);
        holder = { serialNumber: serial, ...(input.model ? { model: input.model } : {}) } as typeof holder;
      }
      return this.lifecycle.step({ manager, effectiveDate, cause: `operator:${operator}` }, device, step, holder);
    });
  }

  /** Extends a device's lease by whole months from its current end, and clears its lease-end flag. */
  async extendLease(idOrSerial: string, months: number, operator: string): Promise<Device> {
    if (!Number.isInteger(months) || months < 1 || months > 60) {
      throw new DeviceException(DeviceExceptionCode.INVALID_INPUT, `months ${months} is not an extension; expected whole months 1-60`);
    }
    return this.devices.transaction(async (manager) => {
      const device = await this.devices.find(manager, idOrSerial, true);
      if (!device) throw new DeviceException(DeviceExceptionCode.NOT_FOUND, `no device has the id or serial number "${idOrSerial}"`);
      if (!device.leaseEnd) throw new DeviceException(DeviceExceptionCode.INVALID_TRANSITION, `device ${device.serialNumber ?? device.id} has no lease; import its lease contract first`);
      const leaseEnd = addMonths(device.leaseEnd, months);
      await this.devices.extendLease(manager, device.id, leaseEnd);
      await this.devices.appendHistory(manager, device.id, {
        status: device.status,
        accountId: device.accountId,
        customerCode: device.customerCode,
        effectiveDate: stockholmDate(this.options.now()),
        cause: `lease extended by ${months} months to ${leaseEnd} by ${operator}`,
      });
      return { ...device, leaseEnd, leaseFlaggedOn: null };
    });
  }

  private dayOf(value: string | undefined): string {
    if (value === undefined || value === '') return stockholmDate(this.options.now());
    if (!isCalendarDate(value)) throw new DeviceException(DeviceExceptionCode.INVALID_INPUT, `effectiveDate "${value}" is not a day; expected YYYY-MM-DD`);
    return value;
  }
}
