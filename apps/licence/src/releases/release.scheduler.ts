import { Inject, Injectable } from '@nestjs/common';
import { IntervalJob } from '@itops/shared/service';
import { LICENCE_OPTIONS, LicenceOptions } from '../licence.config';
import { RunReleases } from './run-releases.use-case';

/**
 * Runs the releases every ITOPS_LICENCE_RELEASE_INTERVAL_SECONDS (0: never; POST /v1/releases/runs
 * still runs them), the first within 5 s of start-up. Every replica has the timer; the run's
 * advisory lock lets one work at a time. Timing, overrun and shutdown: IntervalJob.
 */
@Injectable()
export class ReleaseScheduler extends IntervalJob {
  constructor(
    private readonly runReleases: RunReleases,
    @Inject(LICENCE_OPTIONS) options: LicenceOptions,
  ) {
    super({ job: 'release run', intervalSeconds: options.releaseIntervalSeconds, envVar: 'ITOPS_LICENCE_RELEASE_INTERVAL_SECONDS', firstRunWithinSeconds: 5 });
  }

  protected async run(): Promise<void> {
    await this.runReleases.execute();
  }
}
