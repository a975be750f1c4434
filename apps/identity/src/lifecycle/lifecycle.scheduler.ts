import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { IDENTITY_OPTIONS, IdentityOptions } from '../identity.options';
import { RunLifecycle } from './run-lifecycle.use-case';

/**
 * Runs the account lifecycle every ITOPS_IDENTITY_LIFECYCLE_INTERVAL_SECONDS with the real clock
 * (0: never; POST /v1/lifecycle/runs still runs it on demand). Every replica has the timer; the
 * run's advisory lock lets one of them work at a time. A run that overruns the interval delays the
 * next one instead of overlapping it.
 */
@Injectable()
export class LifecycleScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(LifecycleScheduler.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly runLifecycle: RunLifecycle,
    @Inject(IDENTITY_OPTIONS) private readonly options: IdentityOptions,
  ) {}

  onApplicationBootstrap(): void {
    const seconds = this.options.lifecycleIntervalSeconds;
    if (seconds <= 0) {
      this.logger.log('the scheduled account lifecycle is off (ITOPS_IDENTITY_LIFECYCLE_INTERVAL_SECONDS=0); it runs on demand only');
      return;
    }
    this.logger.log(`the account lifecycle runs every ${seconds} s`);
    this.schedule(Math.min(seconds, 5) * 1000);
  }

  /** Stops the timer and waits for a run in progress, while the database is still open. */
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
      await this.runLifecycle.execute(this.options.now());
    } catch (error) {
      this.logger.error({ msg: 'lifecycle run failed; next run as scheduled', err: error instanceof Error ? error.message : String(error) });
    } finally {
      this.schedule(this.options.lifecycleIntervalSeconds * 1000);
    }
  }
}
