import { Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { Role, Roles } from '@itops/shared/auth';
import { IDENTITY_OPTIONS, IdentityOptions } from '../identity.options';
import { LifecycleRunResult, RunLifecycle } from './run-lifecycle.use-case';

@Controller('v1/lifecycle')
export class LifecycleController {
  constructor(
    private readonly runLifecycle: RunLifecycle,
    @Inject(IDENTITY_OPTIONS) private readonly options: IdentityOptions,
  ) {}

  /**
   * Runs the account lifecycle now, as the scheduler does: every person due is reviewed. Answers
   * `ran: false` when a run is already going on in some replica.
   */
  @Post('runs')
  @HttpCode(200)
  @Roles(Role.Operator)
  async run(): Promise<LifecycleRunResult> {
    return this.runLifecycle.execute(this.options.now());
  }
}
