import { HrFeedException } from './hr-feed.exception';
import { stockholmDate } from './stockholm-date';

describe('stockholmDate', () => {
  it.each([
    // instant (UTC), Swedish calendar date
    ['2025-03-09T22:59:59Z', '2025-03-09'], // winter time, UTC+1: one second before midnight
    ['2025-03-09T23:00:00Z', '2025-03-10'], // midnight in Stockholm, still the 9th in UTC
    ['2025-03-30T00:30:00Z', '2025-03-30'], // the night daylight saving starts
    ['2025-06-30T21:59:59Z', '2025-06-30'], // summer time, UTC+2
    ['2025-06-30T22:00:00Z', '2025-07-01'],
    ['2025-10-26T00:30:00Z', '2025-10-26'], // the night daylight saving ends
    ['2025-12-31T23:00:00Z', '2026-01-01'], // new year comes an hour early
  ])('%s is %s in Stockholm', (instant, expected) => {
    expect(stockholmDate(new Date(instant))).toBe(expected);
  });

  it('refuses an invalid date', () => {
    expect(() => stockholmDate(new Date('not a date'))).toThrow(HrFeedException);
  });
});
