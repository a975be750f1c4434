import { isCalendarDate } from './calendar-date';
import { classifyChange, EmploymentChangeKind } from './employment-change.rules';
import { Employment, EmploymentForm } from './employment.model';
import { FieldProblem, HrFeedException, HrFeedExceptionCode } from './hr-feed.exception';
import { JsonFieldSpecs, readJsonRow } from './json-row.reader';
import { checkSnapshotRow, OPTIONAL_COLUMNS, SnapshotColumn, SnapshotRow } from './snapshot-row.rules';
import type { ParsedSnapshot, Rejection } from './snapshot.parser';
import { stockholmDate } from './stockholm-date';

/** A booking is a substitute (vikariat) or hourly (timanställning) shift; other forms are employments. */
export const BOOKING_FORMS: readonly EmploymentForm[] = ['VIK', 'TIM'];
/** The longest booking: a substitute covering a whole year. Longer is an employment in HR's snapshot. */
export const MAX_BOOKING_DAYS = 366;
const DAY_MS = 86_400_000;

/**
 * A substitute or hourly booking (vikariebokning) pushed by the HR system: an employment whose id is
 * the booking id, and the exact window in which the person has access. Its dates are the Stockholm
 * days of the window. Bookings are not in HR's snapshot file and end by their own time.
 */
export interface Booking {
  readonly employment: Employment;
  readonly accessFrom: Date;
  /** Exclusive: access ends at this instant. */
  readonly accessUntil: Date;
}

/** The JSON fields of a booking and the snapshot column each one is (from and to are the dates). */
export const BOOKING_COLUMNS = {
  bookingId: 'anstallningsnr',
  personnummer: 'personnr',
  givenName: 'fornamn',
  surname: 'efternamn',
  protectedIdentity: 'skyddad_identitet',
  customerCode: 'organisationskod',
  unitCode: 'enhetskod',
  unitName: 'enhetsnamn',
  costCentre: 'ansvar',
  jobCode: 'befattningskod',
  jobTitle: 'befattning',
  form: 'anstallningsform',
  rate: 'sysselsattningsgrad',
  from: 'startdatum',
  to: 'slutdatum',
} as const satisfies Record<string, SnapshotColumn>;
export type BookingField = keyof typeof BOOKING_COLUMNS;

const SPECS: JsonFieldSpecs<BookingField> = {
  bookingId: { type: 'text' },
  personnummer: { type: 'text' },
  givenName: { type: 'text' },
  surname: { type: 'text' },
  protectedIdentity: { type: 'flag', fallback: 'N' },
  customerCode: { type: 'text' },
  unitCode: { type: 'text' },
  unitName: { type: 'text' },
  costCentre: { type: 'text' },
  jobCode: { type: 'text' },
  jobTitle: { type: 'text' },
  form: { type: 'text' },
  // Hourly staff have no employment rate, and a booking never outweighs a real employment when
  // identity picks the primary one (highest rate first), so the default is 0.
  rate: { type: 'percent', fallback: '0' },
  from: { type: 'text' },
  to: { type: 'text' },
};

/** A booking need not name its unit, cost centre or job: the HR system often books on the unit alone. */
const OPTIONAL: ReadonlySet<SnapshotColumn> = new Set<SnapshotColumn>([...OPTIONAL_COLUMNS, 'enhetsnamn', 'ansvar', 'befattningskod', 'befattning']);
const FIELD_OF_COLUMN = new Map<SnapshotColumn, string>(Object.entries(BOOKING_COLUMNS).map(([field, column]) => [column, field]));
// An instant with its offset, so 07:00 is never read in the server's zone: 2025-03-10T07:00:00+01:00, ...Z.
const INSTANT = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const INSTANT_ALLOWED = 'an ISO-8601 instant with its offset, e.g. 2025-03-10T07:00:00+01:00 or 2025-03-10T06:00:00Z';

/**
 * Checks a booking as `POST /v1/bookings` receives it and builds it: the row rules of a snapshot
 * (booking id as an employment id, personnummer check digit, known customer, names kept verbatim)
 * plus the booking's own: form VIK or TIM, `from` and `to` instants with offsets, `to` after `from`
 * and after `now`, at most MAX_BOOKING_DAYS long. A body of the wrong shape is INVALID_INPUT; a
 * well-formed one that breaks a rule is INVALID_BOOKING; `details` lists every problem by field.
 */
export function checkBooking(body: unknown, knownCustomers: ReadonlySet<string>, now: Date): Booking {
  const { values, problems: shapeProblems } = readJsonRow(body, SPECS, 'a booking');
  if (shapeProblems.length > 0) throw refused(HrFeedExceptionCode.INVALID_INPUT, shapeProblems);

  const problems: FieldProblem<BookingField>[] = [];
  if (values.form !== '' && !BOOKING_FORMS.includes(values.form as EmploymentForm)) {
    problems.push({
      field: 'form',
      message: `form '${values.form}' is not a booking form; allowed: VIK (substitute) or TIM (hourly); other employments come with the snapshot or PUT /v1/employments`,
    });
  }
  const from = readInstant('from', values.from, problems);
  const to = readInstant('to', values.to, problems);
  if (from && to) {
    if (to.getTime() <= from.getTime()) {
      problems.push({ field: 'to', message: `to ${values.to} is not after from ${values.from}; allowed: an end after the start` });
    } else if (to.getTime() <= now.getTime()) {
      problems.push({ field: 'to', message: `to ${values.to} has passed; allowed: a booking that ends in the future` });
    } else if (to.getTime() - from.getTime() > MAX_BOOKING_DAYS * DAY_MS) {
      const days = Math.ceil((to.getTime() - from.getTime()) / DAY_MS);
      problems.push({ field: 'to', message: `the booking is ${days} days long; allowed: at most ${MAX_BOOKING_DAYS} days from from to to` });
    }
  }

  const row = Object.fromEntries(
    Object.entries(BOOKING_COLUMNS).map(([field, column]) => [column, values[field as BookingField]]),
  ) as Record<SnapshotColumn, string>;
  row.startdatum = from ? stockholmDate(from) : '';
  row.slutdatum = from && to && to > from ? lastDayOf(to) : '';
  row.chef_anstallningsnr = '';
  const checked = checkSnapshotRow(row as SnapshotRow, knownCustomers, {
    label: (column) => FIELD_OF_COLUMN.get(column) ?? column,
    optional: OPTIONAL,
  });
  // One answer per field: a field the booking rules refused is not judged again as a row column.
  const reported = new Set<string>(problems.map((p) => p.field));
  const all: FieldProblem[] = [
    ...problems,
    ...checked.problems.map((p) => ({ field: FIELD_OF_COLUMN.get(p.field) ?? p.field, message: p.message })).filter((p) => !reported.has(p.field)),
  ];
  if (all.length > 0 || checked.employment === null || !from || !to) throw refused(HrFeedExceptionCode.INVALID_BOOKING, all);
  return { employment: checked.employment, accessFrom: from, accessUntil: to };
}

/**
 * The last Stockholm day with access: the day of the last instant before `until`. A booking that
 * ends at midnight ends on the day before, not on a day it never reaches.
 */
export function lastDayOf(until: Date): string {
  return stockholmDate(new Date(until.getTime() - 1));
}

/**
 * What a booking that is booked again means: the employment rule (a new unit is a MOVER), and a
 * new window alone is UPDATED. Null when nothing changed, so the same booking twice sends nothing.
 */
export function classifyRebooking(previous: Booking, next: Booking, today: string): EmploymentChangeKind | null {
  const kind = classifyChange(previous.employment, next.employment, today);
  if (kind !== null) return kind;
  const sameWindow =
    previous.accessFrom.getTime() === next.accessFrom.getTime() && previous.accessUntil.getTime() === next.accessUntil.getTime();
  return sameWindow ? null : 'UPDATED';
}

/**
 * The booking as its cancellation leaves it, or null when it is over already (nothing to announce).
 * Access ends now and the last day is today. A booking cancelled before it began never gave access:
 * its window becomes the last millisecond before now (the contract needs an end after the start)
 * and it starts and ends today, so the end date is never before the start date.
 */
export function cancelBooking(booking: Booking, now: Date): Booking | null {
  if (booking.accessUntil.getTime() <= now.getTime()) return null;
  const today = stockholmDate(now);
  const started = booking.accessFrom.getTime() < now.getTime();
  return {
    employment: {
      ...booking.employment,
      startDate: booking.employment.startDate < today ? booking.employment.startDate : today,
      endDate: today,
    },
    accessFrom: started ? booking.accessFrom : new Date(now.getTime() - 1),
    accessUntil: now,
  };
}

/**
 * Bookings are not part of HR's snapshot file: a snapshot row that carries a booking's id would
 * overwrite the booking, so it is rejected (on the line the parser saw it) and the rest goes on.
 */
export function withoutBookingIds(parsed: ParsedSnapshot, bookingIds: ReadonlySet<string>): ParsedSnapshot {
  if (bookingIds.size === 0) return parsed;
  const rejected: Rejection[] = [];
  const employments = parsed.employments.filter((employment) => {
    if (!bookingIds.has(employment.employmentId)) return true;
    rejected.push({
      line: parsed.lineOf.get(employment.employmentId) ?? 0,
      field: 'anstallningsnr',
      message: `anstallningsnr '${employment.employmentId}' is the id of a substitute booking (vikariebokning); allowed: an id no booking uses`,
      employmentId: employment.employmentId,
    });
    return false;
  });
  return { ...parsed, employments, rejected: [...parsed.rejected, ...rejected].sort((a, b) => a.line - b.line) };
}

function readInstant(field: 'from' | 'to', value: string, problems: FieldProblem<BookingField>[]): Date | null {
  if (value === '') {
    problems.push({ field, message: `${field} is empty; it is mandatory: ${INSTANT_ALLOWED}` });
    return null;
  }
  const match = INSTANT.exec(value);
  const instant = match && isCalendarDate(match[1]) ? new Date(value) : null;
  if (!instant || Number.isNaN(instant.getTime())) {
    problems.push({ field, message: `${field} '${value}' is not an instant; allowed: ${INSTANT_ALLOWED}` });
    return null;
  }
  return instant;
}

function refused(code: HrFeedExceptionCode, details: FieldProblem[]): HrFeedException {
  return new HrFeedException(code, `the booking is refused: ${details.map((d) => d.message).join('; ')}`, { details });
}
