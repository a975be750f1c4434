import { Role } from './role.enum';

/** The authenticated caller of an HTTP request, as `@CurrentUser()` gives it. */
export interface AuthUser {
  /** The token's `sub`: the caller's stable id at the OIDC provider. */
  readonly subject: string;
  /** The known roles from the token's `roles` claim; roles this platform does not know are dropped. */
  readonly roles: readonly Role[];
  /**
   * Organisation codes (customer codes such as N138, B110) from the `customers` claim.
   * They limit only the customer-viewer role; empty when the claim is absent.
   */
  readonly customers: readonly string[];
}

/**
 * Whether the caller may see data of the given customer. Every role except
 * customer-viewer works across all customers; a caller whose only role is customer-viewer
 * sees only the organisations in its `customers` claim.
 */
export function canViewCustomer(user: AuthUser, customerCode: string): boolean {
  if (user.roles.some((role) => role !== Role.CustomerViewer)) {
    return true;
  }
  return user.roles.includes(Role.CustomerViewer) && user.customers.includes(customerCode);
}
