/**
 * Calendar days as HR, AD lifecycles and billing periods use them: `YYYY-MM-DD`, days of
 * Europe/Stockholm. Arithmetic is on whole days in UTC, where no day is 23 or 25 hours long,
 * so adding days never slips a date across a daylight-saving change.
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

// One formatter: building Intl formatters is costly and these run for whole populations.
// en-CA writes dates as YYYY-MM-DD.
const STOCKHOLM = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Days since 1970-01-01 of a real calendar date YYYY-MM-DD (2024-02-29 yes, 2023-02-29 no), or null. */
export function dayNumber(value: string): number | null {
  const match = ISO_DATE.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.getTime() / DAY_MS;
}

export const isCalendarDate = (value: string): boolean => dayNumber(value) !== null;

export function dateOfDayNumber(days: number): string {
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}

function requireDay(date: string): number {
  const day = dayNumber(date);
  if (day === null) throw new RangeError(`date '${date}' is not a date; allowed: YYYY-MM-DD`);
  return day;
}

/** The calendar date `days` days after `date` (before, when negative). */
export const addDays = (date: string, days: number): string => dateOfDayNumber(requireDay(date) + days);

/** The same day `months` later; a day the month lacks becomes its last day (01-31 + 1 month = 02-28). */
export function addMonths(date: string, months: number): string {
  requireDay(date);
  const [year, month, day] = date.split('-').map(Number);
  const first = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(day, lastDay));
  return first.toISOString().slice(0, 10);
}

/** The calendar date (YYYY-MM-DD) in Europe/Stockholm at an instant, whatever the server's zone. */
export function stockholmDate(instant: Date): string {
  if (Number.isNaN(instant.getTime())) throw new RangeError('instant is not a valid date; allowed: a real point in time');
  const parts = Object.fromEntries(STOCKHOLM.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${parts['year']}-${parts['month']}-${parts['day']}`;
}

/**
 * The instant a Europe/Stockholm calendar day begins (00:00 Swedish time). Sweden changes to and
 * from summer time at 02:00/03:00, so midnight always exists and is unambiguous: 23:00 UTC the day
 * before in winter (UTC+1), 22:00 UTC in summer (UTC+2).
 */
export function stockholmMidnight(date: string): Date {
  const day = requireDay(date);
  for (const offsetHours of [1, 2]) {
    const candidate = new Date(day * DAY_MS - offsetHours * HOUR_MS);
    if (stockholmDate(candidate) === date && stockholmDate(new Date(candidate.getTime() - 1)) !== date) return candidate;
  }
  // Unreachable while Sweden keeps UTC+1/UTC+2; a rule change in the time zone data would land here.
  throw new RangeError(`date '${date}' has no Stockholm midnight at UTC+1 or UTC+2`);
}
