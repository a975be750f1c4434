import { Inject, Injectable } from '@nestjs/common';
import { IntervalJob } from '@itops/shared/service';
import { IDENTITY_OPTIONS, IdentityOptions } from '../identity.options';
import { RunLifecycle } from './run-lifecycle.use-case';

/**
 * Runs the account lifecycle every ITOPS_IDENTITY_LIFECYCLE_INTERVAL_SECONDS with the real clock
 * (0: never; POST /v1/lifecycle/runs still runs it on demand), the first within 5 s of start-up.
 * Every replica has the timer; the run's advisory lock lets one of them work at a time. Timing,
 * overrun and shutdown: IntervalJob.
 */
@Injectable()
export class LifecycleScheduler extends IntervalJob {
  constructor(
    private readonly runLifecycle: RunLifecycle,
    @Inject(IDENTITY_OPTIONS) private readonly options: IdentityOptions,
  ) {
    super({ job: 'account lifecycle', intervalSeconds: options.lifecycleIntervalSeconds, envVar: 'ITOPS_IDENTITY_LIFECYCLE_INTERVAL_SECONDS', firstRunWithinSeconds: 5 });
  }

  protected async run(): Promise<void> {
    await this.runLifecycle.execute(this.options.now());
  }
}
