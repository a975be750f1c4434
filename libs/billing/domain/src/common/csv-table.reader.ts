// The shared reading of the semicolon-separated files finance exports from Excel: decode,
// drop a byte-order mark, check the header, and hand back the rows by column name with
// their line numbers, so each parser only judges values. A broken header or broken CSV
// refuses the whole file; a row with the wrong number of fields is rejected on its own.
import { parse } from 'csv-parse/sync';
import { BillingException, BillingExceptionCode } from '../billing.exception';

export type CsvEncoding = 'utf8' | 'latin1';

export interface CsvReadOptions {
  /** Text encoding of the file; default utf8. A UTF-8 byte-order mark wins over this. */
  encoding?: CsvEncoding;
}

/** One refused row (or one refused field of a row): the line in the file, the column and why. */
export interface RejectedRow {
  /** 1-based line in the file; the header is line 1. */
  line: number;
  /** Column name as in the header, e.g. "pris_sek". */
  field: string;
  message: string;
}

export interface CsvRow {
  line: number;
  /** Values by lower-case column name, trimmed. */
  values: Readonly<Record<string, string>>;
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export function readCsvTable(
  bytes: Buffer,
  columns: readonly string[],
  fileLabel: string,
  options: CsvReadOptions = {},
): { rows: CsvRow[]; rejected: RejectedRow[] } {
  const text = decode(bytes, options.encoding ?? 'utf8', fileLabel);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With `info: true` each record comes as { record, info }; the typings do not model that.
    records = parse(text, {
      delimiter: ';',
      info: true,
      trim: true,
      relax_column_count: true,
      skip_empty_lines: true,
      // Excel writes rows of bare separators for blank rows.
      skip_records_with_empty_values: true,
    }) as unknown as typeof records;
  } catch (error) {
    throw new BillingException(
      BillingExceptionCode.BROKEN_CSV,
      `${fileLabel}: not readable as semicolon-separated CSV: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const [head, ...body] = records;
  const header = checkHeader(head?.record ?? [], columns, fileLabel);

  const rows: CsvRow[] = [];
  const rejected: RejectedRow[] = [];
  for (const { record, info } of body) {
    const line = firstLineOf(record, info.lines);
    if (record.length < header.length) {
      rejected.push({
        line,
        field: header[record.length],
        message: `${header[record.length]}: missing; the row has ${record.length} fields, the header ${header.length}`,
      });
      continue;
    }
    const extra = record.slice(header.length).findIndex((value) => value !== '');
    if (extra >= 0) {
      const position = header.length + extra + 1;
      rejected.push({
        line,
        field: `column ${position}`,
        message: `column ${position}: "${record[position - 1]}" lies beyond the header's ${header.length} columns; remove it or add a column to the header`,
      });
      continue;
    }
    rows.push({ line, values: Object.fromEntries(header.map((name, index) => [name, record[index]])) });
  }
  return { rows, rejected };
}

function decode(bytes: Buffer, encoding: CsvEncoding, fileLabel: string): string {
  // The byte-order mark says the file is UTF-8, whatever the caller believed.
  if (bytes.subarray(0, 3).equals(UTF8_BOM)) return decodeUtf8(bytes.subarray(3), fileLabel);
  return encoding === 'latin1' ? bytes.toString('latin1') : decodeUtf8(bytes, fileLabel);
}

function decodeUtf8(bytes: Buffer, fileLabel: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new BillingException(
      BillingExceptionCode.BROKEN_ENCODING,
      `${fileLabel}: not valid UTF-8; an Excel export in Latin-1 (Windows-1252) should be read with encoding "latin1"`,
      { cause: error },
    );
  }
}

function checkHeader(record: readonly string[], columns: readonly string[], fileLabel: string): string[] {
  const expected = columns.join(';');
  if (record.length === 0) {
    throw new BillingException(BillingExceptionCode.BROKEN_HEADER, `${fileLabel}: empty; expected the header ${expected}`);
  }
  const header = record.map((name) => name.trim().toLowerCase());
  const repeated = header.filter((name, index) => name !== '' && header.indexOf(name) !== index);
  if (repeated.length > 0) {
    throw new BillingException(
      BillingExceptionCode.BROKEN_HEADER,
      `${fileLabel}: header repeats ${[...new Set(repeated)].join(', ')}; each column may appear once (expected ${expected})`,
    );
  }
  const missing = columns.filter((name) => !header.includes(name));
  if (missing.length > 0) {
    throw new BillingException(
      BillingExceptionCode.BROKEN_HEADER,
      `${fileLabel}: header lacks ${missing.join(', ')}; expected the columns ${expected} in any order (got ${header.join(';')})`,
    );
  }
  return header;
}

/** csv-parse reports the line a record ends on; a quoted field may span lines. */
function firstLineOf(record: readonly string[], lastLine: number): number {
  return lastLine - record.reduce((newlines, value) => newlines + (value.match(/\n/g)?.length ?? 0), 0);
}
