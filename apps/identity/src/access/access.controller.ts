import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, ParseUUIDPipe, Post } from '@nestjs/common';
import { AuthUser, CurrentUser, Role, Roles } from '@itops/shared/auth';
import { AccessStateRepository } from '@itops/identity/data-access';
import { DataSource } from '@itops/shared/persistence';
import { AccessException, AccessExceptionCode } from './access.exception';
import { AccessRules } from './access-rules.use-case';
import { ReconcileAccess } from './reconcile-access.use-case';
import { SimulateAccess } from './simulate-access.use-case';

interface RulesBody {
  yaml?: unknown;
}

/** Access rules (business roles), reconciliation with AD and simulation of a rule change. */
@Controller('v1/access')
export class AccessController {
  constructor(
    private readonly rules: AccessRules,
    private readonly reconcile: ReconcileAccess,
    private readonly simulate: SimulateAccess,
    private readonly state: AccessStateRepository,
    private readonly dataSource: DataSource,
  ) {}

  /** Checks a rules file without storing it: every error with its line. */
  @Post('rules/validate')
  @HttpCode(200)
  @Roles(Role.Admin, Role.Operator, Role.Auditor)
  validate(@Body() body: RulesBody) {
    return this.rules.validate(body?.yaml);
  }

  /** Imports a rules file as the new active version; an invalid one is refused (422) with all its errors. */
  @Post('rules')
  @Roles(Role.Admin, Role.Operator)
  import(@Body() body: RulesBody, @CurrentUser() user: AuthUser) {
    return this.rules.import(body?.yaml, user.subject);
  }

  @Get('rules')
  @Roles(Role.Admin, Role.Operator, Role.Auditor)
  async list() {
    return { versions: await this.rules.list() };
  }

  @Get('rules/:version')
  @Roles(Role.Admin, Role.Operator, Role.Auditor)
  show(@Param('version', ParseIntPipe) version: number) {
    return this.rules.show(version);
  }

  /** One reconciliation now; `apply: true` fixes the enforced findings (or holds the run, see docs/access.md). */
  @Post('reconcile')
  @HttpCode(200)
  @Roles(Role.Admin, Role.Operator)
  run(@Body() body: { apply?: unknown }, @CurrentUser() user: AuthUser) {
    if (body?.apply !== undefined && typeof body.apply !== 'boolean') {
      throw new AccessException(AccessExceptionCode.INVALID_SIMULATION, 'apply must be true or false');
    }
    return this.reconcile.execute({ apply: body?.apply === true, requestedBy: user.subject });
  }

  /** Applies a held run. */
  @Post('reconcile/:runId/approve')
  @HttpCode(200)
  @Roles(Role.Admin, Role.Operator)
  approve(@Param('runId', ParseUUIDPipe) runId: string, @CurrentUser() user: AuthUser) {
    return this.reconcile.approve(runId, user.subject);
  }

  @Get('reconcile/:runId')
  @Roles(Role.Admin, Role.Operator, Role.Auditor)
  async runOf(@Param('runId', ParseUUIDPipe) runId: string) {
    const run = await this.state.run(this.dataSource.manager, runId);
    if (!run) throw new AccessException(AccessExceptionCode.RUN_NOT_FOUND, `reconciliation run ${runId} does not exist`);
    return run;
  }

  /** What a proposed rule set would change; nothing is stored. `prices` from the licence service's GET /v1/products. */
  @Post('simulate')
  @HttpCode(200)
  @Roles(Role.Admin, Role.Operator, Role.Auditor, Role.LicenceManager)
  simulation(@Body() body: { yaml?: unknown; prices?: unknown }) {
    return this.simulate.execute(body?.yaml, body?.prices);
  }
}
