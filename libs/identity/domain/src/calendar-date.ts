import * as calendar from '@itops/shared/calendar';
import { IdentityException, IdentityExceptionCode } from './identity.exception';

// Calendar days of Europe/Stockholm (@itops/shared/calendar), with a bad date reported as the
// identity domain's own INVALID_DATE.
const asIdentityError = <A extends unknown[], R>(fn: (...args: A) => R) => (...args: A): R => {
  try {
    return fn(...args);
  } catch (error) {
    if (error instanceof RangeError) throw new IdentityException(IdentityExceptionCode.INVALID_DATE, error.message);
    throw error;
  }
};

export const stockholmDate = asIdentityError(calendar.stockholmDate);
export const stockholmMidnight = asIdentityError(calendar.stockholmMidnight);
export const addDays = asIdentityError(calendar.addDays);
export const { dayNumber, dateOfDayNumber } = calendar;
