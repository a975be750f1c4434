import { BadRequestException, Body, Controller, Get, Post, Query, UseInterceptors } from '@nestjs/common';
import { AuthUser, CurrentUser, Role, Roles } from '@itops/shared/auth';
import { DomainCodes } from '@itops/shared/service';
import { parseCostEntry, type YearForecast } from '@itops/billing/domain';
import { CostEntryRepository, type StoredCostEntry } from '@itops/billing/data-access';
import { BILLING_HTTP_STATUS } from '../billing-http.codes';
import { ForecastYear } from './forecast-year.use-case';

function checkYear(value: string | undefined): number {
  if (value !== undefined && /^\d{4}$/.test(value)) return Number(value);
  throw new BadRequestException(`year "${value ?? ''}" is not a year; expected four digits, e.g. 2026`);
}

/** Finance's view ahead: the year's forecast, and the costs it is set against. */
@Controller('v1')
@UseInterceptors(new DomainCodes(BILLING_HTTP_STATUS))
export class ForecastController {
  constructor(
    private readonly forecastYear: ForecastYear,
    private readonly costs: CostEntryRepository,
  ) {}

  /** Actual to date plus run rate per customer and offering; over/under-recovery per offering. */
  @Get('forecast')
  @Roles(Role.Admin, Role.Auditor)
  async forecast(@Query('year') year?: string): Promise<YearForecast> {
    return this.forecastYear.execute(checkYear(year));
  }

  /** Adds a cost input of an offering for a month: `{ offering, period, amountSek, source, note }`. */
  @Post('costs')
  @Roles(Role.Admin)
  async addCost(@Body() body: unknown, @CurrentUser() user: AuthUser): Promise<StoredCostEntry> {
    return this.costs.add(parseCostEntry(body), user.subject);
  }

  @Get('costs')
  @Roles(Role.Admin, Role.Auditor)
  async listCosts(@Query('year') year?: string): Promise<{ year: number; costs: StoredCostEntry[] }> {
    const checked = checkYear(year);
    return { year: checked, costs: await this.costs.forYear(checked) };
  }
}
