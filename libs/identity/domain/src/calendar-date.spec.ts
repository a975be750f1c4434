import { addDays, stockholmDate, stockholmMidnight } from './calendar-date';
import { IdentityException } from './identity.exception';

describe('stockholmDate', () => {
  it.each([
    ['2025-01-15T22:59:59Z', '2025-01-15'], // winter, UTC+1
    ['2025-01-15T23:00:00Z', '2025-01-16'],
    ['2025-06-15T21:59:59Z', '2025-06-15'], // summer, UTC+2
    ['2025-06-15T22:00:00Z', '2025-06-16'],
    ['2025-03-29T23:00:00Z', '2025-03-30'], // the night summer time starts
    ['2025-10-25T22:00:00Z', '2025-10-26'], // the night summer time ends
    ['2025-10-26T22:59:59Z', '2025-10-26'],
    ['2024-12-31T23:00:00Z', '2025-01-01'],
  ])('%s is %s in Stockholm', (instant, expected) => {
    expect(stockholmDate(new Date(instant))).toBe(expected);
  });

  it('refuses an invalid Date', () => {
    expect(() => stockholmDate(new Date('not a date'))).toThrow(IdentityException);
  });
});

describe('stockholmMidnight', () => {
  it.each([
    ['2025-01-16', '2025-01-15T23:00:00.000Z'], // winter
    ['2025-06-16', '2025-06-15T22:00:00.000Z'], // summer
    ['2025-03-30', '2025-03-29T23:00:00.000Z'], // summer time starts at 02:00 that day: midnight is still UTC+1
    ['2025-03-31', '2025-03-30T22:00:00.000Z'], // the first midnight of summer time
    ['2025-10-26', '2025-10-25T22:00:00.000Z'], // summer time ends at 03:00 that day: midnight is still UTC+2
    ['2025-10-27', '2025-10-26T23:00:00.000Z'],
    ['2024-02-29', '2024-02-28T23:00:00.000Z'],
  ])('%s begins at %s', (date, instant) => {
    expect(stockholmMidnight(date).toISOString()).toBe(instant);
    expect(stockholmDate(stockholmMidnight(date))).toBe(date);
  });

  it.each(['2025-02-30', '2025-1-1', ''])('refuses %j', (date) => {
    expect(() => stockholmMidnight(date)).toThrow(IdentityException);
  });
});

describe('addDays', () => {
  it.each([
    ['2025-12-31', 1, '2026-01-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2025-03-01', -1, '2025-02-28'],
    ['2025-12-31', 91, '2026-04-01'],
  ])('%s + %i days is %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });
});
