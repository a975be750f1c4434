import { isUtf8 } from 'node:buffer';
import { CsvError, parse } from 'csv-parse/sync';
import { Employment } from './employment.model';
import { HrFeedException, HrFeedExceptionCode } from './hr-feed.exception';
import { checkSnapshotRow, SNAPSHOT_COLUMNS, SnapshotColumn, SnapshotRow } from './snapshot-row.rules';

export type SnapshotEncoding = 'utf8' | 'latin1';

export interface ParseSnapshotOptions {
  /** utf8 (with or without BOM) or latin1 (ISO-8859-1), as the export was configured. */
  readonly encoding: SnapshotEncoding;
  /** The customer codes of the customer register; a row for any other code is rejected. */
  readonly knownCustomers: ReadonlySet<string>;
}

/** Why one row was left out. A row with several problems gives one rejection per problem. */
export interface Rejection {
  /** 1-based line in the file; the header is line 1. */
  readonly line: number;
  /** The column at fault, or `row` when the row as a whole is unusable. */
  readonly field: SnapshotColumn | 'row';
  /** Names the field, the problem and what is allowed. Never contains a personnummer. */
  readonly message: string;
  /**
   * The row's anstallningsnr when it has one, so that an employment whose row was rejected is held
   * as it was rather than read as a leaver (see diffSnapshots).
   */
  readonly employmentId: string | null;
}

export interface ParsedSnapshot {
  readonly employments: Employment[];
  readonly rejected: Rejection[];
  /** Header columns that are not part of the format; they are ignored. */
  readonly ignoredColumns: string[];
  /** The line of each employment id's first row: where a rule checked later (e.g. withoutBookingIds) points. */
  readonly lineOf: ReadonlyMap<string, number>;
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Parses an HR snapshot export: `;`-separated, header row, columns in any order.
 * Good rows become employments; each bad row is rejected with its line and reason and the rest go on.
 * The file as a whole is refused (HrFeedException) when its header or encoding is broken, since then
 * no row can be trusted. Values are trimmed and otherwise kept verbatim: characters such as `*)(`,
 * `\`, `=cmd|`, `+` and `@` are data here (escaping belongs to the LDAP layer and to exports).
 */
export function parseSnapshot(bytes: Buffer | Uint8Array, options: ParseSnapshotOptions): ParsedSnapshot {
  const text = decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), options.encoding);
  const records = readRecords(text);
  if (records.length === 0) {
    throw new HrFeedException(
      HrFeedExceptionCode.BROKEN_HEADER,
      `the file is empty; expected a header row with the columns ${SNAPSHOT_COLUMNS.join(';')}`,
    );
  }

  const [header, ...rows] = records;
  const { columnIndex, ignoredColumns } = readHeader(header.fields, header.line);

  const employments: Employment[] = [];
  const rejected: Rejection[] = [];
  const firstLineOf = new Map<string, number>();
  for (const { fields, line } of rows) {
    const idIndex = columnIndex.get('anstallningsnr') as number;
    const employmentId = fields[idIndex]?.trim() || null;
    if (fields.length !== header.fields.length) {
      rejected.push({
        line,
        field: 'row',
        message: `row has ${fields.length} fields but the header has ${header.fields.length}; fields are separated by ';' and a value containing ';' must be quoted`,
        employmentId,
      });
      continue;
    }

    const row = Object.fromEntries(
      SNAPSHOT_COLUMNS.map((column) => [column, fields[columnIndex.get(column) as number].trim()]),
    ) as SnapshotRow;
    const { employment, problems } = checkSnapshotRow(row, options.knownCustomers);
    const rowRejections: Rejection[] = problems.map((p) => ({ line, ...p, employmentId }));

    if (employmentId !== null) {
      const firstLine = firstLineOf.get(employmentId);
      if (firstLine === undefined) {
        firstLineOf.set(employmentId, line);
      } else {
        rowRejections.unshift({
          line,
          field: 'anstallningsnr',
          message: `anstallningsnr '${employmentId}' is a duplicate of line ${firstLine}; allowed: each employment once per file`,
          employmentId,
        });
      }
    }

    if (rowRejections.length > 0 || employment === null) {
      rejected.push(...rowRejections);
    } else {
      employments.push(employment);
    }
  }
  return { employments, rejected, ignoredColumns, lineOf: firstLineOf };
}

function decode(bytes: Buffer, encoding: SnapshotEncoding): string {
  if (encoding === 'latin1') {
    // Every byte is a valid ISO-8859-1 character, so a UTF-8 file read as latin1 would silently turn
    // å into Ã¥. A UTF-8 BOM is the one unambiguous sign of that mistake.
    if (bytes.subarray(0, 3).equals(UTF8_BOM)) {
      throw new HrFeedException(
        HrFeedExceptionCode.BAD_ENCODING,
        'the file starts with a UTF-8 byte order mark but encoding latin1 was given; use --encoding utf8',
      );
    }
    return bytes.toString('latin1');
  }
  if (!isUtf8(bytes)) {
    throw new HrFeedException(
      HrFeedExceptionCode.BAD_ENCODING,
      `the file is not valid UTF-8 (first invalid byte on line ${firstNonUtf8Line(bytes)}); if it was exported as ISO-8859-1, use --encoding latin1`,
    );
  }
  // The BOM is left in place for csv-parse's `bom` option to strip.
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
}

/** A newline byte never occurs inside a multi-byte UTF-8 sequence, so lines can be checked one by one. */
function firstNonUtf8Line(bytes: Buffer): number {
  let line = 1;
  let start = 0;
  for (;;) {
    const end = bytes.indexOf(0x0a, start);
    if (!isUtf8(bytes.subarray(start, end === -1 ? bytes.length : end))) return line;
    if (end === -1) return line;
    line += 1;
    start = end + 1;
  }
}

interface CsvRecord {
  readonly fields: string[];
  /** 1-based line on which the record starts. */
  readonly line: number;
}

function readRecords(text: string): CsvRecord[] {
  // One line-break convention, so line numbers count the way an editor shows them.
  const normalised = text.replace(/\r\n?/g, '\n');
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    // With `info: true` each record comes as { record, info }; the library's overloads do not say so.
    parsed = parse(normalised, {
      delimiter: ';',
      bom: true,
      info: true,
      // Column count is checked per row against the header, so one short row is rejected alone.
      relax_column_count: true,
      // A stray quote inside an unquoted value (Anna "Lisa") is data, not a syntax error.
      relax_quotes: true,
      skip_empty_lines: true,
      // A line of only spaces or only ';' carries no data, like a blank line (export tools pad files so).
      skip_records_with_empty_values: true,
    }) as unknown as typeof parsed;
  } catch (error) {
    if (error instanceof CsvError) {
      const line = error['lines'];
      throw new HrFeedException(
        HrFeedExceptionCode.MALFORMED_CSV,
        error.code === 'CSV_QUOTE_NOT_CLOSED'
          ? `a quoted value is never closed (the file ends at line ${line} inside quotes); a value that starts with '"' must end with '"'`
          : `the file is not valid ';'-separated CSV near line ${line}: ${error.message}`,
        { cause: error },
      );
    }
    throw error;
  }
  // csv-parse reports the line a record ends on; a quoted value spanning lines moves the start back.
  return parsed.map(({ record, info }) => ({
    fields: record,
    line: info.lines - record.reduce((n, field) => n + (field.match(/\n/g)?.length ?? 0), 0),
  }));
}

/** Folds a header name so `Anställningsnr ` and `anstallningsnr` are the same column. */
function foldHeaderName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}

function readHeader(
  names: string[],
  line: number,
): { columnIndex: Map<SnapshotColumn, number>; ignoredColumns: string[] } {
  const known = new Set<string>(SNAPSHOT_COLUMNS);
  const columnIndex = new Map<SnapshotColumn, number>();
  const ignoredColumns: string[] = [];
  names.forEach((raw, index) => {
    const name = foldHeaderName(raw);
    if (!known.has(name)) {
      if (name !== '') ignoredColumns.push(raw.trim());
      return;
    }
    if (columnIndex.has(name as SnapshotColumn)) {
      throw new HrFeedException(
        HrFeedExceptionCode.BROKEN_HEADER,
        `header (line ${line}) names column ${name} twice; allowed: each column once`,
      );
    }
    columnIndex.set(name as SnapshotColumn, index);
  });
  const missing = SNAPSHOT_COLUMNS.filter((column) => !columnIndex.has(column));
  if (missing.length > 0) {
    throw new HrFeedException(
      HrFeedExceptionCode.BROKEN_HEADER,
      `header (line ${line}) lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; ` +
        `required: ${SNAPSHOT_COLUMNS.join(';')} in any order, separated by ';'`,
    );
  }
  return { columnIndex, ignoredColumns };
}
