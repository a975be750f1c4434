import { addDays, dayNumber } from '@itops/shared/calendar';
import { MeteringException, MeteringExceptionCode } from './metering.exception';

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** A calendar month of Europe/Stockholm days: the period volumes are counted for. */
export interface CalendarMonth {
  /** YYYY-MM. */
  readonly period: string;
  readonly firstDay: string;
  readonly lastDay: string;
  readonly days: number;
}

/** The month of `period` (YYYY-MM), or a MeteringException naming `field`. */
export function calendarMonth(period: string | undefined, field = 'period'): CalendarMonth {
  const match = period === undefined ? null : PERIOD.exec(period);
  if (period === undefined || !match) {
    throw new MeteringException(
      MeteringExceptionCode.INVALID_PERIOD,
      `${field}: ${JSON.stringify(period ?? '')} is not a month; expected YYYY-MM with a month 01-12, e.g. 2026-11`,
    );
  }
  const days = new Date(Date.UTC(Number(match[1]), Number(match[2]), 0)).getUTCDate();
  return { period, firstDay: `${period}-01`, lastDay: `${period}-${String(days).padStart(2, '0')}`, days };
}

/** The month before: 2026-01 gives 2025-12. */
export function previousMonth(month: CalendarMonth): CalendarMonth {
  return calendarMonth(addDays(month.firstDay, -1).slice(0, 7));
}

/** Days of [from, to] (inclusive, to null = open-ended) that fall in the month; 0 when they do not meet. */
export function daysInMonth(from: string, to: string | null, month: CalendarMonth): number {
  const start = from > month.firstDay ? from : month.firstDay;
  const end = to === null || to > month.lastDay ? month.lastDay : to;
  if (end < start) return 0;
  return (dayNumber(end) as number) - (dayNumber(start) as number) + 1;
}

/** True when `day` lies in [from, to], both inclusive, to null = open-ended. */
export const isHeldOn = (from: string, to: string | null, day: string): boolean => from <= day && (to === null || day <= to);
