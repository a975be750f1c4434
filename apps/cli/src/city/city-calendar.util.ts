// Calendar dates as the HR export writes them: YYYY-MM-DD, Europe/Stockholm days
// (@itops/shared/calendar), under the names the city generator uses.
import * as calendar from '@itops/shared/calendar';

export const { addDays, addMonths } = calendar;
export const isIsoDate = calendar.isCalendarDate;
export const isoDateOf = calendar.dateOfDayNumber;

/** Today's date in Stockholm at an instant. */
export const stockholmToday = calendar.stockholmDate;

/** Days since 1970-01-01 of a valid YYYY-MM-DD. */
export function dayNumber(isoDate: string): number {
  const day = calendar.dayNumber(isoDate);
  if (day === null) throw new RangeError(`date '${isoDate}' is not a date; allowed: YYYY-MM-DD`);
  return day;
}
