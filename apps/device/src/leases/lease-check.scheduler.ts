import { Inject, Injectable } from '@nestjs/common';
import { IntervalJob } from '@itops/shared/service';
import { DEVICE_OPTIONS, DeviceOptions } from '../device.options';
import { LeaseCheck } from './lease-check.use-case';

/**
 * Runs the lease-end check every ITOPS_DEVICE_LEASE_CHECK_INTERVAL_SECONDS (0: never; POST
 * /v1/lease-checks runs it on demand), the first within 30 s of start-up. Every replica has the
 * timer; the advisory lock lets one of them work. Timing, overrun and shutdown: IntervalJob.
 */
@Injectable()
export class LeaseCheckScheduler extends IntervalJob {
  constructor(
    private readonly leaseCheck: LeaseCheck,
    @Inject(DEVICE_OPTIONS) options: DeviceOptions,
  ) {
    super({ job: 'lease-end check', intervalSeconds: options.leaseCheckIntervalSeconds, envVar: 'ITOPS_DEVICE_LEASE_CHECK_INTERVAL_SECONDS', firstRunWithinSeconds: 30 });
  }

  protected async run(): Promise<void> {
    const result = await this.leaseCheck.execute();
    if (result.ran) this.logger.log({ msg: 'lease-end check done', flagged: result.flagged, until: result.until });
  }
}
