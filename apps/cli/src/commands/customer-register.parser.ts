// Reads just enough of the customers CSV (kundkod;namn;typ;kostnadsstallen) for hr-feed's
// register of known customers. billing reads the whole file itself and judges typ and the
// cost centres; here a row without a valid kundkod or namn stops the import before anything
// is sent, because hr-feed takes its register as a whole and a half register would make it
// refuse employments of the customers left out.
import { parse } from 'csv-parse/sync';
import { CliException, CliExceptionCode } from '../cli.exception';

export const CUSTOMER_COLUMNS = ['kundkod', 'namn', 'typ', 'kostnadsstallen'] as const;
const CUSTOMER_CODE = /^[A-Z]\d{3}$/;

export interface RegisteredCustomer {
  code: string;
  name: string;
}

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

export function parseCustomerRegister(bytes: Buffer, fileLabel: string): RegisteredCustomer[] {
  const records = readRecords(bytes, fileLabel);
  const [head, ...body] = records;
  const header = (head?.record ?? []).map((name) => name.trim().toLowerCase());
  const missing = CUSTOMER_COLUMNS.filter((column) => !header.includes(column));
  if (missing.length > 0) {
    throw new CliException(
      CliExceptionCode.INVALID_FILE,
      `${fileLabel}: the header lacks ${missing.join(', ')}; expected the columns ${CUSTOMER_COLUMNS.join(';')} (got ${header.join(';') || 'an empty file'})`,
    );
  }
  const codeAt = header.indexOf('kundkod');
  const nameAt = header.indexOf('namn');

  const customers: RegisteredCustomer[] = [];
  const problems: string[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of body) {
    // csv-parse counts the line a record ends on; a quoted value may span lines.
    const line = info.lines - record.reduce((breaks, value) => breaks + (value.match(/\n/g)?.length ?? 0), 0);
    const code = record[codeAt] ?? '';
    const name = record[nameAt] ?? '';
    if (!CUSTOMER_CODE.test(code)) {
      problems.push(`line ${line}: kundkod "${code}" is not a customer code; expected one upper-case letter and three digits, e.g. N138`);
    } else if (seen.has(code)) {
      problems.push(`line ${line}: kundkod ${code} already appears on line ${seen.get(code)}; list each customer once`);
    }
    if (name === '') problems.push(`line ${line}: namn is empty; give the customer's name`);
    if (CUSTOMER_CODE.test(code) && !seen.has(code)) seen.set(code, line);
    customers.push({ code, name });
  }
  if (problems.length > 0) {
    throw new CliException(CliExceptionCode.INVALID_FILE, `${fileLabel}: nothing was sent; fix these rows:\n  ${problems.join('\n  ')}`);
  }
  if (customers.length === 0) throw new CliException(CliExceptionCode.INVALID_FILE, `${fileLabel}: no customers below the header`);
  return customers;
}

function readRecords(bytes: Buffer, fileLabel: string): ParsedRecord[] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new CliException(CliExceptionCode.INVALID_FILE, `${fileLabel}: not valid UTF-8; save the customers file as UTF-8 (Excel: "CSV UTF-8")`);
  }
  try {
    // With `info: true` each record comes as { record, info }; the typings do not model that.
    return parse(text, {
      delimiter: ';',
      info: true,
      trim: true,
      relax_column_count: true,
      skip_empty_lines: true,
      // Excel writes rows of bare separators for blank rows.
      skip_records_with_empty_values: true,
    }) as unknown as ParsedRecord[];
  } catch (error) {
    throw new CliException(CliExceptionCode.INVALID_FILE, `${fileLabel}: not readable as ";"-separated CSV: ${(error as Error).message}`, undefined, {
      cause: error,
    });
  }
}
