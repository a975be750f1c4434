import type { Invoice } from '@itops/billing/domain';

/** An invoice line as the CLI, the service desk and the finance export read it. */
export interface RunLineView {
  offering: string;
  name: string;
  measure: string;
  quantity: string;
  unitPriceSek: string;
  amountSek: string;
  /** The ledger items behind the line (for a correction: those that changed). */
  items: string[];
  /** Only on a credit or debit line for an issued period. */
  correction?: true;
  correctsPeriod?: string;
  reason?: string;
}

export interface InvoiceView {
  /** Set once the run is stored; the id InvoiceIssued carries. */
  invoiceId?: string;
  customer: string;
  lines: RunLineView[];
  totalSek: string;
}

/** `{"period", "invoices": [{"customer", "lines": [{"offering", "quantity", "unitPriceSek", "amountSek", "items"}], "totalSek"}], "totalSek"}` and more. */
export interface RunView {
  runId: string;
  period: string;
  status: 'draft' | 'issued';
  issuedAt: string | null;
  invoices: InvoiceView[];
  totalSek: string;
}

export function toRunView(
  run: { runId: string; period: string; status: 'draft' | 'issued'; issuedAt: Date | null; totalSek: string },
  invoices: readonly (Invoice & { id?: string })[],
): RunView {
  return {
    runId: run.runId,
    period: run.period,
    status: run.status,
    issuedAt: run.issuedAt ? run.issuedAt.toISOString() : null,
    totalSek: run.totalSek,
    invoices: invoices.map((invoice) => ({
      ...(invoice.id ? { invoiceId: invoice.id } : {}),
      customer: invoice.customerCode,
      totalSek: invoice.totalSek,
      lines: invoice.lines.map((line) => ({
        offering: line.offeringCode,
        name: line.offeringName,
        measure: line.measure,
        quantity: line.quantity,
        unitPriceSek: line.unitPriceSek,
        amountSek: line.amountSek,
        items: line.itemIds,
        ...(line.correctsPeriod ? { correction: true as const, correctsPeriod: line.correctsPeriod, reason: line.reason ?? '' } : {}),
      })),
    })),
  };
}
