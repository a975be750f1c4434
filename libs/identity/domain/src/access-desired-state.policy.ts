import type { AccessGroup, AccessRole, AccessRuleSet, RuleEmploymentForm } from './access-rules.parser';

/** What a role looks at in an employment. */
export interface RoleEmployment {
  readonly customerCode: string;
  readonly unitCode: string;
  readonly jobCode: string | null;
  readonly form: RuleEmploymentForm | string;
}

/** A rule set as stored: the parsed rules and their version. */
export interface VersionedRuleSet {
  readonly version: number;
  readonly rules: AccessRuleSet;
}

/** A time-bound grant from an approved request (ACCESS requests), kept by reconciliation. */
export interface RequestGrant {
  readonly groupKey: string;
  readonly cause: string;
}

/** One person's input: the employments active today, the old placements of open mover transitions, and approved requests. */
export interface AccessHolder {
  readonly employments: readonly RoleEmployment[];
  /** Old placements a mover keeps access from until the transition ends (see moverTransition). */
  readonly transitions?: readonly RoleEmployment[];
  readonly requests?: readonly RequestGrant[];
}

/** Who should have what, with the causes (`role:<key>@v<n>`, `request:<id>`). */
export interface DesiredAccess {
  /** Group key to causes. */
  readonly groups: ReadonlyMap<string, readonly string[]>;
  /** Licence product code to causes. */
  readonly licences: ReadonlyMap<string, readonly string[]>;
  readonly devices: ReadonlyMap<string, readonly string[]>;
}

export const roleCause = (role: string, version: number): string => `role:${role}@v${version}`;

/**
 * The rule set prepared for evaluating many persons: roles indexed by customer (the condition
 * most roles have), so a person is checked only against the roles of their customers plus the
 * roles that name no customer. 57,000 persons times a few hundred roles stays well under a second.
 */
export class RoleIndex {
  private readonly byCustomer = new Map<string, AccessRole[]>();
  private readonly anyCustomer: AccessRole[] = [];
  readonly groupsByKey: ReadonlyMap<string, AccessGroup>;

  constructor(readonly ruleSet: VersionedRuleSet) {
    for (const role of ruleSet.rules.roles) {
      if (!role.when.customers) {
        this.anyCustomer.push(role);
        continue;
      }
      for (const customer of role.when.customers) {
        const list = this.byCustomer.get(customer) ?? [];
        list.push(role);
        this.byCustomer.set(customer, list);
      }
    }
    this.groupsByKey = new Map(ruleSet.rules.groups.map((g) => [g.key, g]));
  }

  /** The roles an employment satisfies. */
  rolesFor(employment: RoleEmployment): AccessRole[] {
    const candidates = [...(this.byCustomer.get(employment.customerCode) ?? []), ...this.anyCustomer];
    return candidates.filter((role) => matches(role, employment));
  }

  /**
   * The desired access of a holder: the union of the roles of all active employments (several
   * employments give the union), of the old placements a mover keeps for now, and the approved
   * requests.
   */
  desiredFor(holder: AccessHolder): DesiredAccess {
    const groups = new Map<string, string[]>();
    const licences = new Map<string, string[]>();
    const devices = new Map<string, string[]>();
    const add = (map: Map<string, string[]>, key: string, cause: string) => {
      const causes = map.get(key);
      if (!causes) map.set(key, [cause]);
      else if (!causes.includes(cause)) causes.push(cause);
    };
    for (const employment of [...holder.employments, ...(holder.transitions ?? [])]) {
      for (const role of this.rolesFor(employment)) {
        const cause = roleCause(role.key, this.ruleSet.version);
        for (const g of role.grants.groups) add(groups, g, cause);
        for (const l of role.grants.licences) add(licences, l, cause);
        for (const d of role.grants.devices) add(devices, d, cause);
      }
    }
    for (const request of holder.requests ?? []) add(groups, request.groupKey, request.cause);
    return { groups, licences, devices };
  }
}

/** Whether an employment satisfies every condition the role gives (lists are any-of). */
export function matches(role: AccessRole, e: RoleEmployment): boolean {
  const { customers, unitPrefixes, jobCodes, forms } = role.when;
  if (customers && !customers.includes(e.customerCode)) return false;
  if (unitPrefixes && !unitPrefixes.some((p) => e.unitCode.startsWith(p))) return false;
  if (jobCodes && (e.jobCode === null || !jobCodes.includes(e.jobCode))) return false;
  if (forms && !(forms as readonly string[]).includes(e.form)) return false;
  return true;
}

/** Whether an employment runs on `day` (YYYY-MM-DD): started, and not past its last day. */
export function activeOn(employment: { startDate: string; endDate: string | null }, day: string): boolean {
  return employment.startDate <= day && (employment.endDate === null || employment.endDate >= day);
}
