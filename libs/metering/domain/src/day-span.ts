import { addDays, dateOfDayNumber, dayNumber } from '@itops/shared/calendar';
import { MeteringException, MeteringExceptionCode } from './metering.exception';

/** Calendar days from `from` to `to`, both inclusive; `to` null while open-ended. */
export interface DaySpan {
  readonly from: string;
  readonly to: string | null;
}

/** A span as day numbers, open-ended as Infinity: what the arithmetic works on. */
export interface DayRange {
  from: number;
  to: number;
}

export const OPEN_END = Number.POSITIVE_INFINITY;

/** The day number of a date, or a MeteringException naming `what`. */
export function dayOf(date: string, what: string): number {
  const day = dayNumber(date);
  if (day === null) throw new MeteringException(MeteringExceptionCode.INVALID_ITEM, `${what}: "${date}" is not a date; expected YYYY-MM-DD`);
  return day;
}

export const toRange = (span: DaySpan, what = 'span'): DayRange => ({
  from: dayOf(span.from, `${what}.from`),
  to: span.to === null ? OPEN_END : dayOf(span.to, `${what}.to`),
});

export const toSpan = (range: DayRange): DaySpan => ({
  from: dateOfDayNumber(range.from),
  to: range.to === OPEN_END ? null : dateOfDayNumber(range.to),
});

/**
 * The days covered by any of the spans, as few spans as possible: sorted, overlapping and
 * adjacent spans joined (a person employed to 03-31 and again from 04-01 is held throughout),
 * empty spans (ending before they start) dropped.
 */
export function mergeSpans(spans: readonly DaySpan[]): DaySpan[] {
  const ranges = spans.map((span) => toRange(span)).filter((range) => range.to >= range.from);
  ranges.sort((a, b) => a.from - b.from || a.to - b.to);
  const merged: DayRange[] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range.from <= last.to + 1) last.to = Math.max(last.to, range.to);
    else merged.push({ ...range });
  }
  return merged.map(toSpan);
}

/** The day before `date`. */
export const dayBefore = (date: string): string => addDays(date, -1);
