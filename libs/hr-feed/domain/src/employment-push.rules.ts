import { isCalendarDate } from './calendar-date';
import { Employment } from './employment.model';
import { FieldProblem, HrFeedException, HrFeedExceptionCode } from './hr-feed.exception';
import { JsonFieldSpecs, readJsonRow } from './json-row.reader';
import { checkSnapshotRow, SnapshotColumn, SnapshotRow } from './snapshot-row.rules';

/** The JSON fields of a pushed employment and the snapshot column each one is. */
export const PUSHED_EMPLOYMENT_COLUMNS = {
  employmentId: 'anstallningsnr',
  personnummer: 'personnr',
  givenName: 'fornamn',
  surname: 'efternamn',
  customerCode: 'organisationskod',
  unitCode: 'enhetskod',
  unitName: 'enhetsnamn',
  costCentre: 'ansvar',
  jobCode: 'befattningskod',
  jobTitle: 'befattning',
  form: 'anstallningsform',
  rate: 'sysselsattningsgrad',
  startDate: 'startdatum',
  endDate: 'slutdatum',
  managerEmploymentId: 'chef_anstallningsnr',
  protectedIdentity: 'skyddad_identitet',
} as const satisfies Record<string, SnapshotColumn>;
export type PushedEmploymentField = keyof typeof PUSHED_EMPLOYMENT_COLUMNS;

const SPECS: JsonFieldSpecs<PushedEmploymentField> = {
  employmentId: { type: 'text' },
  personnummer: { type: 'text' },
  givenName: { type: 'text' },
  surname: { type: 'text' },
  customerCode: { type: 'text' },
  unitCode: { type: 'text' },
  unitName: { type: 'text' },
  costCentre: { type: 'text' },
  jobCode: { type: 'text' },
  jobTitle: { type: 'text' },
  form: { type: 'text' },
  rate: { type: 'percent' },
  startDate: { type: 'text' },
  endDate: { type: 'text' },
  managerEmploymentId: { type: 'text' },
  protectedIdentity: { type: 'flag' },
};

const FIELD_OF_COLUMN = new Map<SnapshotColumn, string>(
  Object.entries(PUSHED_EMPLOYMENT_COLUMNS).map(([field, column]) => [column, field]),
);

/**
 * Checks one employment pushed by the HR system between snapshots (`PUT /v1/employments/:id`, JSON
 * with the fields of a snapshot row) by the very rules of a snapshot row, and builds it.
 * `employmentId` comes from the path; the body may repeat it. A body of the wrong shape (not an
 * object, a field of the wrong type or unknown) is INVALID_INPUT; a well-formed body that breaks a
 * row rule is INVALID_EMPLOYMENT. Both list every problem in `details`, by JSON field name.
 */
export function checkPushedEmployment(employmentId: string, body: unknown, knownCustomers: ReadonlySet<string>): Employment {
  const { values, problems } = readJsonRow(body, SPECS, 'an employment');
  if (values.employmentId !== '' && values.employmentId !== employmentId) {
    problems.push({ field: 'employmentId', message: 'employmentId in the body differs from the one in the path; allowed: the same id, or leave it out' });
  }
  if (problems.length > 0) throw refused(HrFeedExceptionCode.INVALID_INPUT, problems);

  const row = Object.fromEntries(
    Object.entries(PUSHED_EMPLOYMENT_COLUMNS).map(([field, column]) => [column, values[field as PushedEmploymentField]]),
  ) as Record<SnapshotColumn, string>;
  row.anstallningsnr = employmentId;
  const checked = checkSnapshotRow(row as SnapshotRow, knownCustomers, { label: (column) => FIELD_OF_COLUMN.get(column) ?? column });
  if (checked.employment === null) {
    throw refused(
      HrFeedExceptionCode.INVALID_EMPLOYMENT,
      checked.problems.map((p) => ({ field: FIELD_OF_COLUMN.get(p.field) ?? p.field, message: p.message })),
    );
  }
  return checked.employment;
}

/**
 * The employment as `DELETE /v1/employments/:id?lastDay=` leaves it: ended on `lastDay` (inclusive),
 * or null when it already ends on that day (the same request twice changes nothing). A lastDay that
 * is not a date is INVALID_INPUT; one before the start date is INVALID_EMPLOYMENT.
 */
export function endEmployment(employment: Employment, lastDay: string | undefined): Employment | null {
  if (lastDay === undefined || !isCalendarDate(lastDay)) {
    const problem = { field: 'lastDay', message: `lastDay is ${lastDay === undefined || lastDay === '' ? 'missing' : `'${lastDay}', not a date`}; allowed: the last day of the employment as YYYY-MM-DD` };
    throw refused(HrFeedExceptionCode.INVALID_INPUT, [problem]);
  }
  if (lastDay < employment.startDate) {
    throw refused(HrFeedExceptionCode.INVALID_EMPLOYMENT, [
      { field: 'lastDay', message: `lastDay ${lastDay} is before startDate ${employment.startDate}; allowed: on or after startDate` },
    ]);
  }
  return employment.endDate === lastDay ? null : { ...employment, endDate: lastDay };
}

function refused(code: HrFeedExceptionCode, details: FieldProblem[]): HrFeedException {
  return new HrFeedException(code, `the employment is refused: ${details.map((d) => d.message).join('; ')}`, { details });
}
