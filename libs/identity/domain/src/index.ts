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
export { AccessRequestException, AccessRequestExceptionCode } from './access-request.exception';
export { checkDecision, checkNewRequest, grantEndsAt, grantExpired, OPEN_REQUEST_STATUSES, requestCause } from './access-request.policy';
export type { AccessRequestStatus, DecisionCheck, NewRequestCheck, RequestableGroup, RequestableLicence } from './access-request.policy';
export { checkAnswer, reviewCause, reviewDue, reviewOutcome } from './review.policy';
export type { AnswerCheck, ReviewAnswer, ReviewOutcome, ReviewStatus } from './review.policy';
export { auditEntryHash, canonicalJson, chainInstant, firstBrokenLink, GENESIS_HASH } from './audit-chain';
export type { ChainBreak, ChainedFields, ChainVerdict, StoredChainEntry } from './audit-chain';
export { MEMBERSHIP_ADDED, MEMBERSHIP_REMOVED, membersAfter, membershipChanges } from './audit-chain-membership.policy';
export type { MembershipFact } from './audit-chain-membership.policy';
export { GROUP_POLICIES, parseAccessRules, RULE_EMPLOYMENT_FORMS } from './access-rules.parser';
export type { AccessGroup, AccessLicence, AccessRole, AccessRuleError, AccessRuleSet, AccessRulesParse, GroupPolicy, RoleConditions, RoleGrants, RuleEmploymentForm } from './access-rules.parser';
export { activeOn, matches, roleCause, RoleIndex } from './access-desired-state.policy';
export type { AccessHolder, DesiredAccess, RequestGrant, RoleEmployment, VersionedRuleSet } from './access-desired-state.policy';
export { simulateRuleChange } from './access-simulation';
export type { CustomerCostChange, GroupChange, LicenceChange, SimulatedIdentity, SimulationReport } from './access-simulation';
export { compareWithDirectory, FINDING_KINDS, removalShare } from './access-reconciliation.policy';
export type { Comparison, DirectoryGroup, DirectoryUser, ExpectedAccount, Finding, FindingKind, ReconciliationInput } from './access-reconciliation.policy';
