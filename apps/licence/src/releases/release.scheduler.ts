import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { LICENCE_OPTIONS, LicenceOptions } from '../licence.config';
import { RunReleases } from './run-releases.use-case';

/**
 * Runs the releases every ITOPS_LICENCE_RELEASE_INTERVAL_SECONDS (0: never; POST /v1/releases/runs
 * still runs them). Every replica has the timer; the run's advisory lock lets one work at a time.
 */
@Injectable()
export class ReleaseScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ReleaseScheduler.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly runReleases: RunReleases,
    @Inject(LICENCE_OPTIONS) private readonly options: LicenceOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.releaseIntervalSeconds <= 0) {
      this.logger.log('scheduled releases are off (ITOPS_LICENCE_RELEASE_INTERVAL_SECONDS=0); they run on demand only');
      return;
    }
    this.schedule(Math.min(this.options.releaseIntervalSeconds, 5) * 1000);
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
      await this.runReleases.execute();
    } catch (error) {
      this.logger.error({ msg: 'release run failed; next run as scheduled', err: error instanceof Error ? error.message : String(error) });
    } finally {
      this.schedule(this.options.releaseIntervalSeconds * 1000);
    }
  }
}
