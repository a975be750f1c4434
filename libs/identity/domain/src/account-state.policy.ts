import { dateOfDayNumber, dayNumber, stockholmDate } from './calendar-date';
import { EmploymentTerms } from './employment-terms.model';
import { IdentityException, IdentityExceptionCode } from './identity.exception';
import { primaryEmployment } from './primary-employment.policy';

/**
 * - NONE: no employments at all.
 * - PENDING: the next employment starts beyond the lead time; no account yet.
 * - PREPARED: created ahead of the start date, disabled until then.
 * - ACTIVE: enabled; at least one employment runs on the date.
 * - ENDED: disabled after the last day, kept for the retention period.
 * - EXPIRED: retention is over; the account is to be deleted.
 */
export type AccountPhase = 'NONE' | 'PENDING' | 'PREPARED' | 'ACTIVE' | 'ENDED' | 'EXPIRED';

export interface AccountState<T extends EmploymentTerms> {
  readonly exists: boolean;
  readonly enabled: boolean;
  /** The employment that sets OU, department, title, manager and customer; null when no account should exist. */
  readonly primary: T | null;
  readonly phase: AccountPhase;
}

export interface AccountStateOptions {
  /** Days before the first day that the (disabled) account is created. Default 14. */
  readonly leadDays?: number;
  /** Days after the last day that the disabled account is kept before deletion. Default 90. */
  readonly retentionDays?: number;
}

export const DEFAULT_LEAD_DAYS = 14;
export const DEFAULT_RETENTION_DAYS = 90;

/**
 * The account a person should have on a date, from all their employments (any order).
 *
 * `date` is a Europe/Stockholm calendar date YYYY-MM-DD, or an instant converted with stockholmDate.
 * An employment is active from its start date through its end date inclusive, so the account is
 * disabled from the first Swedish day after the last end. The account exists from `leadDays` before
 * a start date (disabled) until `retentionDays` after the last end (the last day it exists is
 * end + retentionDays). Among simultaneous employments the primary one is chosen by primaryEmployment;
 * a person between jobs whose next start is within the lead time gets the new job as primary.
 */
export function accountStateOn<T extends EmploymentTerms>(
  employments: readonly T[],
  date: string | Date,
  options: AccountStateOptions = {},
): AccountState<T> {
  const leadDays = dayCount('leadDays', options.leadDays ?? DEFAULT_LEAD_DAYS);
  const retentionDays = dayCount('retentionDays', options.retentionDays ?? DEFAULT_RETENTION_DAYS);
  const isoDate = typeof date === 'string' ? date : stockholmDate(date);
  const today = dayNumber(isoDate);
  if (today === null) {
    throw new IdentityException(IdentityExceptionCode.INVALID_DATE, `date '${isoDate}' is not a date; allowed: YYYY-MM-DD`);
  }
  if (employments.length === 0) return { exists: false, enabled: false, primary: null, phase: 'NONE' };

  const terms = employments.map((employment) => ({ employment, ...daysOf(employment) }));

  const active = terms.filter((t) => t.start <= today && (t.end === null || today <= t.end));
  if (active.length > 0) {
    return { exists: true, enabled: true, primary: primaryEmployment(active.map((t) => t.employment)), phase: 'ACTIVE' };
  }

  const upcoming = terms.filter((t) => t.start > today && t.start - leadDays <= today);
  if (upcoming.length > 0) {
    // The soonest start wins: that is the job the person turns up for first.
    const soonest = Math.min(...upcoming.map((t) => t.start));
    const first = upcoming.filter((t) => t.start === soonest).map((t) => t.employment);
    return { exists: true, enabled: false, primary: primaryEmployment(first), phase: 'PREPARED' };
  }

  const ended = terms.filter((t): t is typeof t & { end: number } => t.end !== null && t.end < today);
  if (ended.length > 0) {
    const lastEnd = Math.max(...ended.map((t) => t.end));
    if (today <= lastEnd + retentionDays) {
      const last = ended.filter((t) => t.end === lastEnd).map((t) => t.employment);
      return { exists: true, enabled: false, primary: primaryEmployment(last), phase: 'ENDED' };
    }
    if (terms.every((t) => t.start < today)) return { exists: false, enabled: false, primary: null, phase: 'EXPIRED' };
  }
  return { exists: false, enabled: false, primary: null, phase: 'PENDING' };
}

/** The first day a person's account should exist for an employment, given the lead time. */
export function preparationDate(startDate: string, leadDays = DEFAULT_LEAD_DAYS): string {
  const start = dayNumber(startDate);
  if (start === null) {
    throw new IdentityException(IdentityExceptionCode.INVALID_DATE, `startDate '${startDate}' is not a date; allowed: YYYY-MM-DD`);
  }
  return dateOfDayNumber(start - dayCount('leadDays', leadDays));
}

function daysOf(employment: EmploymentTerms): { start: number; end: number | null } {
  const start = dayNumber(employment.startDate);
  const end = employment.endDate === null ? null : dayNumber(employment.endDate);
  const id = employment.employmentId;
  if (start === null) {
    throw new IdentityException(
      IdentityExceptionCode.INVALID_EMPLOYMENT,
      `employment ${id}: startDate '${employment.startDate}' is not a date; allowed: YYYY-MM-DD`,
    );
  }
  if (employment.endDate !== null && (end === null || end < start)) {
    throw new IdentityException(
      IdentityExceptionCode.INVALID_EMPLOYMENT,
      `employment ${id}: endDate '${employment.endDate}' is not allowed; allowed: a date YYYY-MM-DD on or after startDate ${employment.startDate}, or null`,
    );
  }
  return { start, end };
}

function dayCount(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new IdentityException(IdentityExceptionCode.INVALID_ARGUMENT, `${name} ${value} is not allowed; allowed: a whole number of days >= 0`);
  }
  return value;
}
