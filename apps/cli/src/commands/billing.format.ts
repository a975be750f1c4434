import { countOf, formatTable, plural, text } from '../output.format';

export interface InvoiceLine {
  offering: string;
  quantity: string | number;
  unitPriceSek: string | number;
  amountSek: string | number;
  /** The ledger items behind the line, or their count. */
  items?: unknown;
}

export interface Invoice {
  customer: string;
  lines: InvoiceLine[];
  totalSek: string | number;
}

export interface BillingRunAnswer {
  period: string;
  invoices: Invoice[];
  totalSek: string | number;
}

/** A table per customer, then the run's total. Amounts print as billing sent them (exact öre). */
export function formatBillingRun(run: BillingRunAnswer): string {
  const invoices = run.invoices ?? [];
  const lines = [`billing run ${run.period}: ${plural(invoices.length, 'invoice')}, total ${text(run.totalSek)} SEK`];
  for (const invoice of invoices) {
    lines.push(
      '',
      `${invoice.customer}  total ${text(invoice.totalSek)} SEK`,
      formatTable<InvoiceLine>(
        [
          { header: 'offering', value: (line) => line.offering },
          { header: 'quantity', value: (line) => line.quantity, align: 'right' },
          { header: 'unit price SEK', value: (line) => line.unitPriceSek, align: 'right' },
          { header: 'amount SEK', value: (line) => line.amountSek, align: 'right' },
          { header: 'items', value: (line) => countOf(line.items) ?? line.items, align: 'right' },
        ],
        invoice.lines ?? [],
        '  ',
      ),
    );
  }
  return lines.join('\n');
}
