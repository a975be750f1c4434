import { countOf, formatTable, plural, stockholmTime, text } from '../output.format';

export interface InvoiceLine {
  offering: string;
  quantity: string | number;
  unitPriceSek: string | number;
  amountSek: string | number;
  /** The ledger items behind the line, or their count. */
  items?: unknown;
  /** Set on a credit or debit line for an issued period. */
  correction?: boolean;
  correctsPeriod?: string;
  reason?: string;
}

export interface Invoice {
  customer: string;
  lines: InvoiceLine[];
  totalSek: string | number;
}

export interface BillingRunAnswer {
  period: string;
  /** draft or issued. */
  status?: string;
  issuedAt?: string | null;
  invoices: Invoice[];
  totalSek: string | number;
}

/**
 * A table per customer, then the run's total. Amounts print as billing sent them (exact
 * öre). Corrections of issued periods follow each invoice's own lines, with their reason.
 */
export function formatBillingRun(run: BillingRunAnswer): string {
  const invoices = run.invoices ?? [];
  const state = run.status ? ` (${run.status}${run.issuedAt ? ` ${stockholmTime(new Date(run.issuedAt))}` : ''})` : '';
  const lines = [`billing run ${run.period}${state}: ${plural(invoices.length, 'invoice')}, total ${text(run.totalSek)} SEK`];
  for (const invoice of invoices) {
    const own = (invoice.lines ?? []).filter((line) => !line.correction);
    const corrections = (invoice.lines ?? []).filter((line) => line.correction);
    lines.push('', `${invoice.customer}  total ${text(invoice.totalSek)} SEK`);
    if (own.length > 0 || corrections.length === 0) {
      lines.push(
        formatTable<InvoiceLine>(
          [
            { header: 'offering', value: (line) => line.offering },
            { header: 'quantity', value: (line) => line.quantity, align: 'right' },
            { header: 'unit price SEK', value: (line) => line.unitPriceSek, align: 'right' },
            { header: 'amount SEK', value: (line) => line.amountSek, align: 'right' },
            { header: 'items', value: (line) => countOf(line.items) ?? line.items, align: 'right' },
          ],
          own,
          '  ',
        ),
      );
    }
    if (corrections.length > 0) {
      lines.push(
        '  corrections of issued periods:',
        formatTable<InvoiceLine>(
          [
            { header: 'offering', value: (line) => line.offering },
            { header: 'corrects', value: (line) => line.correctsPeriod },
            { header: 'quantity', value: (line) => line.quantity, align: 'right' },
            { header: 'unit price SEK', value: (line) => line.unitPriceSek, align: 'right' },
            { header: 'amount SEK', value: (line) => line.amountSek, align: 'right' },
            { header: 'reason', value: (line) => line.reason },
          ],
          corrections,
          '  ',
        ),
      );
    }
  }
  return lines.join('\n');
}

export interface OfferingForecast {
  offering: string;
  actualSek: string;
  runRateSek: string;
  forecastSek: string;
}

export interface ForecastAnswer {
  year: number;
  latestPeriod: string | null;
  monthsActual: number;
  monthsRemaining: number;
  customers: { customer: string; offerings: OfferingForecast[]; actualSek: string; forecastSek: string }[];
  offerings: {
    offering: string;
    billedToDateSek: string;
    costToDateSek: string;
    forecastSek: string;
    costForecastSek: string;
    recoveryForecastSek: string;
    recovery: string;
  }[];
  actualSek: string;
  forecastSek: string;
  costForecastSek: string;
  recoveryForecastSek: string;
}

type CustomerRow = OfferingForecast & { customer: string };

/** The forecast per customer and offering, then over/under-recovery per offering. */
export function formatForecast(forecast: ForecastAnswer): string {
  const basis =
    forecast.latestPeriod === null
      ? 'no billing run yet'
      : `runs of ${plural(forecast.monthsActual, 'month')} up to ${forecast.latestPeriod}, ${plural(forecast.monthsRemaining, 'month')} at its run rate`;
  const rows: CustomerRow[] = (forecast.customers ?? []).flatMap((customer) => customer.offerings.map((offering) => ({ customer: customer.customer, ...offering })));
  const lines = [
    `forecast ${forecast.year}: ${basis}`,
    `actual ${forecast.actualSek} SEK, forecast ${forecast.forecastSek} SEK, costs ${forecast.costForecastSek} SEK, recovery ${forecast.recoveryForecastSek} SEK`,
  ];
  if (rows.length > 0) {
    lines.push(
      '',
      formatTable<CustomerRow>(
        [
          { header: 'customer', value: (row) => row.customer },
          { header: 'offering', value: (row) => row.offering },
          { header: 'actual SEK', value: (row) => row.actualSek, align: 'right' },
          { header: 'run rate SEK/month', value: (row) => row.runRateSek, align: 'right' },
          { header: 'forecast SEK', value: (row) => row.forecastSek, align: 'right' },
        ],
        rows,
      ),
    );
  }
  if ((forecast.offerings ?? []).length > 0) {
    lines.push(
      '',
      'over/under-recovery per offering:',
      formatTable(
        [
          { header: 'offering', value: (row) => row.offering },
          { header: 'billed SEK', value: (row) => row.billedToDateSek, align: 'right' },
          { header: 'cost SEK', value: (row) => row.costToDateSek, align: 'right' },
          { header: 'forecast SEK', value: (row) => row.forecastSek, align: 'right' },
          { header: 'cost forecast SEK', value: (row) => row.costForecastSek, align: 'right' },
          { header: 'recovery SEK', value: (row) => row.recoveryForecastSek, align: 'right' },
          { header: '', value: (row) => row.recovery },
        ],
        forecast.offerings,
        '  ',
      ),
    );
  }
  return lines.join('\n');
}
