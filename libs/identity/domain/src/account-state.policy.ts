import { addDays, dateOfDayNumber, dayNumber, stockholmDate, stockholmMidnight } from './calendar-date';
import { EmploymentTerms } from './employment-terms.model';
import { IdentityException, IdentityExceptionCode } from './identity.exception';
import { primaryEmployment } from './primary-employment.policy';

/**
 * - NONE: no employments at all.
 * - PENDING: nothing runs now and nothing starts within the lead time; no account is created
 *   (an existing one is kept, disabled, when something is still ahead).
 * - PREPARED: created ahead of the first day or booking, disabled until then.
 * - ACTIVE: enabled; an employment runs on the day, or a booking's window is open.
 * - ENDED: disabled after the last day, kept for the retention period.
 * - EXPIRED: retention is over and nothing is ahead; the account is to be deleted.
 */
export type AccountPhase = 'NONE' | 'PENDING' | 'PREPARED' | 'ACTIVE' | 'ENDED' | 'EXPIRED';

export interface AccountState<T extends EmploymentTerms> {
  readonly exists: boolean;
  readonly enabled: boolean;
  /** The employment that sets OU, department, title, manager and customer; null when no account should exist. */
  readonly primary: T | null;
  readonly phase: AccountPhase;
}

/**
 * A substitute or hourly booking (vikariebokning) of one employment: access exact to the minute.
 * An employment with bookings gives access only within them, never for its whole days.
 */
export interface BookingTerms {
  readonly bookingId: string;
  readonly employmentId: string;
  /** The booked start. */
  readonly accessFrom: Date;
  /** The booked end. */
  readonly accessUntil: Date;
  /** When HR withdrew the booking; null while it stands. */
  readonly cancelledAt: Date | null;
}

export interface AccountStateOptions {
  /** Days before the first day (or a booking's day) that the (disabled) account is created. Default 14. */
  readonly leadDays?: number;
  /** Days after the last day that the disabled account is kept before deletion. Default 90. */
  readonly retentionDays?: number;
  /** Minutes before a booking's start that the account is enabled. Default 60. */
  readonly bookingLeadMinutes?: number;
  /** Minutes after a booking's end that the account stays enabled. Default 60. */
  readonly bookingGraceMinutes?: number;
}

export const DEFAULT_LEAD_DAYS = 14;
export const DEFAULT_RETENTION_DAYS = 90;
export const DEFAULT_BOOKING_LEAD_MINUTES = 60;
export const DEFAULT_BOOKING_GRACE_MINUTES = 60;

/** What grants (or last granted) the account: an employment's days or one booking's window. */
export interface AccountGrant {
  readonly kind: 'employment' | 'booking';
  /** The employment id, or the booking id. */
  readonly id: string;
}

/** The account a person should have at an instant, and what to do about it. */
export interface AccountLifecycle<T extends EmploymentTerms> extends AccountState<T> {
  /** Create the account now if the person has none (PREPARED, ACTIVE). A leaver never gets a new one. */
  readonly create: boolean;
  /** Delete the account now (EXPIRED). */
  readonly delete: boolean;
  /**
   * Take the account's access (group memberships) away: nothing runs now and nothing starts
   * within the lead time (ENDED, PENDING, EXPIRED). A disabled account expected back within the
   * lead time (PREPARED: the next booking, a job starting soon) keeps its groups.
   */
  readonly removeAccess: boolean;
  /** ACTIVE: the primary's grant; PREPARED: the soonest; otherwise the grant that ended last. */
  readonly grant: AccountGrant | null;
  /** The grant that ended last, when nothing runs now (what a DISABLED is for: a leaver's last day or a booking's end). */
  readonly ended: AccountGrant | null;
  /** The last day with access (YYYY-MM-DD, Stockholm) when nothing runs now and something has ended. */
  readonly lastDay: string | null;
  /** The first day without access: when the account was (or should have been) disabled. */
  readonly endedOn: string | null;
  /** The next instant the state changes by itself (no new HR data), or null when it never does. */
  readonly nextChangeAt: Date | null;
}

interface Grant<T> {
  employment: T;
  grant: AccountGrant;
  /** Milliseconds since the epoch. */
  prepareFrom: number;
  activeFrom: number;
  /** Exclusive; null while open-ended. */
  activeUntil: number | null;
  /** Null while open-ended. */
  lastDay: string | null;
  deleteAt: number | null;
}

const MINUTE_MS = 60_000;

/**
 * The account a person should have at `now`, from all their employments and bookings (any order).
 *
 * - An employment without bookings runs from 00:00 Stockholm on its start date to 00:00 the day
 *   after its end date (end inclusive). Its account is created, disabled, `leadDays` before the
 *   start (00:00 Stockholm).
 * - An employment with bookings runs only in its bookings' windows: from `bookingLeadMinutes`
 *   before access_from to `bookingGraceMinutes` after access_until. A booking is prepared like a
 *   day (leadDays before its Stockholm day). A cancelled booking ends when it was cancelled.
 * - While anything runs the account is enabled; the primary among the running employments decides
 *   its attributes. Otherwise the soonest start within the lead time prepares it (disabled); after
 *   the last end it is disabled and deleted `retentionDays` after the last day (00:00 Stockholm
 *   of day lastDay + retentionDays + 1), unless something new is ahead: then it waits, disabled.
 */
export function accountLifecycleAt<T extends EmploymentTerms>(
  employments: readonly T[],
  bookings: readonly BookingTerms[],
  now: Date,
  options: AccountStateOptions = {},
): AccountLifecycle<T> {
  const leadDays = count('leadDays', options.leadDays ?? DEFAULT_LEAD_DAYS);
  const retentionDays = count('retentionDays', options.retentionDays ?? DEFAULT_RETENTION_DAYS);
  const bookingLead = count('bookingLeadMinutes', options.bookingLeadMinutes ?? DEFAULT_BOOKING_LEAD_MINUTES) * MINUTE_MS;
  const bookingGrace = count('bookingGraceMinutes', options.bookingGraceMinutes ?? DEFAULT_BOOKING_GRACE_MINUTES) * MINUTE_MS;
  const at = now.getTime();
  if (Number.isNaN(at)) throw new IdentityException(IdentityExceptionCode.INVALID_DATE, 'now is not a valid date');

  const none: AccountLifecycle<T> = {
    phase: 'NONE',
    exists: false,
    enabled: false,
    primary: null,
    create: false,
    delete: false,
    removeAccess: false,
    grant: null,
    ended: null,
    lastDay: null,
    endedOn: null,
    nextChangeAt: null,
  };
  if (employments.length === 0) return none;

  const deleteAfter = (lastDay: string): number => stockholmMidnight(addDays(lastDay, retentionDays + 1)).getTime();
  const byId = new Map(employments.map((e) => [e.employmentId, e]));
  const booked = new Set(bookings.map((b) => b.employmentId));
  const grants: Grant<T>[] = [];

  for (const employment of employments) {
    const { start, end } = daysOf(employment);
    if (booked.has(employment.employmentId)) continue;
    const lastDay = end === null ? null : dateOfDayNumber(end);
    grants.push({
      employment,
      grant: { kind: 'employment', id: employment.employmentId },
      prepareFrom: stockholmMidnight(dateOfDayNumber(start - leadDays)).getTime(),
      activeFrom: stockholmMidnight(dateOfDayNumber(start)).getTime(),
      activeUntil: end === null ? null : stockholmMidnight(dateOfDayNumber(end + 1)).getTime(),
      lastDay,
      deleteAt: lastDay === null ? null : deleteAfter(lastDay),
    });
  }
  for (const booking of bookings) {
    const employment = byId.get(booking.employmentId);
    // The booking's employment is recorded with it; one without is not the person's to act on.
    if (!employment) continue;
    const from = booking.accessFrom.getTime();
    const until = booking.accessUntil.getTime();
    if (Number.isNaN(from) || Number.isNaN(until) || until <= from) {
      throw new IdentityException(
        IdentityExceptionCode.INVALID_EMPLOYMENT,
        `booking ${booking.bookingId}: access_until is not after access_from; allowed: a booked end after the booked start`,
      );
    }
    let activeFrom = from - bookingLead;
    let activeUntil = until + bookingGrace;
    if (booking.cancelledAt) {
      // Withdrawn: access ends when HR withdrew it, and a window not yet begun never opens.
      activeUntil = Math.min(activeUntil, booking.cancelledAt.getTime());
      activeFrom = Math.min(activeFrom, activeUntil);
    }
    const lastDay = stockholmDate(new Date(Math.max(activeFrom, activeUntil - 1)));
    grants.push({
      employment,
      grant: { kind: 'booking', id: booking.bookingId },
      prepareFrom: booking.cancelledAt ? activeFrom : Math.min(activeFrom, stockholmMidnight(addDays(stockholmDate(new Date(from)), -leadDays)).getTime()),
      activeFrom,
      activeUntil,
      lastDay,
      deleteAt: deleteAfter(lastDay),
    });
  }

  const boundaries = grants.flatMap((g) => [g.prepareFrom, g.activeFrom, g.activeUntil, g.deleteAt]).filter((t): t is number => t !== null && t > at);
  const nextChangeAt = boundaries.length > 0 ? new Date(Math.min(...boundaries)) : null;

  const active = grants.filter((g) => g.activeFrom <= at && (g.activeUntil === null || at < g.activeUntil));
  if (active.length > 0) {
    const primary = primaryEmployment(unique(active.map((g) => g.employment)));
    const grant = active.find((g) => g.employment === primary)?.grant ?? null;
    return { ...none, phase: 'ACTIVE', exists: true, enabled: true, primary, create: true, grant, nextChangeAt };
  }

  const ended = grants.filter((g): g is Grant<T> & { activeUntil: number; lastDay: string; deleteAt: number } => g.activeUntil !== null && g.activeUntil <= at);
  const lastEnd = ended.length > 0 ? Math.max(...ended.map((g) => g.activeUntil)) : null;
  const lastEnded = ended.filter((g) => g.activeUntil === lastEnd);
  const lastEndedPrimary = lastEnded.length > 0 ? primaryEmployment(unique(lastEnded.map((g) => g.employment))) : null;
  const endFacts =
    lastEnd === null
      ? { lastDay: null, endedOn: null, ended: null }
      : {
          lastDay: lastEnded.map((g) => g.lastDay).sort().at(-1) ?? null,
          endedOn: stockholmDate(new Date(lastEnd)),
          ended: lastEnded.find((g) => g.employment === lastEndedPrimary)?.grant ?? null,
        };

  const upcoming = grants.filter((g) => g.activeFrom > at);
  const prepared = upcoming.filter((g) => g.prepareFrom <= at);
  if (prepared.length > 0) {
    // The soonest start wins: that is the job the person turns up for first.
    const soonest = Math.min(...prepared.map((g) => g.activeFrom));
    const first = prepared.filter((g) => g.activeFrom === soonest);
    const primary = primaryEmployment(unique(first.map((g) => g.employment)));
    const grant = first.find((g) => g.employment === primary)?.grant ?? null;
    return { ...none, ...endFacts, phase: 'PREPARED', exists: true, primary, create: true, grant, nextChangeAt };
  }

  if (lastEndedPrimary !== null) {
    const deleteAt = Math.max(...ended.map((g) => g.deleteAt));
    const primary = lastEndedPrimary;
    const grant = endFacts.ended;
    if (at < deleteAt) {
      return { ...none, ...endFacts, phase: 'ENDED', exists: true, primary, removeAccess: true, grant, nextChangeAt };
    }
    if (upcoming.length === 0) {
      return { ...none, ...endFacts, phase: 'EXPIRED', delete: true, removeAccess: true, grant, nextChangeAt };
    }
    return { ...none, ...endFacts, phase: 'PENDING', removeAccess: true, grant, nextChangeAt };
  }
  return { ...none, phase: 'PENDING', removeAccess: true, nextChangeAt };
}

/**
 * The account a person should have on a Stockholm calendar date (at its 00:00), or at an instant,
 * from their employments alone. `exists` is true from the preparation until the end of the
 * retention period.
 */
export function accountStateOn<T extends EmploymentTerms>(
  employments: readonly T[],
  date: string | Date,
  options: AccountStateOptions = {},
): AccountState<T> {
  const instant = typeof date === 'string' ? stockholmMidnight(date) : date;
  const state = accountLifecycleAt(employments, [], instant, options);
  const exists = state.phase === 'PREPARED' || state.phase === 'ACTIVE' || state.phase === 'ENDED';
  return { exists, enabled: state.enabled, primary: exists ? state.primary : null, phase: state.phase };
}

/** The first day a person's account should exist for an employment, given the lead time. */
export function preparationDate(startDate: string, leadDays = DEFAULT_LEAD_DAYS): string {
  const start = dayNumber(startDate);
  if (start === null) {
    throw new IdentityException(IdentityExceptionCode.INVALID_DATE, `startDate '${startDate}' is not a date; allowed: YYYY-MM-DD`);
  }
  return dateOfDayNumber(start - count('leadDays', leadDays));
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

function count(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) {
    const unit = name.endsWith('Minutes') ? 'minutes' : 'days';
    throw new IdentityException(IdentityExceptionCode.INVALID_ARGUMENT, `${name} ${value} is not allowed; allowed: a whole number of ${unit} >= 0`);
  }
  return value;
}

const unique = <T>(values: T[]): T[] => [...new Set(values)];
