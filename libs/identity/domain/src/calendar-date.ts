import { IdentityException, IdentityExceptionCode } from './identity.exception';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

// One formatter: building Intl formatters is costly and the rule runs for the whole population.
const STOCKHOLM = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * The calendar date (YYYY-MM-DD) in Europe/Stockholm at an instant. HR dates are Swedish calendar
 * days: an employment that ends 2025-03-30 is over at midnight Swedish time, whatever the server's
 * zone, across daylight-saving changes too.
 */
export function stockholmDate(instant: Date): string {
  if (Number.isNaN(instant.getTime())) {
    throw new IdentityException(IdentityExceptionCode.INVALID_DATE, 'instant is not a valid date');
  }
  const parts = Object.fromEntries(STOCKHOLM.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${parts['year']}-${parts['month']}-${parts['day']}`;
}

/**
 * The instant a Europe/Stockholm calendar day begins (00:00 Swedish time). Sweden changes to and
 * from summer time at 02:00/03:00, so midnight always exists and is unambiguous: it is 23:00 UTC
 * the day before in winter (UTC+1) and 22:00 UTC in summer (UTC+2).
 */
export function stockholmMidnight(date: string): Date {
  const day = dayNumber(date);
  if (day === null) {
    throw new IdentityException(IdentityExceptionCode.INVALID_DATE, `date '${date}' is not a date; allowed: YYYY-MM-DD`);
  }
  for (const offsetHours of [1, 2]) {
    const candidate = new Date(day * DAY_MS - offsetHours * HOUR_MS);
    if (stockholmDate(candidate) === date && stockholmDate(new Date(candidate.getTime() - 1)) !== date) return candidate;
  }
  // Unreachable while Sweden keeps UTC+1/UTC+2; a rule change in the time zone data would land here.
  throw new IdentityException(IdentityExceptionCode.INVALID_DATE, `date '${date}' has no Stockholm midnight at UTC+1 or UTC+2`);
}

/** The calendar date `days` days after `date` (before, when negative). */
export function addDays(date: string, days: number): string {
  const day = dayNumber(date);
  if (day === null) {
    throw new IdentityException(IdentityExceptionCode.INVALID_DATE, `date '${date}' is not a date; allowed: YYYY-MM-DD`);
  }
  return dateOfDayNumber(day + days);
}

/** Days since 1970-01-01 for a real calendar date YYYY-MM-DD, or null. */
export function dayNumber(value: string): number | null {
  const match = ISO_DATE.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.getTime() / DAY_MS;
}

export function dateOfDayNumber(days: number): string {
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}
