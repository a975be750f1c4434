import { BadRequestException, Body, Controller, Get, HttpCode, Param, Post, Query, StreamableFile, UseInterceptors } from '@nestjs/common';
import { AuthUser, CurrentUser, Role, Roles } from '@itops/shared/auth';
import { DomainCodes } from '@itops/shared/service';
import { BillingException, BillingExceptionCode, formatExportCsv, isBillingPeriod } from '@itops/billing/domain';
import { BillingRunRepository } from '@itops/billing/data-access';
import { BILLING_HTTP_STATUS } from '../billing-http.codes';
import { BillingRun } from './billing-run.use-case';
import { ExportRun, type RunExport } from './export-run.use-case';
import { IssueRun } from './issue-run.use-case';
import { toRunView, type RunView } from './run.view';

function checkPeriod(value: unknown, field: string): string {
  if (typeof value === 'string' && isBillingPeriod(value)) return value;
  throw new BadRequestException(`${field} "${String(value ?? '')}" is not a month; expected YYYY-MM, e.g. 2026-11`);
}

/** Billing runs: draft (repeatable), issue (final), and the finance export of an issued period. */
@Controller('v1/runs')
@UseInterceptors(new DomainCodes(BILLING_HTTP_STATUS))
export class RunsController {
  constructor(
    private readonly runs: BillingRunRepository,
    private readonly billingRun: BillingRun,
    private readonly issueRun: IssueRun,
    private readonly exportRun: ExportRun,
  ) {}

  /** Runs (or re-runs) the period's draft billing; refused with 409 once the period is issued. */
  @Post()
  @HttpCode(200)
  @Roles(Role.Admin)
  async run(@Body() body: { period?: unknown }): Promise<RunView> {
    const result = await this.billingRun.execute(checkPeriod(body?.period, 'period'));
    return toRunView({ ...result, issuedAt: null }, result.invoices);
  }

  /** The period's issued run, else its draft, with its invoices. */
  @Get(':period')
  @Roles(Role.Admin, Role.ServiceDesk, Role.Auditor)
  async findRun(@Param('period') period: string): Promise<RunView> {
    const run = await this.runs.currentRun(checkPeriod(period, 'period'));
    if (!run) throw new BillingException(BillingExceptionCode.RUN_NOT_FOUND, `period ${period} has no billing run; run it first (POST /v1/runs)`);
    return toRunView({ ...run, runId: run.id }, await this.runs.invoices(run.id));
  }

  /** Makes the period's draft final and announces each invoice (billing.invoice.v1). */
  @Post(':period/issue')
  @HttpCode(200)
  @Roles(Role.Admin)
  async issue(@Param('period') period: string, @CurrentUser() user: AuthUser): Promise<RunView> {
    const { run, invoices } = await this.issueRun.execute(checkPeriod(period, 'period'), user.subject);
    return toRunView({ ...run, runId: run.id }, invoices);
  }

  /** The issued period for the finance system: `format=csv` (docs/billing.md) or `format=json` with the same fields. */
  @Get(':period/export')
  @Roles(Role.Admin, Role.Auditor)
  async export(@Param('period') period: string, @Query('format') format = 'csv'): Promise<RunExport | StreamableFile> {
    if (format !== 'csv' && format !== 'json') throw new BadRequestException(`format "${format}" is not supported; expected csv or json`);
    const exported = await this.exportRun.execute(checkPeriod(period, 'period'));
    if (format === 'json') return exported;
    return new StreamableFile(Buffer.from(formatExportCsv(exported.rows), 'utf8'), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="itops-billing-${period}.csv"`,
    });
  }
}
