import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';

export interface IntervalJobSettings {
  /** The job as log lines name it after "scheduled": 'lease-end check', 'reconciliation'. */
  job: string;
  /** Seconds from the end of one run to the start of the next; 0 (or less) turns the timer off. */
  intervalSeconds: number;
  /** The environment variable behind `intervalSeconds`, named when the timer is off. */
  envVar: string;
  /** The first run comes min(intervalSeconds, this) seconds after start-up. Default 30. */
  firstRunWithinSeconds?: number;
  /**
   * false: say nothing at start-up, for a job on another job's variable whose scheduler already
   * says whether it is on. Default true.
   */
  announce?: boolean;
}

const DEFAULT_FIRST_RUN_WITHIN_SECONDS = 30;

/**
 * A job every N seconds in each replica (the job's own advisory lock decides which one works).
 * The next run is timed from the end of the last, so a run that overruns the interval delays the
 * next one instead of overlapping it. A failed run is logged and the next one stays scheduled.
 * Shutdown stops the timer and waits for a run in progress, while the database is still open.
 * Subclasses are Nest providers: `@Injectable()`, pass the settings to `super`, implement `run`.
 */
export abstract class IntervalJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  /** Named after the subclass, as the schedulers' own loggers were. */
  protected readonly logger: Logger;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  protected constructor(private readonly settings: IntervalJobSettings) {
    this.logger = new Logger(new.target.name);
  }

  /** One run. A rejection is logged with the job's name; the next run comes as scheduled. */
  protected abstract run(): Promise<void>;

  onApplicationBootstrap(): void {
    const { job, intervalSeconds, envVar, announce = true } = this.settings;
    if (intervalSeconds <= 0) {
      if (announce) this.logger.log(`scheduled ${job} is off (${envVar}=${intervalSeconds}); it runs on demand only`);
      return;
    }
    if (announce) this.logger.log(`scheduled ${job} runs every ${intervalSeconds} s`);
    this.schedule(Math.min(intervalSeconds, this.settings.firstRunWithinSeconds ?? DEFAULT_FIRST_RUN_WITHIN_SECONDS) * 1000);
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
      await this.run();
    } catch (error) {
      this.logger.error({ msg: `scheduled ${this.settings.job} failed; next run as scheduled`, err: error instanceof Error ? error.message : String(error) });
    } finally {
      this.schedule(this.settings.intervalSeconds * 1000);
    }
  }
}
