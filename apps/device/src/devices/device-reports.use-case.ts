import { Inject, Injectable } from '@nestjs/common';
import { stockholmDate } from '@itops/shared/calendar';
import { DeviceRepository } from '@itops/device/data-access';
import { circularityByCustomer, inactiveReasons, sumFees, type Circularity, type InactiveReason } from '@itops/device/domain';
import { DEVICE_OPTIONS, DeviceOptions } from '../device.options';

export interface InactiveDevice {
  deviceId: string;
  serialNumber: string | null;
  deviceType: string;
  model: string;
  accountId: string | null;
  lastSeenAt: Date | null;
  reasons: InactiveReason[];
  offeringCode: string | null;
  monthlyFeeSek: string | null;
}

export interface InactiveReport {
  asOf: string;
  notSeenDays: number;
  customers: Array<{ customer: string; devices: InactiveDevice[]; monthlyFeeSek: string }>;
  /** The monthly fees at stake city-wide (or for the one customer asked for). */
  monthlyFeeSek: string;
}

/** "Is the subscription really active?" and the circularity figures. */
@Injectable()
export class DeviceReports {
  constructor(
    private readonly devices: DeviceRepository,
    @Inject(DEVICE_OPTIONS) private readonly options: DeviceOptions,
  ) {}

  /** Billed devices that look unused, per customer, with the monthly fee at stake. */
  async inactive(customerCode: string | undefined, notSeenDays = this.options.inactiveDays): Promise<InactiveReport> {
    const today = stockholmDate(this.options.now());
    const byCustomer = new Map<string, InactiveDevice[]>();
    for (const device of await this.devices.billed(customerCode)) {
      const reasons = inactiveReasons(
        { status: device.status, lastSeenDate: device.lastSeenAt ? stockholmDate(new Date(device.lastSeenAt)) : null, accountEnabled: device.accountEnabled },
        today,
        notSeenDays,
      );
      if (reasons.length === 0) continue;
      const customer = device.customerCode ?? '-';
      byCustomer.set(customer, [
        ...(byCustomer.get(customer) ?? []),
        {
          deviceId: device.id,
          serialNumber: device.serialNumber,
          deviceType: device.deviceType,
          model: device.model,
          accountId: device.accountId,
          lastSeenAt: device.lastSeenAt,
          reasons,
          offeringCode: device.offeringCode,
          monthlyFeeSek: device.monthlyFeeSek,
        },
      ]);
    }
    const customers = [...byCustomer.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([customer, devices]) => ({ customer, devices, monthlyFeeSek: sumFees(devices.map((d) => d.monthlyFeeSek)) }));
    return { asOf: today, notSeenDays, customers, monthlyFeeSek: sumFees(customers.map((c) => c.monthlyFeeSek)) };
  }

  async circularity(customerCode?: string): Promise<{ asOf: string; customers: Array<{ customer: string } & Circularity>; city: Circularity }> {
    const today = stockholmDate(this.options.now());
    return { asOf: today, ...circularityByCustomer(await this.devices.circularityFacts(customerCode), today) };
  }
}
