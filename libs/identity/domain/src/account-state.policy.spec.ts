import { AccountPhase, accountStateOn, preparationDate } from './account-state.policy';
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
