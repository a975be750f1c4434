import Decimal from 'decimal.js';
import { AccessHolder, DesiredAccess, RoleIndex } from './access-desired-state.policy';

/** One account of the population, as identity's database has it (no AD). */
export interface SimulatedIdentity {
  readonly accountId: string;
  readonly samAccountName: string;
  /** The paying customer: the primary employment's. */
  readonly customerCode: string;
  readonly holder: AccessHolder;
}

export interface GroupChange {
  readonly group: string;
  readonly dn: string;
  readonly grants: number;
  readonly revokes: number;
}

export interface LicenceChange {
  readonly code: string;
  readonly grants: number;
  readonly revokes: number;
}

export interface CustomerCostChange {
  readonly customerCode: string;
  /** Monthly change in SEK, two decimals, e.g. "-1250.00". */
  readonly monthlyChangeSek: string;
  readonly grants: number;
  readonly revokes: number;
}

export interface SimulationReport {
  readonly identities: number;
  readonly affectedAccounts: number;
  /** The affected accounts' sAMAccountNames, sorted: who would gain or lose something. */
  readonly affected: readonly string[];
  readonly groups: readonly GroupChange[];
  readonly licences: readonly LicenceChange[];
  readonly devices: readonly LicenceChange[];
  /** Null when no prices were given (counts only). */
  readonly costPerCustomer: readonly CustomerCostChange[] | null;
  /** Licence codes granted or revoked that have no price. */
  readonly unpriced: readonly string[];
}

/**
 * What activating `proposed` instead of `current` would change over the whole population:
 * memberships granted and revoked per group (a group is the same group when its DN is), licence
 * and device entitlements, the accounts affected and the monthly licence cost per customer in SEK
 * (prices: product code to monthly price as decimal text). Nothing is changed; all in memory.
 */
export function simulateRuleChange(
  population: readonly SimulatedIdentity[],
  current: RoleIndex | null,
  proposed: RoleIndex,
  prices: ReadonlyMap<string, string> | null,
): SimulationReport {
  const groups = new Map<string, { group: string; dn: string; grants: number; revokes: number }>();
  const licences = new Map<string, { code: string; grants: number; revokes: number }>();
  const devices = new Map<string, { code: string; grants: number; revokes: number }>();
  const customers = new Map<string, { cost: Decimal; grants: number; revokes: number }>();
  const unpriced = new Set<string>();
  const affected: string[] = [];
  const dnOf = (index: RoleIndex | null, key: string) => index?.groupsByKey.get(key)?.dn.toLowerCase().replace(/,\s+/g, ',');

  for (const identity of population) {
    const before = current ? current.desiredFor(identity.holder) : requestsOnly(proposed, identity.holder);
    const after = proposed.desiredFor(identity.holder);
    let changed = false;

    // Groups by DN: a renamed key for the same AD group is no change.
    const beforeDns = new Map<string, string>();
    for (const key of before.groups.keys()) {
      const dn = dnOf(current ?? proposed, key);
      if (dn) beforeDns.set(dn, key);
    }
    const afterDns = new Map<string, string>();
    for (const key of after.groups.keys()) {
      const dn = dnOf(proposed, key);
      if (dn) afterDns.set(dn, key);
    }
    const bump = (dn: string, key: string, field: 'grants' | 'revokes') => {
      const row = groups.get(dn) ?? { group: key, dn: (proposed.groupsByKey.get(key) ?? current?.groupsByKey.get(key))?.dn ?? dn, grants: 0, revokes: 0 };
      row[field] += 1;
      groups.set(dn, row);
      changed = true;
    };
    for (const [dn, key] of afterDns) if (!beforeDns.has(dn)) bump(dn, key, 'grants');
    for (const [dn, key] of beforeDns) if (!afterDns.has(dn)) bump(dn, key, 'revokes');

    const entitlement = (table: typeof licences, b: DesiredAccess['licences'], a: DesiredAccess['licences'], priced: boolean) => {
      for (const code of new Set([...b.keys(), ...a.keys()])) {
        const field = a.has(code) && !b.has(code) ? 'grants' : !a.has(code) && b.has(code) ? 'revokes' : null;
        if (field === null) continue;
        const row = table.get(code) ?? { code, grants: 0, revokes: 0 };
        row[field] += 1;
        table.set(code, row);
        changed = true;
        if (!priced) continue;
        const customer = customers.get(identity.customerCode) ?? { cost: new Decimal(0), grants: 0, revokes: 0 };
        customer[field] += 1;
        const price = prices?.get(code);
        if (price === undefined) unpriced.add(code);
        else customer.cost = field === 'grants' ? customer.cost.plus(price) : customer.cost.minus(price);
        customers.set(identity.customerCode, customer);
      }
    };
    entitlement(licences, before.licences, after.licences, true);
    entitlement(devices, before.devices, after.devices, false);
    if (changed) affected.push(identity.samAccountName);
  }
  affected.sort();
  const byName = <T>(key: (t: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
  return {
    identities: population.length,
    affectedAccounts: affected.length,
    affected,
    groups: [...groups.values()].sort(byName((g) => g.group)),
    licences: [...licences.values()].sort(byName((l) => l.code)),
    devices: [...devices.values()].sort(byName((l) => l.code)),
    costPerCustomer:
      prices === null
        ? null
        : [...customers.entries()]
            .map(([customerCode, c]) => ({ customerCode, monthlyChangeSek: c.cost.toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2), grants: c.grants, revokes: c.revokes }))
            .sort(byName((c) => c.customerCode)),
    unpriced: [...unpriced].sort(),
  };
}

/** Before any rule set: only the requests. */
function requestsOnly(index: RoleIndex, holder: AccessHolder): DesiredAccess {
  return index.desiredFor({ employments: [], requests: holder.requests });
}
