import { addDays, addMonths, isIsoDate, stockholmToday } from './city-calendar.util';

describe('city calendar dates', () => {
  it.each([
    ['2026-11-22', 1, '2026-12-22'],
    ['2026-12-15', 1, '2027-01-15'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-08-31', 6, '2027-02-28'],
  ])('%s plus %i month(s) is %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it.each([
    ['2026-03-28', 2, '2026-03-30'],
    ['2026-10-24', 2, '2026-10-26'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-01-01', -1, '2025-12-31'],
  ])('%s plus %i day(s) is %s, across daylight saving changes too', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it.each([
    ['2026-02-28', true],
    ['2028-02-29', true],
    ['2026-02-29', false],
    ['2026-13-01', false],
    ['26-01-01', false],
  ])('%s is a date: %s', (value, valid) => {
    expect(isIsoDate(value)).toBe(valid);
  });

  it('takes today in Stockholm, not in UTC', () => {
    expect(stockholmToday(new Date('2026-11-22T23:30:00Z'))).toBe('2026-11-23');
    expect(stockholmToday(new Date('2026-06-30T21:59:00Z'))).toBe('2026-06-30');
    expect(stockholmToday(new Date('2026-06-30T22:00:00Z'))).toBe('2026-07-01');
  });
});
