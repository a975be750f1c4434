import { addDays, addMonths, dayNumber, isCalendarDate, stockholmDate, stockholmMidnight } from './calendar';

describe('calendar', () => {
  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2026-13-01', false],
    ['2026-1-01', false],
    ['20261122', false],
  ])('isCalendarDate(%s) is %s', (value, expected) => {
    expect(isCalendarDate(value)).toBe(expected);
    expect(dayNumber(value) !== null).toBe(expected);
  });

  it.each([
    ['2026-03-28', 2, '2026-03-30'],
    ['2026-01-01', -1, '2025-12-31'],
    ['2024-02-28', 1, '2024-02-29'],
  ])('addDays(%s, %d) is %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2026-11-22', -11, '2025-12-22'],
  ])('addMonths(%s, %d) is %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it.each([
    ['2026-11-22T23:30:00Z', '2026-11-23'],
    ['2026-07-01T21:59:59Z', '2026-07-01'],
    ['2026-07-01T22:00:00Z', '2026-07-02'],
  ])('the Stockholm date at %s is %s', (instant, expected) => {
    expect(stockholmDate(new Date(instant))).toBe(expected);
  });

  it.each([
    ['2026-01-15', '2026-01-14T23:00:00.000Z'],
    ['2026-07-15', '2026-07-14T22:00:00.000Z'],
    ['2026-03-29', '2026-03-28T23:00:00.000Z'],
    ['2026-10-25', '2026-10-24T22:00:00.000Z'],
  ])('Stockholm midnight of %s is %s', (date, instant) => {
    expect(stockholmMidnight(date).toISOString()).toBe(instant);
  });

  it('names a bad date and what is allowed', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow("date '2026-02-30' is not a date; allowed: YYYY-MM-DD");
    expect(() => stockholmDate(new Date('nope'))).toThrow('instant is not a valid date');
  });
});
