import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DEVICE_OPTIONS, DeviceOptions } from '../device.options';
import { LeaseCheck } from './lease-check.use-case';

/**
 * Runs the lease-end check every ITOPS_DEVICE_LEASE_CHECK_INTERVAL_SECONDS (0: never; POST
 * /v1/lease-checks runs it on demand). Every replica has the timer; the advisory lock lets one
 * of them work. A run that overruns delays the next one instead of overlapping it.
 */
@Injectable()
export class LeaseCheckScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(LeaseCheckScheduler.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly leaseCheck: LeaseCheck,
    @Inject(DEVICE_OPTIONS) private readonly options: DeviceOptions,
  ) {}

  onApplicationBootstrap(): void {
    const seconds = this.options.leaseCheckIntervalSeconds;
    if (seconds <= 0) {
      this.logger.log('the scheduled lease-end check is off (ITOPS_DEVICE_LEASE_CHECK_INTERVAL_SECONDS=0); it runs on demand only');
      return;
    }
    this.schedule(Math.min(seconds, 30) * 1000);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick();
    }, ms);
  }

  private async tick(): Promise<void> {
    try {
      const result = await this.leaseCheck.execute();
      if (result.ran) this.logger.log({ msg: 'lease-end check done', flagged: result.flagged, until: result.until });
    } catch (error) {
      this.logger.error({ msg: 'lease-end check failed; next run as scheduled', err: error instanceof Error ? error.message : String(error) });
    } finally {
      this.schedule(this.options.leaseCheckIntervalSeconds * 1000);
    }
  }
}
