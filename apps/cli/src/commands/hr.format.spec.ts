import { formatBooking, formatEmploymentChange } from './hr.format';

describe('formatBooking', () => {
  it.each([
    ['booked', 'booking B-1: booked; the joiner was announced'],
    ['updated', 'booking B-1: updated; the change was announced'],
    ['cancelled', 'booking B-1: cancelled; access ends now'],
    ['unchanged', 'booking B-1: unchanged; nothing was announced'],
    ['something-new', 'booking B-1: something-new'],
  ])('says what %s means', (status, line) => {
    expect(formatBooking({ bookingId: 'B-1', status }).split('\n')).toEqual([line]);
  });

  it('adds the other fields indented, "-" for none', () => {
    expect(formatBooking({ bookingId: 'B-1', status: 'unchanged', personId: 'p-1', changeId: null }).split('\n')).toEqual([
      'booking B-1: unchanged; nothing was announced',
      '  personId: p-1',
      '  changeId: -',
    ]);
  });
});

describe('formatEmploymentChange', () => {
  it('names the kind and the last day', () => {
    expect(formatEmploymentChange({ employmentId: '1001', change: 'LEAVER' }, '2026-11-30')).toBe('employment 1001: LEAVER, last day 2026-11-30');
  });

  it('says when the employment already ended on that day', () => {
    expect(formatEmploymentChange({ employmentId: '1001', change: 'UNCHANGED' }, '2026-11-30')).toBe(
      'employment 1001: unchanged; it already ends on 2026-11-30, nothing was announced',
    );
  });
});
