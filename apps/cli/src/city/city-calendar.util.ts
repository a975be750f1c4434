// Calendar dates as the HR export writes them: YYYY-MM-DD, Europe/Stockholm days. Arithmetic is
// on whole days in UTC, where no day is 23 or 25 hours long, so adding days never slips a date.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

/** Days since 1970-01-01 of a valid YYYY-MM-DD. */
export function dayNumber(isoDate: string): number {
  const [year, month, day] = isoDate.split('-').map(Number);
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

export function isoDateOf(dayNo: number): string {
  return new Date(dayNo * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(isoDate: string, days: number): string {
  return isoDateOf(dayNumber(isoDate) + days);
}

/** The same day a number of months later; a day the month lacks becomes its last day (01-31 + 1 month = 02-28). */
export function addMonths(isoDate: string, months: number): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  const first = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(day, lastDay));
  return first.toISOString().slice(0, 10);
}

/** Today's date in Stockholm at an instant. */
export function stockholmToday(instant: Date): string {
  // sv-SE formats dates as YYYY-MM-DD.
  return instant.toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });
}
