import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ACCESS_OPTIONS, AccessOptions, RECONCILE_ACTOR } from './access.options';
import { AccessException } from './access.exception';
import { ReconcileAccess } from './reconcile-access.use-case';

/**
 * Runs reconciliation with --apply every ITOPS_IDENTITY_RECONCILE_INTERVAL_SECONDS (0: never).
 * Every replica has the timer; the run's advisory lock lets one work at a time (the others skip).
 * A run that would remove too much is held like an operator's.
 */
@Injectable()
export class ReconcileScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ReconcileScheduler.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly reconcile: ReconcileAccess,
    @Inject(ACCESS_OPTIONS) private readonly options: AccessOptions,
  ) {}

  onApplicationBootstrap(): void {
    const seconds = this.options.reconcileIntervalSeconds;
    if (seconds <= 0) {
      this.logger.log('scheduled reconciliation is off (ITOPS_IDENTITY_RECONCILE_INTERVAL_SECONDS=0); it runs on demand only');
      return;
    }
    this.logger.log(`reconciliation runs every ${seconds} s`);
    this.schedule(seconds * 1000);
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
      await this.reconcile.execute({ apply: true, requestedBy: RECONCILE_ACTOR });
    } catch (error) {
      const busy = error instanceof AccessException && error.code === 'RUN_IN_PROGRESS';
      if (!busy) this.logger.error({ msg: 'scheduled reconciliation failed; next run as scheduled', err: error instanceof Error ? error.message : String(error) });
    } finally {
      this.schedule(this.options.reconcileIntervalSeconds * 1000);
    }
  }
}
