// The file the finance system imports (ekonomisystemet): one row per invoice line with the
// accounting string it books on (customer code, cost centre, offering, amount). The format is
// described for finance in docs/billing.md; change both together.
import type { Customer } from '../catalogue/customer.model';
import { Money, formatQuantity, formatUnitPrice } from '../common/money.util';
import type { Invoice } from '../pricing/invoice.model';

export const EXPORT_COLUMNS = ['period', 'kundkod', 'kostnadsstalle', 'tjanstekod', 'tjanst', 'antal', 'a_pris_sek', 'belopp_sek', 'rad'] as const;

/** One exported invoice line; the keys are the CSV columns, the JSON format uses the same. */
export interface ExportRow {
  /** The invoice's period, YYYY-MM. */
  period: string;
  kundkod: string;
  /** The customer's first cost centre in the customer file; empty when it has none. */
  kostnadsstalle: string;
  tjanstekod: string;
  /** The offering's name; on a correction line followed by " (rättelse YYYY-MM)". */
  tjanst: string;
  /** Quantity, "." as separator, at most 4 decimals; negative on a credit. */
  antal: string;
  /** Unit price in SEK, "." and at least 2 decimals. */
  a_pris_sek: string;
  /** Amount in SEK, "." and exactly 2 decimals; negative on a credit. */
  belopp_sek: string;
  /** The line's number on the customer's invoice, from 1. */
  rad: number;
  /** Only on a correction line: the issued period it corrects. */
  korrigerar?: string;
  /** Only on a correction line: why. */
  orsak?: string;
}

/**
 * The export rows of a period's invoices, in invoice order (by customer code) and line
 * order. The cost centre is the customer's first listed cost centre: the customer file
 * lists the one that pays first.
 */
export function exportRows(invoices: readonly Invoice[], customers: readonly Customer[]): ExportRow[] {
  const costCentreOf = new Map(customers.map((customer) => [customer.code, customer.costCentres[0] ?? '']));
  return [...invoices]
    .sort((a, b) => a.customerCode.localeCompare(b.customerCode))
    .flatMap((invoice) =>
      invoice.lines.map((line, index): ExportRow => ({
        period: invoice.period,
        kundkod: invoice.customerCode,
        kostnadsstalle: costCentreOf.get(invoice.customerCode) ?? '',
        tjanstekod: line.offeringCode,
        tjanst: line.correctsPeriod ? `${line.offeringName} (rättelse ${line.correctsPeriod})` : line.offeringName,
        antal: formatQuantity(new Money(line.quantity)),
        a_pris_sek: formatUnitPrice(new Money(line.unitPriceSek)),
        belopp_sek: new Money(line.amountSek).toFixed(2),
        rad: index + 1,
        ...(line.correctsPeriod ? { korrigerar: line.correctsPeriod, orsak: line.reason ?? '' } : {}),
      })),
    );
}

/**
 * The rows as `;`-separated CSV with the header EXPORT_COLUMNS, UTF-8, lines ending in CRLF
 * (RFC 4180). A value holding `;`, `"` or a line break is quoted, with `"` doubled.
 */
export function formatExportCsv(rows: readonly ExportRow[]): string {
  const field = (value: string | number) => {
    const text = String(value);
    return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [EXPORT_COLUMNS.join(';'), ...rows.map((row) => EXPORT_COLUMNS.map((column) => field(row[column])).join(';'))]
    .map((line) => `${line}\r\n`)
    .join('');
}
