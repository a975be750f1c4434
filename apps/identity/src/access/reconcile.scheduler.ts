import { Inject, Injectable } from '@nestjs/common';
import { IntervalJob } from '@itops/shared/service';
import { ACCESS_OPTIONS, AccessOptions, RECONCILE_ACTOR } from './access.options';
import { AccessException } from './access.exception';
import { ReconcileAccess } from './reconcile-access.use-case';

/**
 * Runs reconciliation with --apply every ITOPS_IDENTITY_RECONCILE_INTERVAL_SECONDS (0: never),
 * the first a whole interval after start-up. Every replica has the timer; the run's advisory lock
 * lets one work at a time, and the others skip without an error in the log. A run that would
 * remove too much is held like an operator's. Timing, overrun and shutdown: IntervalJob.
 */
@Injectable()
export class ReconcileScheduler extends IntervalJob {
  constructor(
    private readonly reconcile: ReconcileAccess,
    @Inject(ACCESS_OPTIONS) options: AccessOptions,
  ) {
    super({
      job: 'reconciliation',
      intervalSeconds: options.reconcileIntervalSeconds,
      envVar: 'ITOPS_IDENTITY_RECONCILE_INTERVAL_SECONDS',
      firstRunWithinSeconds: Number.POSITIVE_INFINITY,
    });
  }

  protected async run(): Promise<void> {
    try {
      await this.reconcile.execute({ apply: true, requestedBy: RECONCILE_ACTOR });
    } catch (error) {
      // Another replica (or an operator's run) holds the lock: this one's turn is simply skipped.
      if (error instanceof AccessException && error.code === 'RUN_IN_PROGRESS') return;
      throw error;
    }
  }
}
