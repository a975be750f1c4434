// Import of customer agreements (kundavtal): which optional offerings a customer takes.
import { rangesOverlap } from '../common/calendar.util';
import { groupBy } from '../common/collection.util';
import { andThen, checkRow, isoDate, optionalIsoDate, rangeEnd, requiredText } from '../common/csv-field.util';
import { readCsvTable, type CsvReadOptions, type RejectedRow } from '../common/csv-table.reader';
import type { Agreement } from './agreement.model';
import { customerCodeField } from './customer.model';

export const AGREEMENT_COLUMNS = ['kundkod', 'tjanstekod', 'giltig_fran', 'giltig_till'] as const;

export interface AgreementImport {
  agreements: Agreement[];
  rejected: RejectedRow[];
}

export interface AgreementReadOptions extends CsvReadOptions {
  /** When given, a kundkod outside it is rejected (e.g. the codes of parseCustomers). */
  knownCustomerCodes?: Iterable<string>;
  /** When given, a tjanstekod outside it is rejected (e.g. the codes of parsePriceList). */
  knownOfferingCodes?: Iterable<string>;
}

/**
 * Reads `kundkod;tjanstekod;giltig_fran;giltig_till` (any column order). Two rows for the
 * same customer and offering whose validity overlaps are both rejected, each naming the other.
 * @throws BillingException BROKEN_HEADER, BROKEN_CSV or BROKEN_ENCODING for a file that cannot be read at all.
 */
export function parseAgreements(bytes: Buffer, options: AgreementReadOptions = {}): AgreementImport {
  const table = readCsvTable(bytes, AGREEMENT_COLUMNS, 'agreements', options);
  const customers = options.knownCustomerCodes ? new Set(options.knownCustomerCodes) : undefined;
  const offerings = options.knownOfferingCodes ? new Set(options.knownOfferingCodes) : undefined;
  const rejected = [...table.rejected];
  const parsed: { line: number; agreement: Agreement }[] = [];

  for (const { line, values } of table.rows) {
    const validFrom = isoDate('giltig_fran', values['giltig_fran']);
    const row = checkRow(line, {
      kundkod: andThen(customerCodeField('kundkod', values['kundkod']), (code) =>
        customers && !customers.has(code) ? `kundkod: ${code} is not a known customer; add it to the customers first` : undefined,
      ),
      tjanstekod: andThen(requiredText('tjanstekod', values['tjanstekod'], 32), (code) =>
        offerings && !offerings.has(code) ? `tjanstekod: ${code} is not in the price list; use an offering code from it` : undefined,
      ),
      giltig_fran: validFrom,
      giltig_till: rangeEnd('giltig_till', validFrom, optionalIsoDate('giltig_till', values['giltig_till'])),
    });
    if (!row.ok) {
      rejected.push(...row.rejected);
      continue;
    }
    const { kundkod, tjanstekod, giltig_fran, giltig_till } = row.values;
    parsed.push({ line, agreement: { customerCode: kundkod, offeringCode: tjanstekod, validFrom: giltig_fran, validTo: giltig_till } });
  }

  const overlapping = new Set<number>();
  const byKey = groupBy(parsed, ({ agreement }) => `${agreement.customerCode};${agreement.offeringCode}`);
  for (const rows of byKey.values()) {
    for (const [index, a] of rows.entries()) {
      for (const b of rows.slice(index + 1)) {
        if (!rangesOverlap(a.agreement.validFrom, a.agreement.validTo, b.agreement.validFrom, b.agreement.validTo)) continue;
        overlapping.add(a.line).add(b.line);
        rejected.push(overlapMessage(a, b), overlapMessage(b, a));
      }
    }
  }

  rejected.sort((x, y) => x.line - y.line);
  return {
    agreements: parsed.filter(({ line }) => !overlapping.has(line)).map(({ agreement }) => agreement),
    rejected,
  };
}

function overlapMessage(self: { line: number; agreement: Agreement }, other: { line: number; agreement: Agreement }): RejectedRow {
  const range = (agreement: Agreement) => `${agreement.validFrom}..${agreement.validTo ?? 'open'}`;
  return {
    line: self.line,
    field: 'giltig_fran',
    message:
      `giltig_fran: ${self.agreement.customerCode} ${self.agreement.offeringCode} valid ${range(self.agreement)} ` +
      `overlaps line ${other.line} (${range(other.agreement)}); one agreement per customer and offering per day`,
  };
}
