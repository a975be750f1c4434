import { lastDayHeld } from './last-day-held.util';

describe('lastDayHeld: the day before the end, never before the first day', () => {
  it.each([
    ['2026-11-21', '2026-11-03', '2026-11-20'],
    ['2026-12-01', '2026-11-10', '2026-11-30'],
    ['2026-03-01', '2026-01-01', '2026-02-28'],
    ['2028-03-01', '2028-01-01', '2028-02-29'],
    ['2027-01-01', '2026-06-01', '2026-12-31'],
    ['2026-11-03', '2026-11-03', '2026-11-03'],
    ['2026-10-15', '2026-11-03', '2026-11-03'],
  ])('ends on %s after starting %s: last day %s', (end, first, last) => {
    expect(lastDayHeld(end, first)).toBe(last);
  });
});
