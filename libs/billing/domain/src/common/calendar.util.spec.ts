import { BillingExceptionCode } from '../billing.exception';
import { daysOverlapping, isActiveOn, isIsoDate, nextPeriod, periodBounds, periodsOfYear, rangesOverlap, toStockholmDate } from './calendar.util';

describe('calendar', () => {
  it.each([
    ['2025-04', '2025-04-01', '2025-04-30', 30],
    ['2025-03', '2025-03-01', '2025-03-31', 31],
    ['2024-02', '2024-02-01', '2024-02-29', 29],
    ['2025-02', '2025-02-01', '2025-02-28', 28],
    ['2000-02', '2000-02-01', '2000-02-29', 29],
    ['1900-02', '1900-02-01', '1900-02-28', 28],
  ])('period %s runs %s..%s, %i days', (period, firstDay, lastDay, days) => {
    expect(periodBounds(period)).toEqual({ firstDay, lastDay, days });
  });

  it.each(['2025-13', '2025-00', '2025-4', '202504', '2025-04-01', ''])('refuses period "%s"', (period) => {
    expect(() => periodBounds(period)).toThrow(expect.objectContaining({ code: BillingExceptionCode.INVALID_PERIOD }));
  });

  it.each([
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2025-04-31', false],
    ['2025-12-31', true],
    ['2025-1-01', false],
    ['2025-01-00', false],
  ])('isIsoDate(%s) is %s', (text, expected) => {
    expect(isIsoDate(text)).toBe(expected);
  });

  // Days of an inclusive range within April 2025 (30 days).
  it.each([
    ['whole month, open', '2025-01-01', null, 30],
    ['joiner on the 16th', '2025-04-16', null, 15],
    ['leaver on the 10th', '2025-01-01', '2025-04-10', 10],
    ['one day', '2025-04-30', '2025-04-30', 1],
    ['ended before', '2025-01-01', '2025-03-31', 0],
    ['starts after', '2025-05-01', null, 0],
    ['spans the month', '2025-03-15', '2025-05-15', 30],
  ])('%s: %s..%s holds %i days', (_case, from, to, days) => {
    expect(daysOverlapping(from, to, '2025-04-01', '2025-04-30')).toBe(days);
  });

  it('counts days across the change to summer time as whole days', () => {
    expect(daysOverlapping('2025-03-29', '2025-03-31', '2025-03-01', '2025-03-31')).toBe(3);
  });

  it.each([
    ['2025-01-01', '2025-03-31', '2025-03-31', '2025-12-31', true],
    ['2025-01-01', '2025-03-30', '2025-03-31', null, false],
    ['2025-01-01', null, '2030-01-01', null, true],
  ])('rangesOverlap(%s..%s, %s..%s) is %s', (aFrom, aTo, bFrom, bTo, expected) => {
    expect(rangesOverlap(aFrom, aTo, bFrom, bTo)).toBe(expected);
  });

  it('treats the last day as inclusive', () => {
    expect(isActiveOn('2025-04-01', '2025-04-30', '2025-04-30')).toBe(true);
    expect(isActiveOn('2025-04-01', '2025-04-29', '2025-04-30')).toBe(false);
  });

  it.each([
    ['2025-03-31T22:30:00Z', '2025-04-01'],
    ['2025-01-31T22:59:59Z', '2025-01-31'],
    ['2025-01-31T23:00:00Z', '2025-02-01'],
  ])('the Stockholm date of %s is %s', (instant, date) => {
    expect(toStockholmDate(new Date(instant))).toBe(date);
  });

  it.each([
    ['2025-04', '2025-05'],
    ['2025-12', '2026-01'],
    ['1999-12', '2000-01'],
  ])('the period after %s is %s', (period, next) => {
    expect(nextPeriod(period)).toBe(next);
  });

  it('refuses the period after a non-period', () => {
    expect(() => nextPeriod('2025-13')).toThrow(expect.objectContaining({ code: BillingExceptionCode.INVALID_PERIOD }));
  });

  it('lists the twelve periods of a year', () => {
    expect(periodsOfYear(2026)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12']);
  });
});
