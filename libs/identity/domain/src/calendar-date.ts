import { IdentityException, IdentityExceptionCode } from './identity.exception';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

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
