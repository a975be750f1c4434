import { addDays, addMonths, dayNumber } from '@itops/shared/calendar';

/**
 * The last day of a lease: the day before the start plus the term, so a 36-month lease from
 * 2024-01-01 ends on 2026-12-31 (the supplier's invoices follow whole months from the start).
 */
export const leaseEnd = (startDate: string, termMonths: number): string => addDays(addMonths(startDate, termMonths), -1);

/**
 * Whether a device is due for a decision (replace or extend): its lease ends within `withinDays`
 * days of `today`, or has already ended. Days are Europe/Stockholm calendar days.
 */
export function leaseEndsSoon(endDate: string, today: string, withinDays: number): boolean {
  return (dayNumber(endDate) ?? Infinity) <= (dayNumber(today) ?? -Infinity) + withinDays;
}

/** Whole years between two days, to one decimal: the age of a device. */
export function ageInYears(fromDate: string, today: string): number {
  const days = (dayNumber(today) ?? 0) - (dayNumber(fromDate) ?? 0);
  return Math.max(0, days) / 365.25;
}
