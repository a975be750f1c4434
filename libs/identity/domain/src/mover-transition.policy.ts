import { addDays, dayNumber } from './calendar-date';
import { IdentityException, IdentityExceptionCode } from './identity.exception';

/** Where an account belongs: the paying customer and the organisation unit of its primary employment. */
export interface Placement {
  readonly customerCode: string;
  /** Null when not known (accounts made before units were recorded). */
  readonly unitCode: string | null;
}

/**
 * A mover's old access, kept for a while after the move: the access it gave is removed at 00:00
 * Stockholm on `until` (the old placement's access runs through the day before).
 */
export interface MoverTransition {
  readonly from: Placement;
  readonly to: Placement;
  readonly startedOn: string;
  readonly until: string;
}

export const DEFAULT_MOVER_TRANSITION_DAYS = 30;

/**
 * Whether a change of placement is a move that keeps the old access for `transitionDays` days from
 * `today` (YYYY-MM-DD, Stockholm): the customer or the unit changed. An unknown old unit counts as
 * unchanged, so accounts from before units were recorded do not all become movers at once.
 */
export function moverTransition(previous: Placement, next: Placement, today: string, transitionDays = DEFAULT_MOVER_TRANSITION_DAYS): MoverTransition | null {
  if (!Number.isInteger(transitionDays) || transitionDays < 0) {
    throw new IdentityException(IdentityExceptionCode.INVALID_ARGUMENT, `transitionDays ${transitionDays} is not allowed; allowed: a whole number of days >= 0`);
  }
  if (dayNumber(today) === null) {
    throw new IdentityException(IdentityExceptionCode.INVALID_DATE, `today '${today}' is not a date; allowed: YYYY-MM-DD`);
  }
  const customerChanged = previous.customerCode !== next.customerCode;
  const unitChanged = previous.unitCode !== null && previous.unitCode !== next.unitCode;
  if (!customerChanged && !unitChanged) return null;
  return { from: previous, to: next, startedOn: today, until: addDays(today, transitionDays) };
}
