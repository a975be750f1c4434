// Import of the price list (prislista) CSV. Good rows go on while bad rows are rejected
// with their line and field, so finance can fix a 100-row list in one round.
import { rangesOverlap } from '../common/calendar.util';
import { groupBy } from '../common/collection.util';
import { checkRow, isoDate, oneOf, optionalIsoDate, priceSek, rangeEnd, requiredText } from '../common/csv-field.util';
import { readCsvTable, type CsvReadOptions, type RejectedRow } from '../common/csv-table.reader';
import { MEASURES, OFFERING_TYPES, type PriceListEntry } from './price-list.model';

export const PRICE_LIST_COLUMNS = [
  'tjanstekod',
  'tjanst',
  'enhet',
  'matt',
  'pris_sek',
  'giltig_fran',
  'giltig_till',
  'typ',
] as const;

export interface PriceListImport {
  entries: PriceListEntry[];
  rejected: RejectedRow[];
}

/**
 * Reads a price list: `;`-separated, the columns of PRICE_LIST_COLUMNS in any order
 * (extra columns are ignored), UTF-8 (with or without BOM) or Latin-1.
 * Two rows for the same tjanstekod whose validity overlaps are both rejected, each naming
 * the other line: which price is right is for finance to say, not for the import to guess.
 * @throws BillingException BROKEN_HEADER, BROKEN_CSV or BROKEN_ENCODING for a file that cannot be read at all.
 */
export function parsePriceList(bytes: Buffer, options: CsvReadOptions = {}): PriceListImport {
  const table = readCsvTable(bytes, PRICE_LIST_COLUMNS, 'price list', options);
  const rejected = [...table.rejected];
  const parsed: { line: number; entry: PriceListEntry }[] = [];

  for (const { line, values } of table.rows) {
    const validFrom = isoDate('giltig_fran', values['giltig_fran']);
    const row = checkRow(line, {
      tjanstekod: requiredText('tjanstekod', values['tjanstekod'], 32),
      tjanst: requiredText('tjanst', values['tjanst']),
      enhet: requiredText('enhet', values['enhet'], 50),
      matt: oneOf('matt', values['matt'], MEASURES),
      pris_sek: priceSek('pris_sek', values['pris_sek']),
      giltig_fran: validFrom,
      giltig_till: rangeEnd('giltig_till', validFrom, optionalIsoDate('giltig_till', values['giltig_till'])),
      typ: oneOf('typ', values['typ'], OFFERING_TYPES),
    });
    if (!row.ok) {
      rejected.push(...row.rejected);
      continue;
    }
    const { tjanstekod, tjanst, enhet, matt, pris_sek, giltig_fran, giltig_till, typ } = row.values;
    parsed.push({
      line,
      entry: {
        offeringCode: tjanstekod,
        offeringName: tjanst,
        unit: enhet,
        measure: matt,
        priceSek: pris_sek,
        validFrom: giltig_fran,
        validTo: giltig_till,
        offeringType: typ,
      },
    });
  }

  const overlapping = new Set<number>();
  for (const [code, rows] of groupBy(parsed, ({ entry }) => entry.offeringCode)) {
    for (const [index, a] of rows.entries()) {
      for (const b of rows.slice(index + 1)) {
        if (!rangesOverlap(a.entry.validFrom, a.entry.validTo, b.entry.validFrom, b.entry.validTo)) continue;
        overlapping.add(a.line).add(b.line);
        rejected.push(overlapMessage(code, a, b), overlapMessage(code, b, a));
      }
    }
  }

  rejected.sort((x, y) => x.line - y.line);
  return { entries: parsed.filter(({ line }) => !overlapping.has(line)).map(({ entry }) => entry), rejected };
}

function overlapMessage(
  code: string,
  self: { line: number; entry: PriceListEntry },
  other: { line: number; entry: PriceListEntry },
): RejectedRow {
  const range = (entry: PriceListEntry) => `${entry.validFrom}..${entry.validTo ?? 'open'}`;
  return {
    line: self.line,
    field: 'giltig_fran',
    message:
      `giltig_fran: tjanstekod ${code} valid ${range(self.entry)} overlaps line ${other.line} (${range(other.entry)}); ` +
      'one offering may have only one price per day, so end the older row the day before the newer begins',
  };
}
