import { isCalendarDate } from '@itops/shared/calendar';
import { dayBefore, DaySpan, mergeSpans } from './day-span';
import { MeteringException, MeteringExceptionCode } from './metering.exception';

/** The kind of an hr.employment change, as hr-feed classifies it. */
export type EmploymentChangeKind = 'JOINER' | 'MOVER' | 'LEAVER' | 'UPDATED';

/** Where an employment is paid from (the customer), from a day on. */
export interface EmploymentPlacement {
  readonly customerCode: string;
  /** First day at this customer; null for the employment's first placement (from its start date, wherever that moves). */
  readonly from: string | null;
}

/** What metering remembers of one employment: enough to count its person at the right customer on every day. */
export interface HeadcountEmployment {
  readonly employmentId: string;
  readonly personId: string;
  readonly startDate: string;
  /** Last day; null while open-ended. May lie before the start: an employment withdrawn before it began. */
  readonly endDate: string | null;
  /** In order of their first day; the last one is where the employment is now. */
  readonly placements: readonly EmploymentPlacement[];
}

/** One hr.employment event as the headcount rules read it. */
export interface EmploymentChange {
  readonly kind: EmploymentChangeKind;
  readonly employmentId: string;
  readonly personId: string;
  readonly customerCode: string;
  readonly startDate: string;
  readonly endDate: string | null;
  /**
   * The Stockholm day HR made the change (the event's occurred-at, not the day it reached
   * metering): the day a move to another customer takes effect, since HR gives no other.
   */
  readonly changedOn: string;
}

function checkDates(change: EmploymentChange): void {
  const bad = (['startDate', 'endDate', 'changedOn'] as const).find((field) => change[field] !== null && !isCalendarDate(change[field] as string));
  if (bad) {
    throw new MeteringException(
      MeteringExceptionCode.INVALID_ITEM,
      `employment ${change.employmentId}: ${bad} "${change[bad]}" is not a date; expected YYYY-MM-DD`,
    );
  }
}

/**
 * The employment after a change:
 * - a JOINER (or the first event metering sees of an employment) places it at its customer from its start;
 * - a change that names another customer (a MOVER, or any kind that moves it) moves it from the day
 *   the change was made, but never before the start: a move before the first day means the old
 *   customer never held it;
 * - a LEAVER without an end date ended the day before the change (it is gone from HR);
 * - start and end dates are HR's, whatever the kind (an end date moved or removed, a start corrected).
 */
export function applyEmploymentChange(previous: HeadcountEmployment | null, change: EmploymentChange): HeadcountEmployment {
  checkDates(change);
  const endDate = change.endDate ?? (change.kind === 'LEAVER' ? dayBefore(change.changedOn) : null);
  const base = { employmentId: change.employmentId, personId: change.personId, startDate: change.startDate, endDate };
  if (previous === null || change.kind === 'JOINER') return { ...base, placements: [{ customerCode: change.customerCode, from: null }] };
  const current = previous.placements[previous.placements.length - 1];
  if (current?.customerCode === change.customerCode) return { ...base, placements: previous.placements };
  const moveDay = change.changedOn > change.startDate ? change.changedOn : change.startDate;
  const kept = previous.placements.filter((placement) => (placement.from ?? change.startDate) < moveDay);
  const placements = kept.length === 0 ? [{ customerCode: change.customerCode, from: null }] : [...kept, { customerCode: change.customerCode, from: moveDay }];
  return { ...base, placements };
}

/** The days an employment is at each customer (a customer it never reached gets no entry). */
export function employmentSpans(employment: HeadcountEmployment): Map<string, DaySpan[]> {
  const byCustomer = new Map<string, DaySpan[]>();
  employment.placements.forEach((placement, index) => {
    const next = employment.placements[index + 1];
    const from = placement.from !== null && placement.from > employment.startDate ? placement.from : employment.startDate;
    const untilNext = next?.from ? dayBefore(next.from) : null;
    const candidates = [untilNext, employment.endDate].filter((day): day is string => day !== null);
    const to = candidates.length === 0 ? null : candidates.reduce((a, b) => (a < b ? a : b));
    if (to !== null && to < from) return;
    byCustomer.set(placement.customerCode, [...(byCustomer.get(placement.customerCode) ?? []), { from, to }]);
  });
  return byCustomer;
}

/**
 * The days a person counts in a customer's headcount (antal anställda, the allocation key
 * for costs shared by headcount): every day any of the person's employments is at that
 * customer. Two employments at one customer count once.
 */
export function headcountSpans(employments: readonly HeadcountEmployment[]): Map<string, DaySpan[]> {
  const all = new Map<string, DaySpan[]>();
  for (const employment of employments) {
    for (const [customer, spans] of employmentSpans(employment)) all.set(customer, [...(all.get(customer) ?? []), ...spans]);
  }
  return new Map([...all].map(([customer, spans]) => [customer, mergeSpans(spans)]));
}
