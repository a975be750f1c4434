// The year's forecast per customer and offering (actual to date plus run rate), and each
// offering's over- or under-recovery (över-/underskott) against its costs: finance's input to
// next year's price list. All amounts are sums and whole multiples of lines already rounded
// to öre, so nothing here rounds.
import { BillingException, BillingExceptionCode } from '../billing.exception';
import { isBillingPeriod, periodsOfYear, type BillingPeriod } from '../common/calendar.util';
import { groupBy } from '../common/collection.util';
import { Money } from '../common/money.util';
import { COST_SOURCES, type CostEntry, type CostSource } from './cost-entry.model';

/** One invoice line's amount, as the forecast needs it. */
export interface BilledAmount {
  period: BillingPeriod;
  customerCode: string;
  offeringCode: string;
  /** SEK text with 2 decimals. */
  amountSek: string;
  /** A correction line: part of the actual, never of the run rate (it does not recur). */
  correction: boolean;
}

export interface YearForecastInput {
  year: number;
  /** The periods of the year that have a billing run, issued or draft. */
  runPeriods: readonly BillingPeriod[];
  /** The lines of those runs; lines of other periods are ignored. */
  billed: readonly BilledAmount[];
  /** Cost entries; those outside the year are ignored. */
  costs: readonly CostEntry[];
}

export interface OfferingForecast {
  offering: string;
  /** Billed in the year's runs so far, corrections included. */
  actualSek: string;
  /** The latest run's amount (corrections left out): what each remaining month is expected to bill. */
  runRateSek: string;
  /** actual + run rate × remaining months. */
  forecastSek: string;
}

export interface CustomerForecast {
  customer: string;
  offerings: OfferingForecast[];
  actualSek: string;
  forecastSek: string;
}

export type Recovery = 'over' | 'under' | 'balanced';

export interface OfferingRecovery {
  offering: string;
  billedToDateSek: string;
  /** Costs of the months up to and including the latest run's. */
  costToDateSek: string;
  recoveryToDateSek: string;
  forecastSek: string;
  /** Costs to date, then per remaining month its entered costs, or the latest run month's costs when none are entered. */
  costForecastSek: string;
  /** forecast − cost forecast: > 0 over-recovery (the price is too high), < 0 under-recovery. */
  recoveryForecastSek: string;
  recovery: Recovery;
  /** The year's entered costs by source. */
  costsBySource: Record<CostSource, string>;
}

export interface YearForecast {
  year: number;
  /** The latest period of the year with a run; null when there is none yet. */
  latestPeriod: BillingPeriod | null;
  /** Months of the year with a run. */
  monthsActual: number;
  /** Months after the latest run's: 12 − its month, 12 without a run. */
  monthsRemaining: number;
  customers: CustomerForecast[];
  offerings: OfferingRecovery[];
  actualSek: string;
  forecastSek: string;
  costForecastSek: string;
  recoveryForecastSek: string;
}

/**
 * Forecasts a year: per customer and offering, the actual billed in the year's runs plus the
 * latest run's amount for every month after it; per offering, billed and forecast against
 * the costs entered for it. A month without a run before the latest counts as nothing
 * billed (run it to include it).
 * @throws BillingException INVALID_YEAR for a year outside 2000..2999, INVALID_PERIOD for a run period outside the year.
 */
export function forecastYear(input: YearForecastInput): YearForecast {
  const { year } = input;
  if (!Number.isInteger(year) || year < 2000 || year > 2999) {
    throw new BillingException(BillingExceptionCode.INVALID_YEAR, `year ${year} is not a year; expected four digits, e.g. 2026`);
  }
  const periods = periodsOfYear(year);
  for (const period of input.runPeriods) {
    if (!isBillingPeriod(period) || !periods.includes(period)) {
      throw new BillingException(BillingExceptionCode.INVALID_PERIOD, `run period ${period} is not a month of ${year}; expected ${year}-01..${year}-12`);
    }
  }
  const runPeriods = new Set(input.runPeriods);
  const latestPeriod = [...runPeriods].sort().at(-1) ?? null;
  const monthsRemaining = latestPeriod === null ? 12 : 12 - Number(latestPeriod.slice(5, 7));
  const billed = input.billed.filter((line) => runPeriods.has(line.period));
  const sek = (amounts: Iterable<Money | string>) => [...amounts].reduce<Money>((sum, amount) => sum.plus(amount), new Money(0));

  const customers: CustomerForecast[] = [...groupBy(billed, (line) => line.customerCode)]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([customer, lines]) => {
      const offerings = [...groupBy(lines, (line) => line.offeringCode)]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([offering, offeringLines]) => {
          const actual = sek(offeringLines.map((line) => line.amountSek));
          const runRate = sek(offeringLines.filter((line) => line.period === latestPeriod && !line.correction).map((line) => line.amountSek));
          return { offering, actual, runRate, forecast: actual.plus(runRate.times(monthsRemaining)) };
        });
      return {
        customer,
        offerings: offerings.map(({ offering, actual, runRate, forecast }) => ({
          offering,
          actualSek: actual.toFixed(2),
          runRateSek: runRate.toFixed(2),
          forecastSek: forecast.toFixed(2),
        })),
        actualSek: sek(offerings.map((o) => o.actual)).toFixed(2),
        forecastSek: sek(offerings.map((o) => o.forecast)).toFixed(2),
      };
    });

  const costs = input.costs.filter((cost) => periods.includes(cost.period));
  const forecastByOffering = new Map<string, { actual: Money; forecast: Money }>();
  for (const customer of customers) {
    for (const line of customer.offerings) {
      const sums = forecastByOffering.get(line.offering) ?? { actual: new Money(0), forecast: new Money(0) };
      forecastByOffering.set(line.offering, { actual: sums.actual.plus(line.actualSek), forecast: sums.forecast.plus(line.forecastSek) });
    }
  }
  const costsByOffering = groupBy(costs, (cost) => cost.offeringCode);
  const offeringCodes = [...new Set([...forecastByOffering.keys(), ...costsByOffering.keys()])].sort();
  const offerings: OfferingRecovery[] = offeringCodes.map((offering) => {
    const { actual, forecast } = forecastByOffering.get(offering) ?? { actual: new Money(0), forecast: new Money(0) };
    const entries = costsByOffering.get(offering) ?? [];
    const costOf = (period: BillingPeriod) => sek(entries.filter((cost) => cost.period === period).map((cost) => cost.amountSek));
    const hasCost = (period: BillingPeriod) => entries.some((cost) => cost.period === period);
    const toDate = latestPeriod === null ? [] : periods.filter((period) => period <= latestPeriod);
    const remaining = periods.slice(12 - monthsRemaining);
    const costRunRate = latestPeriod === null ? new Money(0) : costOf(latestPeriod);
    const costToDate = sek(toDate.map(costOf));
    const costForecast = costToDate.plus(sek(remaining.map((period) => (hasCost(period) ? costOf(period) : costRunRate))));
    const recoveryForecast = forecast.minus(costForecast);
    return {
      offering,
      billedToDateSek: actual.toFixed(2),
      costToDateSek: costToDate.toFixed(2),
      recoveryToDateSek: actual.minus(costToDate).toFixed(2),
      forecastSek: forecast.toFixed(2),
      costForecastSek: costForecast.toFixed(2),
      recoveryForecastSek: recoveryForecast.toFixed(2),
      recovery: recoveryForecast.isZero() ? 'balanced' : recoveryForecast.isPositive() ? 'over' : 'under',
      costsBySource: Object.fromEntries(
        COST_SOURCES.map((source) => [source, sek(entries.filter((cost) => cost.source === source).map((cost) => cost.amountSek)).toFixed(2)]),
      ) as Record<CostSource, string>,
    };
  });

  const total = (field: 'forecastSek' | 'costForecastSek' | 'recoveryForecastSek') => sek(offerings.map((o) => o[field])).toFixed(2);
  return {
    year,
    latestPeriod,
    monthsActual: runPeriods.size,
    monthsRemaining,
    customers,
    offerings,
    actualSek: sek(customers.map((c) => c.actualSek)).toFixed(2),
    forecastSek: total('forecastSek'),
    costForecastSek: total('costForecastSek'),
    recoveryForecastSek: total('recoveryForecastSek'),
  };
}
