import { stockholmDate } from './calendar-date';
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
