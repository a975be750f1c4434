// Import of the customer register (kunder). A cost centre belongs to exactly one customer,
// because volumes are routed to the paying customer by cost centre.
import { andThen, checkRow, oneOf, requiredText, type FieldResult } from '../common/csv-field.util';
import { readCsvTable, type CsvReadOptions, type RejectedRow } from '../common/csv-table.reader';
import { CUSTOMER_TYPES, customerCodeField, type Customer } from './customer.model';

export const CUSTOMER_COLUMNS = ['kundkod', 'namn', 'typ', 'kostnadsstallen'] as const;

export interface CustomerImport {
  customers: Customer[];
  rejected: RejectedRow[];
}

const COST_CENTRE_PATTERN = /^[A-Za-z0-9._-]{1,20}$/;

/**
 * Reads `kundkod;namn;typ;kostnadsstallen` (any column order); kostnadsstallen is a
 * comma-separated list of cost-centre codes and may be empty. A repeated kundkod, or a
 * cost centre already claimed by an earlier row, rejects the later row naming the earlier.
 * @throws BillingException BROKEN_HEADER, BROKEN_CSV or BROKEN_ENCODING for a file that cannot be read at all.
 */
export function parseCustomers(bytes: Buffer, options: CsvReadOptions = {}): CustomerImport {
  const table = readCsvTable(bytes, CUSTOMER_COLUMNS, 'customers', options);
  const rejected = [...table.rejected];
  const customers: Customer[] = [];
  const codeLines = new Map<string, number>();
  const costCentreOwners = new Map<string, { code: string; line: number }>();

  for (const { line, values } of table.rows) {
    const row = checkRow(line, {
      kundkod: andThen(customerCodeField('kundkod', values['kundkod']), (code) =>
        codeLines.has(code) ? `kundkod: ${code} already appears on line ${codeLines.get(code)}; each customer once` : undefined,
      ),
      namn: requiredText('namn', values['namn']),
      typ: oneOf('typ', values['typ'], CUSTOMER_TYPES),
      kostnadsstallen: andThen(costCentreList(values['kostnadsstallen']), (codes) => {
        const taken = codes.find((code) => costCentreOwners.has(code));
        const owner = taken === undefined ? undefined : costCentreOwners.get(taken);
        return owner && `kostnadsstallen: ${taken} already belongs to ${owner.code} on line ${owner.line}; a cost centre has one customer`;
      }),
    });
    if (!row.ok) {
      rejected.push(...row.rejected);
      continue;
    }
    const { kundkod, namn, typ, kostnadsstallen } = row.values;
    codeLines.set(kundkod, line);
    for (const costCentre of kostnadsstallen) costCentreOwners.set(costCentre, { code: kundkod, line });
    customers.push({ code: kundkod, name: namn, type: typ, costCentres: kostnadsstallen });
  }
  return { customers, rejected };
}

function costCentreList(value: string): FieldResult<string[]> {
  if (value === '') return { ok: true, value: [] };
  const codes = value.split(',').map((code) => code.trim());
  const bad = codes.find((code) => !COST_CENTRE_PATTERN.test(code));
  if (bad !== undefined) {
    return {
      ok: false,
      message: `kostnadsstallen: "${bad}" is not a cost-centre code; list codes of 1-20 letters, digits, ".", "_" or "-" separated by commas, e.g. 1010,1020`,
    };
  }
  const repeated = codes.find((code, index) => codes.indexOf(code) !== index);
  if (repeated !== undefined) {
    return { ok: false, message: `kostnadsstallen: ${repeated} is listed twice; list each cost centre once` };
  }
  return { ok: true, value: codes };
}
