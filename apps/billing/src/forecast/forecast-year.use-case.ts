import { Injectable } from '@nestjs/common';
import { forecastYear, type YearForecast } from '@itops/billing/domain';
import { BillingRunRepository, CostEntryRepository } from '@itops/billing/data-access';

/** The year's forecast per customer and offering, and each offering's over-/under-recovery against its costs. */
@Injectable()
export class ForecastYear {
  constructor(
    private readonly runs: BillingRunRepository,
    private readonly costs: CostEntryRepository,
  ) {}

  async execute(year: number): Promise<YearForecast> {
    const [{ runPeriods, billed }, costs] = await Promise.all([this.runs.yearAmounts(year), this.costs.forYear(year)]);
    return forecastYear({ year, runPeriods, billed, costs });
  }
}
