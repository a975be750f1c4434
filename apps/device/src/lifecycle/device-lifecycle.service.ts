import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { addDays } from '@itops/shared/calendar';
import { create, DeviceChangedSchema, newEnvelope, Topics } from '@itops/shared/contracts';
import { EventPublisher } from '@itops/shared/messaging';
import type { EntityManager } from '@itops/shared/persistence';
import { Device, DeviceRepository } from '@itops/device/data-access';
import { isBilled, nextStatus, offeringFor, type DeviceOffering, type DeviceStep } from '@itops/device/domain';

/** Who or what moves a device, and on which day. */
export interface StepContext {
  manager: EntityManager;
  /** YYYY-MM-DD (Europe/Stockholm): the day the new status starts. */
  effectiveDate: string;
  /** "entitlement:role:pc-user@v3", "account-disabled", "operator:anna", "import:<file>". */
  cause: string;
  correlationId?: string;
  causationId?: string;
}

/** The new holder for assign and deliver; the serial number and model for a delivery. */
export interface StepInput {
  accountId?: string;
  customerCode?: string;
  serialNumber?: string;
  model?: string;
}

/**
 * The one way a device changes status: the lifecycle rule decides the status, the holding (the
 * billed days) is opened or closed with it, the change is written to the device's history and
 * announced on device.device.v1 through the outbox, all in the caller's transaction.
 */
@Injectable()
export class DeviceLifecycle {
  constructor(
    private readonly devices: DeviceRepository,
    private readonly publisher: EventPublisher,
  ) {}

  async step(ctx: StepContext, device: Device, step: DeviceStep, input: StepInput = {}, offerings?: readonly DeviceOffering[]): Promise<Device> {
    const status = nextStatus(device.status, step, device.timesAssigned);
    const gainsHolder = step === 'assign' || step === 'deliver';
    const losesHolder = status === 'RETURNED' || status === 'IN_STOCK' || status === 'REFURBISHED' || status === 'RECYCLED';
    const next: Device = {
      ...device,
      status,
      statusDate: ctx.effectiveDate,
      serialNumber: input.serialNumber ?? device.serialNumber,
      model: input.model ?? device.model,
      accountId: gainsHolder ? (input.accountId ?? device.accountId) : losesHolder ? null : device.accountId,
      // The customer stays with a returned device: it is the last one that paid for it (circularity per customer).
      customerCode: gainsHolder ? (input.customerCode ?? device.customerCode) : device.customerCode,
      timesAssigned: gainsHolder ? device.timesAssigned + 1 : device.timesAssigned,
    };
    await this.devices.saveState(ctx.manager, next);
    await this.devices.appendHistory(ctx.manager, next.id, { status, accountId: next.accountId, customerCode: next.customerCode, effectiveDate: ctx.effectiveDate, cause: ctx.cause });
    if (isBilled(device.status) && !isBilled(status)) {
      // Billed through the day before the change: a return requested today is not paid for today.
      await this.devices.closeAssignment(ctx.manager, device.id, addDays(ctx.effectiveDate, -1));
    }
    const table = offerings ?? (await this.devices.offerings(ctx.manager));
    if (isBilled(status) && !isBilled(device.status) && next.accountId && next.customerCode) {
      await this.devices.openAssignment(ctx.manager, {
        id: uuidv7(),
        deviceId: next.id,
        accountId: next.accountId,
        customerCode: next.customerCode,
        offeringCode: offeringCodeOf(table, next),
        validFrom: ctx.effectiveDate,
      });
    }
    await this.announce(ctx, next, table);
    return next;
  }

  /**
   * Announces the device's state. The contract requires a serial number, so an order is
   * announced once it is delivered; until then nobody is billed for it.
   */
  async announce(
    ctx: Omit<StepContext, 'cause'>,
    device: Pick<Device, 'id' | 'serialNumber' | 'deviceType' | 'customerCode' | 'accountId' | 'status' | 'model'>,
    offerings: readonly DeviceOffering[],
  ): Promise<void> {
    if (!device.serialNumber || !device.customerCode) return;
    await this.publisher.publish(
      ctx.manager,
      Topics.deviceDevice,
      create(DeviceChangedSchema, {
        envelope: newEnvelope({ source: 'device', eventType: Topics.deviceDevice.eventType, correlationId: ctx.correlationId, causationId: ctx.causationId }),
        deviceId: device.id,
        serialNumber: device.serialNumber,
        deviceType: device.deviceType,
        customerCode: device.customerCode,
        accountId: device.accountId ?? '',
        status: device.status,
        effectiveDate: ctx.effectiveDate,
        model: device.model,
        // On every event, billed or not, so metering closes the item it opened under this code.
        offeringCode: offeringCodeOf(offerings, device),
      }),
    );
  }
}

/** The offering a device type is billed as when the fee table has no row for it (the city's price list codes). */
export const defaultOffering = (deviceType: string): string => `KST-${deviceType}`;

/** What the device is billed as: its model's offering, else its type's, else the type's default code. */
export function offeringCodeOf(offerings: readonly DeviceOffering[], device: Pick<Device, 'deviceType' | 'model'>): string {
  return offeringFor(offerings, device.deviceType, device.model)?.offeringCode ?? defaultOffering(device.deviceType);
}
