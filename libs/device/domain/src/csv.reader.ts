import { parse } from 'csv-parse/sync';
import { DeviceException, DeviceExceptionCode } from './device.exception';

/** A row the import did not take, with the file's line number and why. */
export interface RejectedRow {
  line: number;
  field: string;
  message: string;
}

export interface CsvRow<K extends string> {
  /** Line in the file (the header is line 1). */
  line: number;
  values: Record<K, string>;
}

/**
 * The columns a file must (or may) have: the canonical key and the header names accepted for it,
 * compared case-insensitively without spaces, so "Serial number", "SerialNumber" and
 * "serial_number" are one column.
 */
export type ColumnSpec<K extends string> = Readonly<Record<K, { names: readonly string[]; required: boolean }>>;

const normalise = (header: string): string => header.replace(/^\uFEFF/, '').toLowerCase().replace(/[\s_-]+/g, '');

/**
 * Reads a CSV file (UTF-8, with or without BOM; "," or ";" as the header line shows) into rows
 * keyed by column. Extra columns are ignored.
 * @throws DeviceException BROKEN_FILE when the file is empty, a required column is missing or the CSV is broken.
 */
export function readCsv<K extends string>(bytes: Buffer, columns: ColumnSpec<K>, what: string): CsvRow<K>[] {
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  if (firstLine.trim() === '') throw new DeviceException(DeviceExceptionCode.BROKEN_FILE, `the ${what} is empty; expected a header row and one row per line`);
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: string[][];
  try {
    records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true, trim: true });
  } catch (error) {
    throw new DeviceException(DeviceExceptionCode.BROKEN_FILE, `the ${what} is not valid CSV: ${error instanceof Error ? error.message : String(error)}`);
  }
  const [header, ...body] = records;
  const position = new Map(header.map((name, index) => [normalise(name), index] as const));
  const indexOf = {} as Record<K, number | undefined>;
  const missing: string[] = [];
  for (const key of Object.keys(columns) as K[]) {
    const found = columns[key].names.map((name) => position.get(normalise(name))).find((index) => index !== undefined);
    indexOf[key] = found;
    if (found === undefined && columns[key].required) missing.push(`"${columns[key].names[0]}"`);
  }
  if (missing.length > 0) {
    throw new DeviceException(
      DeviceExceptionCode.BROKEN_FILE,
      `the ${what} has no column ${missing.join(', ')}; the header row must name it (found: ${header.map((h) => `"${h}"`).join(', ')})`,
    );
  }
  // Lines: skip_empty_lines drops blank lines, so count them from the text for exact numbers.
  const lines = lineNumbers(text, body.length);
  return body.map((record, index) => {
    const values = {} as Record<K, string>;
    for (const key of Object.keys(columns) as K[]) {
      const at = indexOf[key];
      values[key] = at === undefined ? '' : (record[at] ?? '').trim();
    }
    return { line: lines[index], values };
  });
}

/** The line numbers of the non-blank lines after the header (quoted line breaks are rare in these exports). */
function lineNumbers(text: string, count: number): number[] {
  const result: number[] = [];
  const all = text.split(/\r?\n/);
  for (let i = 1; i < all.length && result.length < count; i++) if (all[i].trim() !== '') result.push(i + 1);
  while (result.length < count) result.push(result.length + 2);
  return result;
}
