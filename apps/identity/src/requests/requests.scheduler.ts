import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { RunLockRepository } from '@itops/identity/data-access';
import { IDENTITY_OPTIONS, IdentityOptions } from '../identity.options';
import { AccessReviewsService } from '../reviews/access-reviews.service';
import { AccessRequestsService } from './access-requests.service';

/** One replica at a time ends grants and closes reviews (distinct from the lifecycle's lock). */
export const ACCESS_GRANTS_LOCK_KEY = 5115;

/**
 * On the lifecycle's interval (ITOPS_IDENTITY_LIFECYCLE_INTERVAL_SECONDS; 0: on demand only):
 * removes request grants whose last day is over and closes reviews whose closing day is over.
 */
@Injectable()
export class RequestsScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RequestsScheduler.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly requests: AccessRequestsService,
    private readonly reviews: AccessReviewsService,
    private readonly runLock: RunLockRepository,
    @Inject(IDENTITY_OPTIONS) private readonly options: IdentityOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.lifecycleIntervalSeconds > 0) this.schedule(Math.min(this.options.lifecycleIntervalSeconds, 5) * 1000);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One pass at `now`: grants ended, reviews closed. */
  async runOnce(now: Date): Promise<{ expired: number; reviewsClosed: number } | null> {
    const run = await this.runLock.whileHolding(ACCESS_GRANTS_LOCK_KEY, async () => ({
      expired: await this.requests.expireDue(now),
      reviewsClosed: await this.reviews.closeDue(now),
    }));
    return run.ran ? (run.value ?? null) : null;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick();
    }, ms);
  }

  private async tick(): Promise<void> {
    try {
      await this.runOnce(this.options.now());
    } catch (error) {
      this.logger.error({ msg: 'access grant expiry failed; next run as scheduled', err: error instanceof Error ? error.message : String(error) });
    } finally {
      this.schedule(this.options.lifecycleIntervalSeconds * 1000);
    }
  }
}
