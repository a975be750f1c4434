/**
 * The roles a caller can hold, as they appear in the token's `roles` claim.
 * What each may do is described in docs/security.md; the services enforce it per route
 * with `@Roles(...)`.
 */
export enum Role {
  /** IT operations: on/offboarding, accounts and access, devices, reconciliation. */
  Operator = 'operator',
  /** Licence administration (licensadministration): pools, harvesting, savings. */
  LicenceManager = 'licence-manager',
  /** Service desk: answers customers' questions from volumes and drill-downs. */
  ServiceDesk = 'service-desk',
  /** A customer's own staff: read-only, limited to the organisations in `customers`. */
  CustomerViewer = 'customer-viewer',
  /** Read-only access to everything, including the audit log. */
  Auditor = 'auditor',
  /** A line manager (chef): requests extra access for staff, answers access reviews. Token subject = the manager's sAMAccountName. */
  Manager = 'manager',
  /** Owner of an AD group in the access rule set: approves or rejects requests for it (token subject = the group's `owner`). */
  GroupOwner = 'group-owner',
  /** Passes every role check. */
  Admin = 'admin',
}

export const ALL_ROLES: readonly Role[] = Object.freeze(Object.values(Role));

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ALL_ROLES as readonly string[]).includes(value);
}
