import { Inject, Injectable } from '@nestjs/common';
import { RunLockRepository } from '@itops/shared/persistence';
import { IntervalJob } from '@itops/shared/service';
import { IDENTITY_OPTIONS, IdentityOptions } from '../identity.options';
import { AccessReviewsService } from '../reviews/access-reviews.service';
import { AccessRequestsService } from './access-requests.service';

/** One replica at a time ends grants and closes reviews (distinct from the lifecycle's lock). */
export const ACCESS_GRANTS_LOCK_KEY = 5115;

/**
 * On the lifecycle's interval (ITOPS_IDENTITY_LIFECYCLE_INTERVAL_SECONDS; 0: on demand only), the
 * first within 5 s of start-up: removes request grants whose last day is over and closes reviews
 * whose closing day is over. Silent at start-up: LifecycleScheduler already says whether that
 * interval is on. Timing, overrun and shutdown: IntervalJob.
 */
@Injectable()
export class RequestsScheduler extends IntervalJob {
  constructor(
    private readonly requests: AccessRequestsService,
    private readonly reviews: AccessReviewsService,
    private readonly runLock: RunLockRepository,
    @Inject(IDENTITY_OPTIONS) private readonly options: IdentityOptions,
  ) {
    super({
      job: 'access grant expiry',
      intervalSeconds: options.lifecycleIntervalSeconds,
      envVar: 'ITOPS_IDENTITY_LIFECYCLE_INTERVAL_SECONDS',
      firstRunWithinSeconds: 5,
      announce: false,
    });
  }

  /** One pass at `now`: grants ended, reviews closed. */
  async runOnce(now: Date): Promise<{ expired: number; reviewsClosed: number } | null> {
    const run = await this.runLock.whileHolding(ACCESS_GRANTS_LOCK_KEY, async () => ({
      expired: await this.requests.expireDue(now),
      reviewsClosed: await this.reviews.closeDue(now),
    }));
    return run.ran ? (run.value ?? null) : null;
  }

  protected async run(): Promise<void> {
    await this.runOnce(this.options.now());
  }
}
