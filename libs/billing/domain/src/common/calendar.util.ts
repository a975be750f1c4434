import { stockholmDate } from '@itops/shared/calendar';
// Billing works on calendar dates and months in Europe/Stockholm, never on instants: an
// item that is valid "to 2025-03-31" is valid for the whole of that Swedish day. Dates are
// ISO strings (YYYY-MM-DD, sortable as text) and periods YYYY-MM. Day arithmetic goes
// through UTC midnights, which have no daylight-saving gaps, so a day is always one day.
import { BillingException, BillingExceptionCode } from '../billing.exception';

/** A calendar date in Europe/Stockholm, YYYY-MM-DD. */
export type IsoDate = string;
/** A billing period, one calendar month: YYYY-MM. */
export type BillingPeriod = string;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const PERIOD_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DAY_MS = 86_400_000;

/** True when the text is YYYY-MM-DD and names a real day (no 2025-02-29). */
export function isIsoDate(text: string): boolean {
  const match = DATE_PATTERN.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonthOf(year, month);
}

export function isBillingPeriod(text: string): boolean {
  return PERIOD_PATTERN.test(text);
}

/** Checks a period and returns its first and last day and its number of days. */
export function periodBounds(period: BillingPeriod): { firstDay: IsoDate; lastDay: IsoDate; days: number } {
  const match = PERIOD_PATTERN.exec(period);
  if (!match) {
    throw new BillingException(
      BillingExceptionCode.INVALID_PERIOD,
      `period "${period}" is not a month; expected YYYY-MM, e.g. 2025-03`,
    );
  }
  const days = daysInMonthOf(Number(match[1]), Number(match[2]));
  return { firstDay: `${period}-01`, lastDay: `${period}-${String(days).padStart(2, '0')}`, days };
}

/**
 * Number of days of [from, to] (both inclusive, to null = open) that fall within
 * [firstDay, lastDay]; 0 when they do not meet.
 */
export function daysOverlapping(from: IsoDate, to: IsoDate | null, firstDay: IsoDate, lastDay: IsoDate): number {
  const start = from > firstDay ? from : firstDay;
  const end = to === null || to > lastDay ? lastDay : to;
  return end < start ? 0 : (dayNumber(end) - dayNumber(start)) / DAY_MS + 1;
}

/** True when day lies in [from, to], both inclusive, to null = open. */
export function isActiveOn(from: IsoDate, to: IsoDate | null, day: IsoDate): boolean {
  return from <= day && (to === null || day <= to);
}

/** True when two inclusive validity ranges share at least one day (null = open end). */
export function rangesOverlap(aFrom: IsoDate, aTo: IsoDate | null, bFrom: IsoDate, bTo: IsoDate | null): boolean {
  return (aTo === null || bFrom <= aTo) && (bTo === null || aFrom <= bTo);
}


/**
 * The Stockholm calendar date of an instant, for callers that hold timestamps: an account
 * disabled at 2025-03-31T22:30Z was disabled on 2025-04-01 in Stockholm.
 */
export function toStockholmDate(instant: Date): IsoDate {
  return stockholmDate(instant);
}

/** The month after a period: 2025-12 -> 2026-01. */
export function nextPeriod(period: BillingPeriod): BillingPeriod {
  periodBounds(period);
  const [year, month] = [Number(period.slice(0, 4)), Number(period.slice(5, 7))];
  return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
}

/** The twelve periods of a calendar year, January first. */
export function periodsOfYear(year: number): BillingPeriod[] {
  return Array.from({ length: 12 }, (_, index) => `${String(year).padStart(4, '0')}-${String(index + 1).padStart(2, '0')}`);
}

function daysInMonthOf(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function dayNumber(date: IsoDate): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}
