import { calendarMonth, daysInMonth, previousMonth } from './calendar-month';
import { MeteringExceptionCode } from './metering.exception';

describe('calendarMonth', () => {
  it.each([
    ['2026-11', '2026-11-30', 30, '2026-10'],
    ['2026-02', '2026-02-28', 28, '2026-01'],
    ['2028-02', '2028-02-29', 29, '2028-01'],
    ['2027-01', '2027-01-31', 31, '2026-12'],
  ])('%s ends on %s, has %i days, follows %s', (period, lastDay, days, before) => {
    const month = calendarMonth(period);
    expect(month).toEqual({ period, firstDay: `${period}-01`, lastDay, days });
    expect(previousMonth(month).period).toBe(before);
  });

  it.each(['2026-13', '2026-1', '26-11', '', undefined])('refuses %p naming the field and the form', (period) => {
    expect(() => calendarMonth(period)).toThrow(expect.objectContaining({ code: MeteringExceptionCode.INVALID_PERIOD, message: expect.stringMatching(/^period: .* is not a month; expected YYYY-MM/) }));
  });

  it.each([
    ['2026-11-01', null, 30],
    ['2026-10-15', '2026-11-01', 1],
    ['2026-11-30', null, 1],
    ['2026-12-01', null, 0],
    ['2026-01-01', '2026-10-31', 0],
  ])('daysInMonth(%s, %s) in 2026-11 is %i', (from, to, days) => {
    expect(daysInMonth(from, to, calendarMonth('2026-11'))).toBe(days);
  });
});
