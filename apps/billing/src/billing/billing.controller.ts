import { BadRequestException, Body, Controller, Get, HttpCode, NotFoundException, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { Role, Roles } from '@itops/shared/auth';
import { DomainCodes } from '@itops/shared/service';
import { BillingExceptionCode, Customer, CustomerImport, isBillingPeriod, parseCustomers, parsePriceList, PriceListImport } from '@itops/billing/domain';
import { BillingRepository } from '@itops/billing/data-access';
import { BillingRun } from './billing-run.use-case';

const statusByCode: Record<string, number> = {
  [BillingExceptionCode.BROKEN_HEADER]: 422,
  [BillingExceptionCode.BROKEN_CSV]: 422,
  [BillingExceptionCode.BROKEN_ENCODING]: 422,
  [BillingExceptionCode.INVALID_PERIOD]: 400,
  [BillingExceptionCode.PRICE_MISSING]: 422,
  [BillingExceptionCode.MISSING_HEADCOUNT]: 422,
  [BillingExceptionCode.INVALID_USAGE]: 422,
};

function csvBody(body: unknown, what: string): Buffer {
  if (!Buffer.isBuffer(body) || body.length === 0) throw new BadRequestException(`send the ${what} as the request body with Content-Type: text/csv`);
  return body;
}

function csvEncoding(encoding: string | undefined): 'utf8' | 'latin1' {
  if (encoding === undefined || encoding === 'utf8' || encoding === 'latin1') return encoding ?? 'utf8';
  throw new BadRequestException(`encoding "${encoding}" is not supported; expected utf8 or latin1`);
}

/** The invoice as the CLI and the finance export read it. */
export interface RunView {
  runId: string;
  period: string;
  status: string;
  invoices: { customer: string; lines: { offering: string; name: string; measure: string; quantity: string; unitPriceSek: string; amountSek: string; items: string[] }[]; totalSek: string }[];
  totalSek: string;
}

@Controller('v1')
@UseInterceptors(new DomainCodes(statusByCode))
export class BillingController {
  constructor(
    private readonly billing: BillingRepository,
    private readonly billingRun: BillingRun,
  ) {}

  /** Imports a price list CSV; bad rows are reported with line and reason, good rows are kept. */
  @Post('price-lists')
  @HttpCode(200)
  @Roles(Role.Admin)
  async importPriceList(@Body() body: unknown, @Query('encoding') encoding?: string): Promise<{ accepted: number; rejected: PriceListImport['rejected'] }> {
    const { entries, rejected } = parsePriceList(csvBody(body, 'price list'), { encoding: csvEncoding(encoding) });
    await this.billing.savePriceList(entries);
    return { accepted: entries.length, rejected };
  }

  /** Imports the customer file (kundkod;namn;typ;kostnadsstallen); bad rows are reported, good rows kept. */
  @Post('customers')
  @HttpCode(200)
  @Roles(Role.Admin)
  async importCustomers(@Body() body: unknown, @Query('encoding') encoding?: string): Promise<{ accepted: number; rejected: CustomerImport['rejected'] }> {
    const { customers, rejected } = parseCustomers(csvBody(body, 'customer file'), { encoding: csvEncoding(encoding) });
    await this.billing.saveCustomers(customers);
    return { accepted: customers.length, rejected };
  }

  @Get('customers')
  @Roles(Role.Admin, Role.ServiceDesk, Role.Auditor, Role.Operator)
  async customers(): Promise<{ customers: Customer[] }> {
    return { customers: await this.billing.customers() };
  }

  /** Runs (or re-runs) the period's draft billing. */
  @Post('runs')
  @HttpCode(200)
  @Roles(Role.Admin)
  async run(@Body() body: { period?: unknown }): Promise<RunView> {
    const period = typeof body?.period === 'string' ? body.period : '';
    if (!isBillingPeriod(period)) throw new BadRequestException(`period "${String(body?.period ?? '')}" is not a month; expected YYYY-MM, e.g. 2026-11`);
    const result = await this.billingRun.execute(period);
    return {
      runId: result.runId,
      period: result.period,
      status: result.status,
      totalSek: result.totalSek,
      invoices: result.invoices.map((invoice) => ({
        customer: invoice.customerCode,
        totalSek: invoice.totalSek,
        lines: invoice.lines.map((l) => ({
          offering: l.offeringCode,
          name: l.offeringName,
          measure: l.measure,
          quantity: l.quantity,
          unitPriceSek: l.unitPriceSek,
          amountSek: l.amountSek,
          items: l.itemIds,
        })),
      })),
    };
  }

  @Get('runs/:period')
  @Roles(Role.Admin, Role.ServiceDesk, Role.Auditor)
  async findRun(@Param('period') period: string): Promise<{ runId: string; period: string; status: string; totalSek: string }> {
    const run = (await this.billing.findRun(period, 'issued')) ?? (await this.billing.findRun(period, 'draft'));
    if (!run) throw new NotFoundException(`no billing run for period ${period}`);
    return { runId: run.id, period: run.period, status: run.status, totalSek: run.totalSek };
  }
}
