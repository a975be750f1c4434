import { AccountPhase, accountLifecycleAt, accountStateOn, BookingTerms, preparationDate } from './account-state.policy';
import { stockholmMidnight } from './calendar-date';
import { EmploymentTerms } from './employment-terms.model';
import { IdentityException, IdentityExceptionCode } from './identity.exception';

const e = (employmentId: string, startDate: string, endDate: string | null, rate = 100): EmploymentTerms => ({
  employmentId,
  rate,
  startDate,
  endDate,
});

describe('accountStateOn', () => {
  const autumn = [e('E1', '2025-09-01', '2025-12-31')];

  it.each<[string, AccountPhase, boolean, boolean]>([
    // date, phase, exists, enabled
    ['2025-08-17', 'PENDING', false, false], // 15 days ahead: not yet
    ['2025-08-18', 'PREPARED', true, false], // 14 days ahead: created, disabled
    ['2025-08-31', 'PREPARED', true, false],
    ['2025-09-01', 'ACTIVE', true, true], // first day
    ['2025-12-31', 'ACTIVE', true, true], // last day is inclusive
    ['2026-01-01', 'ENDED', true, false], // disabled after the last day
    ['2026-03-31', 'ENDED', true, false], // last day of 90 days' retention
    ['2026-04-01', 'EXPIRED', false, false], // deleted
  ])('on %s: %s', (date, phase, exists, enabled) => {
    const state = accountStateOn(autumn, date);
    expect(state).toEqual({ phase, exists, enabled, primary: exists ? autumn[0] : null });
  });

  it.each<[string, Partial<{ leadDays: number; retentionDays: number }>, string, AccountPhase]>([
    ['no lead time', { leadDays: 0 }, '2025-08-31', 'PENDING'],
    ['30 days lead time', { leadDays: 30 }, '2025-08-02', 'PREPARED'],
    ['no retention', { retentionDays: 0 }, '2026-01-01', 'EXPIRED'],
    ['one day retention', { retentionDays: 1 }, '2026-01-01', 'ENDED'],
  ])('honours %s', (_, options, date, phase) => {
    expect(accountStateOn(autumn, date, options).phase).toBe(phase);
  });

  it('stays enabled for an open-ended employment', () => {
    expect(accountStateOn([e('E1', '2020-01-01', null)], '2040-01-01')).toMatchObject({ phase: 'ACTIVE', enabled: true });
  });

  it('has nothing for a person with no employments', () => {
    expect(accountStateOn([], '2025-01-01')).toEqual({ phase: 'NONE', exists: false, enabled: false, primary: null });
  });

  it.each<[string, EmploymentTerms[], string, AccountPhase, string | null]>([
    ['two at once: the higher rate is primary', [e('E1', '2025-01-01', null, 50), e('E2', '2025-02-01', '2025-06-30', 100)], '2025-03-01', 'ACTIVE', 'E2'],
    ['the other one ends: the remaining one takes over', [e('E1', '2025-01-01', null, 50), e('E2', '2025-02-01', '2025-06-30', 100)], '2025-07-01', 'ACTIVE', 'E1'],
    ['between jobs, next one within lead time', [e('E1', '2025-01-01', '2025-06-30'), e('E2', '2025-07-10', null)], '2025-07-01', 'PREPARED', 'E2'],
    ['between jobs, next one far off', [e('E1', '2025-01-01', '2025-06-30'), e('E2', '2025-12-01', null)], '2025-07-15', 'ENDED', 'E1'],
    ['retention over, next one far off', [e('E1', '2025-01-01', '2025-06-30'), e('E2', '2025-12-01', null)], '2025-10-01', 'PENDING', null],
    ['substitute bookings back to back', [e('V1', '2025-03-03', '2025-03-03'), e('V2', '2025-03-04', '2025-03-04')], '2025-03-04', 'ACTIVE', 'V2'],
    ['last of several ended decides the primary', [e('E1', '2024-01-01', '2025-02-28', 100), e('E2', '2024-01-01', '2025-03-31', 20)], '2025-04-15', 'ENDED', 'E2'],
    ['retention counts from the last end', [e('E1', '2024-01-01', '2024-06-30'), e('E2', '2024-01-01', '2025-03-31')], '2025-06-29', 'ENDED', 'E2'],
  ])('%s', (_, employments, date, phase, primaryId) => {
    const state = accountStateOn(employments, date);
    expect(state.phase).toBe(phase);
    expect(state.primary?.employmentId ?? null).toBe(primaryId);
  });

  it.each([
    ['2025-12-31T22:59:59Z', 'ACTIVE'], // 23:59:59 in Stockholm on the last day
    ['2025-12-31T23:00:00Z', 'ENDED'], // midnight in Stockholm
  ])('takes an instant as the Stockholm day: %s -> %s', (instant, phase) => {
    expect(accountStateOn(autumn, new Date(instant)).phase).toBe(phase);
  });

  it.each<[string, () => unknown, IdentityExceptionCode]>([
    ['a bad date', () => accountStateOn(autumn, '2025-02-30'), IdentityExceptionCode.INVALID_DATE],
    ['an end before the start', () => accountStateOn([e('E1', '2025-02-01', '2025-01-31')], '2025-01-01'), IdentityExceptionCode.INVALID_EMPLOYMENT],
    ['a bad start date', () => accountStateOn([e('E1', '2025-13-01', null)], '2025-01-01'), IdentityExceptionCode.INVALID_EMPLOYMENT],
    ['negative lead days', () => accountStateOn(autumn, '2025-01-01', { leadDays: -1 }), IdentityExceptionCode.INVALID_ARGUMENT],
    ['fractional retention', () => accountStateOn(autumn, '2025-01-01', { retentionDays: 1.5 }), IdentityExceptionCode.INVALID_ARGUMENT],
  ])('refuses %s', (_, run, code) => {
    expect(run).toThrow(IdentityException);
    try {
      run();
    } catch (error) {
      expect((error as IdentityException).code).toBe(code);
    }
  });
});

describe('preparationDate', () => {
  it.each([
    ['2025-09-01', 14, '2025-08-18'],
    ['2025-03-10', 14, '2025-02-24'],
    ['2024-03-10', 14, '2024-02-25'], // leap year
    ['2025-01-05', 14, '2024-12-22'],
    ['2025-09-01', 0, '2025-09-01'],
  ])('an employment starting %s with %i days lead is prepared on %s', (start, lead, expected) => {
    expect(preparationDate(start, lead)).toBe(expected);
  });
});

describe('accountLifecycleAt', () => {
  /** An instant given as Stockholm wall-clock time, e.g. '2025-09-01 00:05' (CEST in September). */
  const sthlm = (wall: string): Date => {
    const [date, time] = wall.split(' ');
    const midnight = stockholmMidnight(date);
    const [h, m] = time.split(':').map(Number);
    return new Date(midnight.getTime() + (h * 60 + m) * 60_000);
  };
  const autumn = [e('E1', '2025-09-01', '2025-12-31')];

  it.each<[string, AccountPhase, boolean, boolean, boolean, boolean]>([
    // Stockholm time, phase, create, enabled, removeAccess, delete
    ['2025-08-17 23:59', 'PENDING', false, false, true, false],
    ['2025-08-18 00:00', 'PREPARED', true, false, false, false], // lead window opens
    ['2025-08-31 23:59', 'PREPARED', true, false, false, false],
    ['2025-09-01 00:00', 'ACTIVE', true, true, false, false], // first day
    ['2025-12-31 23:59', 'ACTIVE', true, true, false, false], // the last day is inclusive
    ['2026-01-01 00:00', 'ENDED', false, false, true, false], // disabled from 00:00 the day after
    ['2026-03-31 23:59', 'ENDED', false, false, true, false], // the last of 90 days' retention
    ['2026-04-01 00:00', 'EXPIRED', false, false, true, true],
  ])('a day employment at %s: %s', (wall, phase, create, enabled, removeAccess, remove) => {
    const state = accountLifecycleAt(autumn, [], sthlm(wall));
    expect(state).toMatchObject({ phase, create, enabled, removeAccess, delete: remove });
  });

  it.each<[string, string | null]>([
    ['2025-08-01 12:00', '2025-08-18 00:00'], // the lead window
    ['2025-08-18 00:00', '2025-09-01 00:00'], // the first day
    ['2025-10-01 12:00', '2026-01-01 00:00'], // the day after the last
    ['2026-01-01 00:05', '2026-04-01 00:00'], // deletion
    ['2026-04-01 00:05', null],
  ])('at %s the next change is at %s', (wall, next) => {
    expect(accountLifecycleAt(autumn, [], sthlm(wall)).nextChangeAt).toEqual(next === null ? null : sthlm(next));
  });

  it('tells the last day and the first day without access, for the DISABLED event', () => {
    expect(accountLifecycleAt(autumn, [], sthlm('2026-01-05 10:00'))).toMatchObject({
      lastDay: '2025-12-31',
      endedOn: '2026-01-01',
      primary: autumn[0],
      grant: { kind: 'employment', id: 'E1' },
    });
  });

  describe('bookings', () => {
    const hourly = e('T1', '2025-01-01', null, 0);
    const booking = (bookingId: string, from: string, until: string, cancelledAt: string | null = null): BookingTerms => ({
      bookingId,
      employmentId: 'T1',
      accessFrom: sthlm(from),
      accessUntil: sthlm(until),
      cancelledAt: cancelledAt === null ? null : sthlm(cancelledAt),
    });
    const morning = booking('B1', '2025-11-20 08:00', '2025-11-20 12:00');

    it.each<[string, AccountPhase, boolean]>([
      // Stockholm time, phase, enabled (lead and grace 60 minutes)
      ['2025-11-05 23:59', 'PENDING', false],
      ['2025-11-06 00:00', 'PREPARED', false], // 14 days before the booked day
      ['2025-11-20 06:59', 'PREPARED', false],
      ['2025-11-20 07:00', 'ACTIVE', true], // an hour before the booked start
      ['2025-11-20 12:59', 'ACTIVE', true], // grace after the booked end
      ['2025-11-20 13:00', 'ENDED', false], // expires by itself
      ['2026-02-18 23:59', 'ENDED', false],
      ['2026-02-19 00:00', 'EXPIRED', false], // 90 days after the booked day
    ])('at %s: %s', (wall, phase, enabled) => {
      expect(accountLifecycleAt([hourly], [morning], sthlm(wall))).toMatchObject({ phase, enabled });
    });

    it('gives access only within the bookings, not on the employment’s days', () => {
      expect(accountLifecycleAt([hourly], [morning], sthlm('2025-11-20 15:00')).enabled).toBe(false);
      expect(accountLifecycleAt([hourly], [], sthlm('2025-11-20 15:00')).enabled).toBe(true);
    });

    it('honours the configured lead and grace', () => {
      const options = { bookingLeadMinutes: 15, bookingGraceMinutes: 0 };
      expect(accountLifecycleAt([hourly], [morning], sthlm('2025-11-20 07:44'), options).enabled).toBe(false);
      expect(accountLifecycleAt([hourly], [morning], sthlm('2025-11-20 07:45'), options).enabled).toBe(true);
      expect(accountLifecycleAt([hourly], [morning], sthlm('2025-11-20 12:00'), options).enabled).toBe(false);
    });

    it('keeps the account enabled while another employment runs', () => {
      const permanent = e('P1', '2025-01-01', null, 50);
      const state = accountLifecycleAt([hourly, permanent], [morning], sthlm('2025-11-20 14:00'));
      expect(state).toMatchObject({ phase: 'ACTIVE', enabled: true, grant: { kind: 'employment', id: 'P1' } });
    });

    it('keeps a substitute between two bookings disabled, with its groups, and wakes for the next', () => {
      const afternoon = booking('B2', '2025-11-21 13:00', '2025-11-21 17:00');
      const state = accountLifecycleAt([hourly], [morning, afternoon], sthlm('2025-11-20 18:00'));
      expect(state).toMatchObject({ phase: 'PREPARED', enabled: false, removeAccess: false, endedOn: '2025-11-20', grant: { kind: 'booking', id: 'B2' } });
      expect(state.nextChangeAt).toEqual(sthlm('2025-11-21 12:00'));
    });

    it('ends a withdrawn booking when it was withdrawn, and never opens one withdrawn before it began', () => {
      const cancelledWhileOpen = booking('B1', '2025-11-20 08:00', '2025-11-20 12:00', '2025-11-20 09:30');
      expect(accountLifecycleAt([hourly], [cancelledWhileOpen], sthlm('2025-11-20 09:29')).enabled).toBe(true);
      expect(accountLifecycleAt([hourly], [cancelledWhileOpen], sthlm('2025-11-20 09:30'))).toMatchObject({ phase: 'ENDED', enabled: false });
      const cancelledBefore = booking('B1', '2025-11-20 08:00', '2025-11-20 12:00', '2025-11-19 10:00');
      expect(accountLifecycleAt([hourly], [cancelledBefore], sthlm('2025-11-20 08:00'))).toMatchObject({ enabled: false, create: false });
    });

    it('refuses a booking that ends before it starts', () => {
      const backwards = { ...morning, accessUntil: morning.accessFrom };
      expect(() => accountLifecycleAt([hourly], [backwards], sthlm('2025-11-20 08:00'))).toThrow(IdentityException);
    });
  });

  it.each<[string, EmploymentTerms[], string, AccountPhase, string | null, boolean]>([
    // name, employments, Stockholm time, phase, primary, removeAccess
    ['a second employment with a higher rate takes over on its start', [e('E1', '2025-01-01', null, 50), e('E2', '2025-03-01', null, 100)], '2025-03-01 00:00', 'ACTIVE', 'E2', false],
    ['before that, the running one is primary', [e('E1', '2025-01-01', null, 50), e('E2', '2025-03-01', null, 100)], '2025-02-28 23:59', 'ACTIVE', 'E1', false],
    ['the second one ends: the first keeps the account', [e('E1', '2025-01-01', null, 50), e('E2', '2025-03-01', '2025-04-30', 100)], '2025-05-01 00:05', 'ACTIVE', 'E1', false],
    ['between jobs, the next within the lead time: kept with its groups', [e('E1', '2025-01-01', '2025-06-30'), e('E2', '2025-07-10', null)], '2025-07-01 00:05', 'PREPARED', 'E2', false],
    ['between jobs, the next far off: disabled, groups removed', [e('E1', '2025-01-01', '2025-06-30'), e('E2', '2025-12-01', null)], '2025-07-01 00:05', 'ENDED', 'E1', true],
    ['retention over but a new job ahead: kept, not deleted', [e('E1', '2025-01-01', '2025-06-30'), e('E2', '2025-12-01', null)], '2025-10-01 00:05', 'PENDING', null, true],
  ])('%s', (_, employments, wall, phase, primaryId, removeAccess) => {
    const state = accountLifecycleAt(employments, [], sthlm(wall));
    expect(state).toMatchObject({ phase, removeAccess, delete: false });
    expect(state.primary?.employmentId ?? null).toBe(primaryId);
  });

  it('has nothing to do for a person without employments', () => {
    expect(accountLifecycleAt([], [], new Date())).toMatchObject({ phase: 'NONE', create: false, delete: false, nextChangeAt: null });
  });

  it.each<[string, () => unknown]>([
    ['negative booking lead minutes', () => accountLifecycleAt(autumn, [], new Date(), { bookingLeadMinutes: -1 })],
    ['an invalid instant', () => accountLifecycleAt(autumn, [], new Date('x'))],
  ])('refuses %s', (_, run) => {
    expect(run).toThrow(IdentityException);
  });
});
