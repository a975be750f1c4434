export { IdentityException, IdentityExceptionCode } from './identity.exception';
export type { EmploymentTerms } from './employment-terms.model';
export { ACCOUNT_NAME_MAX_LENGTH, accountNameFor, accountNamePart } from './account-name.policy';
export { comparePrimary, primaryEmployment } from './primary-employment.policy';
export {
  accountLifecycleAt,
  accountStateOn,
  DEFAULT_BOOKING_GRACE_MINUTES,
  DEFAULT_BOOKING_LEAD_MINUTES,
  DEFAULT_LEAD_DAYS,
  DEFAULT_RETENTION_DAYS,
  preparationDate,
} from './account-state.policy';
export type { AccountGrant, AccountLifecycle, AccountPhase, AccountState, AccountStateOptions, BookingTerms } from './account-state.policy';
export { DEFAULT_MOVER_TRANSITION_DAYS, moverTransition } from './mover-transition.policy';
export type { MoverTransition, Placement } from './mover-transition.policy';
export { addDays, stockholmDate, stockholmMidnight } from './calendar-date';
export { displayName, ouFor, userPrincipalName } from './ad-attributes';
export { accountNameCandidates, neutralAccountNameBase } from './account-name-candidates.policy';
export { accountAttributesFor, employeeIdOf } from './account-attributes.policy';
export type { AccountAttributes, AccountEmployment, AccountHolder } from './account-attributes.policy';
