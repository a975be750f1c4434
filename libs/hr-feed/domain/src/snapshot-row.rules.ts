import { isCalendarDate } from './calendar-date';
import { EMPLOYMENT_FORMS, Employment, EmploymentForm } from './employment.model';
import { FieldProblem } from './hr-feed.exception';
import { normalisePersonnummer } from './person-id';

/** The columns of an HR snapshot file, in the documented order (files may use any order). */
export const SNAPSHOT_COLUMNS = [
  'anstallningsnr',
  'personnr',
  'fornamn',
  'efternamn',
  'organisationskod',
  'enhetskod',
  'enhetsnamn',
  'ansvar',
  'befattningskod',
  'befattning',
  'anstallningsform',
  'sysselsattningsgrad',
  'startdatum',
  'slutdatum',
  'chef_anstallningsnr',
  'skyddad_identitet',
] as const;
export type SnapshotColumn = (typeof SNAPSHOT_COLUMNS)[number];

export type SnapshotRow = Readonly<Record<SnapshotColumn, string>>;

export type RowProblem = FieldProblem<SnapshotColumn>;

/**
 * How a caller other than the CSV parser presents its fields: the JSON push API names `personnr`
 * `personnummer` and allows more fields to be empty for a booking, but the rules are the same.
 */
export interface CheckRowOptions {
  /** The name a column goes by in messages (default: the column itself). */
  readonly label?: (column: SnapshotColumn) => string;
  /** Columns that may be empty (default: slutdatum and chef_anstallningsnr). */
  readonly optional?: ReadonlySet<SnapshotColumn>;
}

/** Only these two may be empty: an open-ended employment and one without a named manager. */
export const OPTIONAL_COLUMNS: ReadonlySet<SnapshotColumn> = new Set(['slutdatum', 'chef_anstallningsnr']);
// An employment id becomes the account's employeeID in AD, which holds at most 16 characters:
// a longer id is refused here rather than failing later in the directory.
export const EMPLOYMENT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,15}$/;
export const EMPLOYMENT_ID_ALLOWED = "1-16 characters (AD's employeeID holds 16): letters A-Z, digits, '.', '_' or '-', starting with a letter or digit";
const CUSTOMER_CODE = /^[A-Z]\d{3}$/;
const RATE = /^\d{1,3}$/;
// A line break, tab or other control character inside a value can only come from a broken export,
// and would end up in AD attributes. Printable characters such as *)( \ = | + @ are data and pass.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/**
 * Validates one data row (values already trimmed) and builds the employment, or lists every
 * problem in the row so HR can fix them in one go. Messages never repeat a personnummer. The same
 * rules judge a snapshot row, an employment pushed over HTTP and a substitute booking.
 */
export function checkSnapshotRow(
  row: SnapshotRow,
  knownCustomers: ReadonlySet<string>,
  options: CheckRowOptions = {},
): { employment: Employment; problems: [] } | { employment: null; problems: RowProblem[] } {
  const label = options.label ?? ((column: SnapshotColumn) => column);
  const optional = options.optional ?? OPTIONAL_COLUMNS;
  const problems: RowProblem[] = [];
  const problem = (field: SnapshotColumn, message: string): void => {
    problems.push({ field, message: `${label(field)} ${message}` });
  };

  for (const field of SNAPSHOT_COLUMNS) {
    if (row[field] === '' && !optional.has(field)) {
      problem(field, 'is empty; it is mandatory');
    } else if (CONTROL_CHARACTER.test(row[field])) {
      problem(field, 'contains a line break, tab or other control character; only printable characters are allowed');
    }
  }
  const present = (field: SnapshotColumn): boolean => !problems.some((p) => p.field === field) && row[field] !== '';

  if (present('anstallningsnr') && !EMPLOYMENT_ID.test(row.anstallningsnr)) {
    problem('anstallningsnr', `'${row.anstallningsnr}' is not a valid employment id; allowed: ${EMPLOYMENT_ID_ALLOWED}`);
  }

  let personnummer: string | null = null;
  if (present('personnr')) {
    if (!/^\d{8}-?\d{4}$/.test(row.personnr)) {
      problem('personnr', 'has the wrong format; allowed: 12 digits YYYYMMDDNNNC, optionally with a dash before the last four');
    } else {
      personnummer = normalisePersonnummer(row.personnr);
      if (personnummer === null) {
        problem(
          'personnr',
          'is not a valid personnummer or samordningsnummer: the check digit or the birth date is wrong',
        );
      }
    }
  }

  if (present('organisationskod')) {
    if (!CUSTOMER_CODE.test(row.organisationskod)) {
      problem(
        'organisationskod',
        `'${row.organisationskod}' has the wrong format; allowed: one capital letter and three digits, e.g. N138`,
      );
    } else if (!knownCustomers.has(row.organisationskod)) {
      problem(
        'organisationskod',
        `'${row.organisationskod}' is not a known customer; allowed: one of the ${knownCustomers.size} customer codes in the customer register`,
      );
    }
  }

  if (present('anstallningsform') && !(EMPLOYMENT_FORMS as readonly string[]).includes(row.anstallningsform)) {
    problem('anstallningsform', `'${row.anstallningsform}' is not an employment form; allowed: ${EMPLOYMENT_FORMS.join(', ')}`);
  }

  if (present('sysselsattningsgrad') && !(RATE.test(row.sysselsattningsgrad) && Number(row.sysselsattningsgrad) <= 100)) {
    problem('sysselsattningsgrad', `'${row.sysselsattningsgrad}' is out of range; allowed: a whole number of percent from 0 to 100`);
  }

  const startOk = present('startdatum') && isCalendarDate(row.startdatum);
  if (present('startdatum') && !startOk) {
    problem('startdatum', `'${row.startdatum}' is not a date; allowed: a calendar date YYYY-MM-DD`);
  }
  if (present('slutdatum')) {
    if (!isCalendarDate(row.slutdatum)) {
      problem('slutdatum', `'${row.slutdatum}' is not a date; allowed: a calendar date YYYY-MM-DD, or empty while open-ended`);
    } else if (startOk && row.slutdatum < row.startdatum) {
      problem('slutdatum', `${row.slutdatum} is before ${label('startdatum')} ${row.startdatum}; allowed: on or after ${label('startdatum')}, or empty`);
    }
  }

  if (present('chef_anstallningsnr')) {
    if (!EMPLOYMENT_ID.test(row.chef_anstallningsnr)) {
      problem(
        'chef_anstallningsnr',
        `'${row.chef_anstallningsnr}' is not a valid employment id; allowed: ${EMPLOYMENT_ID_ALLOWED}, or empty`,
      );
    } else if (row.chef_anstallningsnr === row.anstallningsnr) {
      problem('chef_anstallningsnr', `names the employment itself; allowed: another employment's ${label('anstallningsnr')}, or empty`);
    }
  }

  if (present('skyddad_identitet') && row.skyddad_identitet !== 'J' && row.skyddad_identitet !== 'N') {
    problem('skyddad_identitet', `'${row.skyddad_identitet}' is not allowed; allowed: J (yes) or N (no)`);
  }

  if (problems.length > 0 || personnummer === null) return { employment: null, problems };
  return {
    employment: {
      employmentId: row.anstallningsnr,
      personnummer,
      givenName: row.fornamn,
      surname: row.efternamn,
      customerCode: row.organisationskod,
      unitCode: row.enhetskod,
      unitName: row.enhetsnamn,
      costCentre: row.ansvar,
      jobCode: row.befattningskod,
      jobTitle: row.befattning,
      form: row.anstallningsform as EmploymentForm,
      rate: Number(row.sysselsattningsgrad),
      startDate: row.startdatum,
      endDate: row.slutdatum === '' ? null : row.slutdatum,
      managerEmploymentId: row.chef_anstallningsnr === '' ? null : row.chef_anstallningsnr,
      protectedIdentity: row.skyddad_identitet === 'J',
    },
    problems: [],
  };
}
