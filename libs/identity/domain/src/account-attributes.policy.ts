import { displayName } from './ad-attributes';
import { EmploymentTerms } from './employment-terms.model';
import { IdentityException, IdentityExceptionCode } from './identity.exception';

/** Who holds the account, as HR describes them. Names are null for a protected identity. */
export interface AccountHolder {
  readonly givenName: string | null;
  readonly surname: string | null;
  /** Skyddad identitet: the account gets only what it needs to work. */
  readonly protectedIdentity: boolean;
}

/** The employment fields the account's attributes come from (the primary employment). */
export interface AccountEmployment extends EmploymentTerms {
  readonly customerCode: string;
  readonly unitName: string | null;
  readonly jobTitle: string | null;
}

/** The attribute values of a new AD user, before escaping (the LDAP layer escapes). */
export interface AccountAttributes {
  /** The CN of the user's DN. */
  readonly cn: string;
  /** The CN to use when `cn` is taken in the OU by a namesake: the account name added. */
  readonly cnIfTaken: string;
  readonly displayName: string;
  readonly givenName?: string;
  readonly sn?: string;
  readonly department?: string;
  readonly title?: string;
  readonly company?: string;
  /** The primary employment's id: how the account is found again, whatever its name or OU. */
  readonly employeeID: string;
  /** DN of the manager's account, when the manager has one. */
  readonly manager?: string;
  /**
   * Kept out of address lists (the GAL): true for a protected identity. How the directory hides an
   * entry is the LDAP layer's business (docs/identity.md).
   */
  readonly hiddenFromAddressLists: boolean;
}

/**
 * AD's upper ranges (rangeUpper in the schema): a longer value is refused with a constraint
 * violation. HR's unit names and titles can be long; cutting them keeps the account coming.
 */
const MAX = { cn: 64, displayName: 256, givenName: 64, sn: 64, department: 64, title: 128, company: 64 } as const;
/** employeeID's upper range: the account is found by it, so it is never cut, only refused. */
const EMPLOYEE_ID_MAX = 16;

/**
 * The attributes of a person's account, from the holder, the primary employment and the DN of the
 * manager's account (when the manager has one).
 *
 * - Everyone: CN and displayName `Given Surname` (namesakes in one OU get `Given Surname (sam)`),
 *   givenName, sn, department (unit name), title, company (customer code), employeeID, manager.
 * - Protected identity: nothing that could locate or name the person: CN and displayName are
 *   the account name, only employeeID is set beside them (no manager: it would place the person
 *   in the organisation), and the account is hidden from address lists.
 */
export function accountAttributesFor(
  holder: AccountHolder,
  primary: AccountEmployment,
  samAccountName: string,
  managerDn: string | null = null,
): AccountAttributes {
  const employeeID = employeeIdOf(primary.employmentId);
  if (holder.protectedIdentity) {
    return { cn: samAccountName, cnIfTaken: samAccountName, displayName: samAccountName, employeeID, hiddenFromAddressLists: true };
  }
  const name = displayName(holder.givenName ?? '', holder.surname ?? '');
  const suffix = ` (${samAccountName})`;
  return {
    cn: cut(name, MAX.cn),
    cnIfTaken: `${cut(name, MAX.cn - suffix.length)}${suffix}`,
    displayName: cut(name, MAX.displayName),
    givenName: optional(holder.givenName, MAX.givenName),
    sn: optional(holder.surname, MAX.sn),
    department: optional(primary.unitName, MAX.department),
    title: optional(primary.jobTitle, MAX.title),
    company: optional(primary.customerCode, MAX.company),
    employeeID,
    ...(managerDn ? { manager: managerDn } : {}),
    hiddenFromAddressLists: false,
  };
}

/** The employeeID an employment's account carries: the employment id (anställningsnummer) itself. */
export function employeeIdOf(employmentId: string): string {
  const id = employmentId.trim();
  if (id === '' || id.length > EMPLOYEE_ID_MAX) {
    throw new IdentityException(
      IdentityExceptionCode.INVALID_ARGUMENT,
      `employment id '${employmentId}' does not fit AD's employeeID; allowed: 1-${EMPLOYEE_ID_MAX} characters`,
    );
  }
  return id;
}

// Cut by code points and trimmed, so no half surrogate pair or trailing space is left behind.
const cut = (value: string, max: number): string => [...value.trim()].slice(0, max).join('').trim();

function optional(value: string | null, max: number): string | undefined {
  const trimmed = value === null ? '' : cut(value, max);
  return trimmed === '' ? undefined : trimmed;
}
