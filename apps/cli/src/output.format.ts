// Human output: short aligned tables and key: value lines. Values are printed as the service
// sent them (amounts stay decimal strings, never re-rounded through a binary float).

export type Align = 'left' | 'right';

export interface Column<Row> {
  header: string;
  value: (row: Row) => unknown;
  align?: Align;
}

/** A plain-text table: a header line, then one line per row, columns two spaces apart. */
export function formatTable<Row>(columns: readonly Column<Row>[], rows: readonly Row[], indent = ''): string {
  const cells = rows.map((row) => columns.map((column) => text(column.value(row))));
  const widths = columns.map((column, index) => Math.max(column.header.length, ...cells.map((line) => line[index].length)));
  const line = (values: string[]) =>
    indent +
    values
      .map((value, index) => (columns[index].align === 'right' ? value.padStart(widths[index]) : value.padEnd(widths[index])))
      .join('  ')
      .trimEnd();
  return [line(columns.map((column) => column.header)), ...cells.map(line)].join('\n');
}

/** One value as a table cell or after "key:": absent is "-", lists are comma-separated. */
export function text(value: unknown): string {
  if (value === null || value === undefined || value === '') return '-';
  if (Array.isArray(value)) return value.every(isScalar) ? value.map(text).join(', ') : `${value.length} items`;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

const isScalar = (value: unknown): boolean => value === null || typeof value !== 'object';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Any JSON answer as indented `key: value` lines: nested objects indent, lists of scalars
 * are comma-separated, lists of objects become "-" entries.
 */
export function formatRecord(value: unknown, indent = ''): string {
  if (Array.isArray(value) && !value.every(isScalar)) {
    // A service's `details`: one entry per bad field, each shown rather than counted.
    return value.map((entry) => `${indent}- ${formatRecord(entry, `${indent}  `).trimStart()}`).join('\n');
  }
  if (!isRecord(value)) return `${indent}${text(value)}`;
  const keys = Object.keys(value);
  if (keys.length === 0) return `${indent}(empty)`;
  const width = Math.max(...keys.map((key) => key.length)) + 1;
  const lines: string[] = [];
  for (const key of keys) {
    const field = value[key];
    if (isRecord(field)) {
      lines.push(`${indent}${key}:`, formatRecord(field, `${indent}  `));
    } else if (Array.isArray(field) && field.length > 0 && !field.every(isScalar)) {
      lines.push(`${indent}${key}:`);
      for (const entry of field) {
        const nested = formatRecord(entry, `${indent}    `);
        lines.push(`${indent}  - ${nested.trimStart()}`);
      }
    } else {
      lines.push(`${indent}${`${key}:`.padEnd(width)} ${text(field)}`);
    }
  }
  return lines.join('\n');
}

/** `--json`: the answer exactly as the service sent it, pretty-printed. */
export const toJson = (value: unknown): string => JSON.stringify(value ?? null, null, 2);

/** "1 row", "3 rows". */
export const plural = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;

/** A count given as a number or as the list itself. */
export function countOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (Array.isArray(value)) return value.length;
  return undefined;
}

/** An instant as Stockholm wall-clock time, which is what operators read invoices and logs in. */
export function stockholmTime(instant: Date): string {
  return `${instant.toLocaleString('sv-SE', { timeZone: 'Europe/Stockholm', hour12: false })} (Europe/Stockholm)`;
}

export interface RejectedRow {
  line: number;
  field: string;
  message: string;
}

export const rejectedTable = (rows: readonly RejectedRow[], indent = '  '): string =>
  formatTable<RejectedRow>(
    [
      { header: 'line', value: (row) => row.line, align: 'right' },
      { header: 'field', value: (row) => row.field },
      { header: 'message', value: (row) => row.message },
    ],
    rows,
    indent,
  );

/** A file import's answer (price list, customers): its counts, then the rejected rows. */
export function formatImportAnswer(label: string, answer: unknown): string {
  if (!isRecord(answer)) return `${label}: ${text(answer)}`;
  const { rejected, ...rest } = answer;
  const rows = Array.isArray(rejected) ? (rejected as RejectedRow[]) : [];
  const lines = [`${label}:`];
  if (Object.keys(rest).length > 0) lines.push(formatRecord(summarise(rest), '  '));
  lines.push(rows.length === 0 ? '  no rows rejected' : `  ${plural(rows.length, 'row')} rejected:\n${rejectedTable(rows, '    ')}`);
  return lines.join('\n');
}

/** Lists of objects (what was imported) shown by their count, not row by row. */
function summarise(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(record).map(([key, value]) => [key, Array.isArray(value) && !value.every(isScalar) ? value.length : value]),
  );
}
