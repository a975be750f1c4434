import { Controller, HttpCode, Post } from '@nestjs/common';
import { Role, Roles } from '@itops/shared/auth';
import { ReleaseRun, RunReleases } from './run-releases.use-case';

@Controller('v1/releases')
export class ReleasesController {
  constructor(private readonly runReleases: RunReleases) {}

  /** Runs the leaver and booking releases now; `ran: false` when another replica is running them. */
  @Post('runs')
  @HttpCode(200)
  @Roles(Role.LicenceManager, Role.Operator, Role.Admin)
  run(): Promise<ReleaseRun> {
    return this.runReleases.execute();
  }
}
