/**
 * The last day a subject was held when it stops on `endDate` (the first day without it): the
 * day before, but never before the first day held, so a subject ended on the day it began
 * still counts that one day. Calendar dates (Europe/Stockholm days), no clock involved.
 */
export function lastDayHeld(endDate: string, firstDay: string): string {
  const d = new Date(`${endDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  const previous = d.toISOString().slice(0, 10);
  return previous < firstDay ? firstDay : previous;
}
