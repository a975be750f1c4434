import { Booking, cancelBooking, checkBooking, classifyRebooking, lastDayOf, withoutBookingIds } from './booking.rules';
import { HrFeedException, HrFeedExceptionCode } from './hr-feed.exception';
import { parseSnapshot } from './snapshot.parser';
import { SNAPSHOT_COLUMNS } from './snapshot-row.rules';

// 10:00 in Stockholm (winter time, UTC+1).
const NOW = new Date('2025-03-10T09:00:00Z');
const TODAY = '2025-03-10';
const knownCustomers = new Set(['N138', 'B110']);
const body = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  bookingId: 'B-2025-0001',
  personnummer: '19850709-9805',
  givenName: 'Anna',
  surname: 'Svensson',
  customerCode: 'N138',
  unitCode: 'U100',
  form: 'VIK',
  from: '2025-03-10T10:20:00+01:00',
  to: '2025-03-10T16:00:00+01:00',
  ...overrides,
});
const book = (overrides: Record<string, unknown> = {}): Booking => checkBooking(body(overrides), knownCustomers, NOW);

function refusal(run: () => unknown): HrFeedException {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(HrFeedException);
    return error as HrFeedException;
  }
  throw new Error('expected the booking to be refused');
}

describe('checkBooking', () => {
  it('builds an employment with the booking id, the Stockholm days of the window, and the exact window', () => {
    expect(book()).toEqual({
      employment: {
        employmentId: 'B-2025-0001',
        personnummer: '198507099805',
        givenName: 'Anna',
        surname: 'Svensson',
        customerCode: 'N138',
        unitCode: 'U100',
        unitName: '',
        costCentre: '',
        jobCode: '',
        jobTitle: '',
        form: 'VIK',
        rate: 0,
        startDate: TODAY,
        endDate: TODAY,
        managerEmploymentId: null,
        protectedIdentity: false,
      },
      accessFrom: new Date('2025-03-10T09:20:00Z'),
      accessUntil: new Date('2025-03-10T15:00:00Z'),
    });
  });

  it('takes the optional fields, an hourly form with its rate, and keeps names such as *)( as data', () => {
    const booking = book({ form: 'TIM', rate: 40, unitName: 'Skola Norr', jobCode: 'AID200', jobTitle: 'Lärare', costCentre: '4800', givenName: '*)(uid=*', protectedIdentity: true });
    expect(booking.employment).toMatchObject({ form: 'TIM', rate: 40, unitName: 'Skola Norr', jobCode: 'AID200', jobTitle: 'Lärare', costCentre: '4800', givenName: '*)(uid=*', protectedIdentity: true });
  });

  it.each([
    // from, to, start date, end date
    ['2025-03-10T23:30:00Z', '2025-03-11T06:00:00Z', '2025-03-11', '2025-03-11'], // 00:30 Stockholm is already the 11th
    ['2025-03-10T18:00:00+01:00', '2025-03-11T00:00:00+01:00', TODAY, TODAY], // ends at midnight: the 11th is never reached
    ['2025-03-10T22:00:00+01:00', '2025-03-11T00:00:01+01:00', TODAY, '2025-03-11'],
    ['2025-03-29T20:00:00+01:00', '2025-03-30T08:00:00+02:00', '2025-03-29', '2025-03-30'], // across the change to summer time
  ])('books %s to %s on %s to %s', (from, to, startDate, endDate) => {
    expect(book({ from, to }).employment).toMatchObject({ startDate, endDate });
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ['a permanent form', { form: 'TV' }, 'form', /^form 'TV' is not a booking form; allowed: VIK \(substitute\) or TIM \(hourly\)/],
    ['an unknown form', { form: 'X' }, 'form', /^form 'X' is not a booking form/],
    ['a start without its offset', { from: '2025-03-10T10:20:00' }, 'from', /^from '2025-03-10T10:20:00' is not an instant; allowed: an ISO-8601 instant with its offset/],
    ['a start on a day that does not exist', { from: '2025-02-30T10:20:00Z' }, 'from', /^from '2025-02-30T10:20:00Z' is not an instant/],
    ['a date without a time', { to: '2025-03-11' }, 'to', /^to '2025-03-11' is not an instant/],
    ['no end', { to: undefined }, 'to', /^to is empty; it is mandatory/],
    ['an end before the start', { to: '2025-03-10T09:00:00+01:00' }, 'to', /^to 2025-03-10T09:00:00\+01:00 is not after from 2025-03-10T10:20:00\+01:00/],
    ['an end equal to the start', { to: '2025-03-10T09:20:00Z' }, 'to', /is not after from/],
    ['an end that has passed', { from: '2025-03-10T06:00:00+01:00', to: '2025-03-10T09:59:00+01:00' }, 'to', /^to 2025-03-10T09:59:00\+01:00 has passed; allowed: a booking that ends in the future/],
    ['a booking of 367 days', { from: '2025-03-10T10:20:00+01:00', to: '2026-03-12T10:20:00+01:00' }, 'to', /^the booking is 367 days long; allowed: at most 366 days/],
    ['a wrong check digit', { personnummer: '19850709-9806' }, 'personnummer', /^personnummer is not a valid personnummer or samordningsnummer/],
    ['an unknown customer', { customerCode: 'K999' }, 'customerCode', /^customerCode 'K999' is not a known customer/],
    ['a booking id with a space', { bookingId: 'B 1' }, 'bookingId', /^bookingId 'B 1' is not a valid employment id; allowed: 1-16 characters/],
    ['no given name', { givenName: '' }, 'givenName', /^givenName is empty; it is mandatory/],
    ['a rate over 100', { rate: 120 }, 'rate', /^rate '120' is out of range/],
  ])('refuses %s with INVALID_BOOKING naming the field', (_, overrides, field, message) => {
    const error = refusal(() => book(overrides));
    expect(error.code).toBe(HrFeedExceptionCode.INVALID_BOOKING);
    expect(error.details).toEqual([{ field, message: expect.stringMatching(message) }]);
    expect(error.message).not.toMatch(/850709/);
  });

  it('takes a booking of exactly 366 days', () => {
    expect(book({ from: '2025-03-10T10:20:00+01:00', to: '2026-03-11T10:20:00+01:00' }).employment.endDate).toBe('2026-03-11');
  });

  it.each<[string, unknown, string, RegExp]>([
    ['text', 'B-1', 'body', /^body is a string; allowed: a JSON object with the fields of a booking: bookingId, personnummer/],
    ['a rate as text', body({ rate: '0' }), 'rate', /^rate is a string/],
    ['a start as epoch milliseconds', body({ from: 1741598400000 }), 'from', /^from is a number; allowed: a string/],
    ['a misspelt field', body({ untill: '2025-03-10T16:00:00+01:00' }), 'untill', /^"untill" is not a field of a booking/],
  ])('refuses %s with INVALID_INPUT naming the field', (_, input, field, message) => {
    const error = refusal(() => checkBooking(input, knownCustomers, NOW));
    expect(error.code).toBe(HrFeedExceptionCode.INVALID_INPUT);
    expect(error.details).toEqual([{ field, message: expect.stringMatching(message) }]);
  });
});

describe('lastDayOf', () => {
  it.each([
    ['2025-03-11T00:00:00+01:00', '2025-03-10'],
    ['2025-03-10T23:00:00Z', '2025-03-10'],
    ['2025-03-10T23:00:00.001Z', '2025-03-11'],
  ])('%s -> %s', (until, day) => {
    expect(lastDayOf(new Date(until))).toBe(day);
  });
});

describe('classifyRebooking', () => {
  it.each<[string, string | null, Record<string, unknown>]>([
    ['the same booking', null, {}],
    ['a later end', 'UPDATED', { to: '2025-03-10T17:00:00+01:00' }],
    ['an earlier start on the same day', 'UPDATED', { from: '2025-03-10T10:10:00+01:00' }],
    ['another day', 'UPDATED', { to: '2025-03-11T16:00:00+01:00' }],
    ['another unit', 'MOVER', { unitCode: 'U200' }],
    ['a new surname', 'UPDATED', { surname: 'Lind' }],
  ])('%s -> %s', (_, kind, overrides) => {
    expect(classifyRebooking(book(), book(overrides), TODAY)).toBe(kind);
  });
});

describe('cancelBooking', () => {
  it('ends a booking that has begun now, keeping its start', () => {
    const started = book({ from: '2025-03-10T08:00:00+01:00' });
    expect(cancelBooking(started, NOW)).toEqual({
      employment: { ...started.employment, startDate: TODAY, endDate: TODAY },
      accessFrom: new Date('2025-03-10T07:00:00Z'),
      accessUntil: NOW,
    });
  });

  it('gives a booking that has not begun an empty window ending now, starting and ending today', () => {
    const tomorrow = book({ from: '2025-03-11T07:00:00+01:00', to: '2025-03-12T16:00:00+01:00' });
    const cancelled = cancelBooking(tomorrow, NOW);
    expect(cancelled?.employment).toMatchObject({ startDate: TODAY, endDate: TODAY });
    expect(cancelled?.accessUntil).toEqual(NOW);
    expect(cancelled?.accessFrom).toEqual(new Date(NOW.getTime() - 1));
  });

  it('keeps an earlier start date of a booking that runs for days', () => {
    const long = book({ from: '2025-03-01T07:00:00+01:00', to: '2025-03-20T16:00:00+01:00' });
    expect(cancelBooking(long, NOW)?.employment).toMatchObject({ startDate: '2025-03-01', endDate: TODAY });
  });

  it('has nothing to do for a booking that is over', () => {
    const booking = book();
    expect(cancelBooking(booking, new Date('2025-03-10T15:00:00Z'))).toBeNull();
  });
});

describe('withoutBookingIds', () => {
  const row = (id: string, pnr: string) => [id, pnr, 'Anna', 'Svensson', 'N138', 'U100', 'Hemtjänst', '4711', 'AID123', 'Undersköterska', 'TV', '100', '2024-01-15', '', '', 'N'].join(';');
  const parsed = parseSnapshot(Buffer.from([SNAPSHOT_COLUMNS.join(';'), row('1001', '198507099805'), row('B-7', '198507699802'), row('1003', '198507099805x')].join('\n')), {
    encoding: 'utf8',
    knownCustomers,
  });

  it('rejects the row that carries a booking id, on its line, and keeps the rest', () => {
    const checked = withoutBookingIds(parsed, new Set(['B-7', 'B-8']));
    expect(checked.employments.map((e) => e.employmentId)).toEqual(['1001']);
    expect(checked.rejected.map((r) => [r.line, r.field, r.employmentId])).toEqual([
      [3, 'anstallningsnr', 'B-7'],
      [4, 'personnr', '1003'],
    ]);
    expect(checked.rejected[0].message).toBe("anstallningsnr 'B-7' is the id of a substitute booking (vikariebokning); allowed: an id no booking uses");
  });

  it('leaves a snapshot without booking ids as it is', () => {
    expect(withoutBookingIds(parsed, new Set())).toBe(parsed);
    expect(withoutBookingIds(parsed, new Set(['B-8'])).employments).toHaveLength(2);
  });
});
