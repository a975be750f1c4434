import { Inject, Injectable } from '@nestjs/common';
import { addDays, stockholmDate } from '@itops/shared/calendar';
import { LEASE_CHECK_LOCK_KEY, DeviceRepository } from '@itops/device/data-access';
import { RunLockRepository } from '@itops/shared/persistence';
import { DEVICE_OPTIONS, DeviceOptions } from '../device.options';

export type LeaseCheckResult = { ran: true; asOf: string; until: string; flagged: number } | { ran: false };

/**
 * Flags devices whose lease ends within ITOPS_DEVICE_LEASE_WARNING_DAYS (or has ended) for a
 * decision: replace or extend. One replica runs it at a time (advisory lock); a device is
 * flagged once, until its lease is extended.
 */
@Injectable()
export class LeaseCheck {
  constructor(
    private readonly devices: DeviceRepository,
    private readonly locks: RunLockRepository,
    @Inject(DEVICE_OPTIONS) private readonly options: DeviceOptions,
  ) {}

  async execute(): Promise<LeaseCheckResult> {
    const today = stockholmDate(this.options.now());
    const until = addDays(today, this.options.leaseWarningDays);
    const run = await this.locks.whileHolding(LEASE_CHECK_LOCK_KEY, () => this.devices.transaction((manager) => this.devices.flagLeaseEnding(manager, until, today)));
    return run.ran ? { ran: true, asOf: today, until, flagged: run.value.length } : { ran: false };
  }
}
