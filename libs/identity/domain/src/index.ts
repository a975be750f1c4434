export { IdentityException, IdentityExceptionCode } from './identity.exception';
export type { EmploymentTerms } from './employment-terms.model';
export { ACCOUNT_NAME_MAX_LENGTH, accountNameFor, accountNamePart } from './account-name.policy';
export { comparePrimary, primaryEmployment } from './primary-employment.policy';
export { accountStateOn, DEFAULT_LEAD_DAYS, DEFAULT_RETENTION_DAYS, preparationDate } from './account-state.policy';
export type { AccountPhase, AccountState, AccountStateOptions } from './account-state.policy';
export { stockholmDate } from './calendar-date';
export { displayName, ouFor, userPrincipalName } from './ad-attributes';
