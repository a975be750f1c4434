import type { GroupPolicy } from './access-rules.parser';

export type FindingKind = 'missing-membership' | 'excess-membership' | 'orphan-account' | 'wrongly-enabled' | 'wrongly-disabled' | 'attribute-drift';
export const FINDING_KINDS: readonly FindingKind[] = ['missing-membership', 'excess-membership', 'orphan-account', 'wrongly-enabled', 'wrongly-disabled', 'attribute-drift'];

/** A user as read from AD (the managed OU only). */
export interface DirectoryUser {
  readonly dn: string;
  /** objectGUID as a GUID string (read as binary). */
  readonly guid: string | null;
  readonly samAccountName: string;
  readonly enabled: boolean;
  /** Owned attributes as AD has them (absent: not set). */
  readonly attributes: Readonly<Record<string, string>>;
}

/** A group identity reconciles, with its members as AD has them. */
export interface DirectoryGroup {
  readonly key: string;
  readonly dn: string;
  readonly policy: GroupPolicy;
  readonly memberDns: readonly string[];
}

/** An account identity holds, with what it should look like. */
export interface ExpectedAccount {
  readonly accountId: string;
  readonly personId: string;
  readonly samAccountName: string;
  readonly dn: string;
  readonly guid: string | null;
  /** The lifecycle's decision (from HR): enabled or not. */
  readonly enabled: boolean;
  /** The owned attributes identity last wrote (null: not known yet, not compared). */
  readonly attributes: Readonly<Record<string, string>> | null;
  /** Group key to causes. */
  readonly groups: ReadonlyMap<string, readonly string[]>;
}

export interface Finding {
  readonly kind: FindingKind;
  /** sAMAccountName. */
  readonly account: string;
  /** Group DN for membership findings, else null. */
  readonly group: string | null;
  readonly detail: string;
  /** enforce: fixed with --apply; report: only reported. */
  readonly policy: 'enforce' | 'report';
  readonly accountDn: string;
  /** identity's account id; null for an orphan. */
  readonly accountId: string | null;
  /** Why the membership is wanted (missing) or the attribute's wanted value (drift). */
  readonly cause: string | null;
  readonly attribute?: string;
  readonly wanted?: string | null;
}

export interface ReconciliationInput {
  readonly users: readonly DirectoryUser[];
  readonly groups: readonly DirectoryGroup[];
  readonly accounts: readonly ExpectedAccount[];
  /** Owned attribute names compared for drift. */
  readonly ownedAttributes: readonly string[];
}

export interface Comparison {
  readonly identities: number;
  readonly findings: Finding[];
}

const norm = (dn: string): string => dn.toLowerCase().replace(/,\s+/g, ',');

/**
 * Compares AD (users of the managed OU and the reconciled groups' members) with what identity
 * wants: each difference is a finding with the policy that decides whether --apply fixes it.
 * Groups with policy ignore are never passed in. Account findings (orphan, enabled state,
 * attributes) are enforced: identity owns the accounts of the managed OU.
 */
export function compareWithDirectory(input: ReconciliationInput): Comparison {
  const findings: Finding[] = [];
  const byGuid = new Map<string, ExpectedAccount>();
  const byDn = new Map<string, ExpectedAccount>();
  for (const account of input.accounts) {
    if (account.guid) byGuid.set(account.guid.toLowerCase(), account);
    byDn.set(norm(account.dn), account);
  }
  const members = new Map(input.groups.map((g) => [g.key, new Set(g.memberDns.map(norm))]));
  for (const user of input.users) {
    const account = (user.guid ? byGuid.get(user.guid.toLowerCase()) : undefined) ?? byDn.get(norm(user.dn));
    const base = { account: user.samAccountName, accountDn: user.dn, accountId: account?.accountId ?? null };
    if (!account) {
      if (user.enabled) {
        findings.push({ ...base, kind: 'orphan-account', group: null, detail: 'enabled account in the managed OU with no employment behind it in identity', policy: 'enforce', cause: null });
      }
      continue;
    }
    if (user.enabled && !account.enabled) {
      findings.push({ ...base, kind: 'wrongly-enabled', group: null, detail: 'enabled in AD; HR gives no active employment or booking now', policy: 'enforce', cause: null });
    } else if (!user.enabled && account.enabled) {
      findings.push({ ...base, kind: 'wrongly-disabled', group: null, detail: 'disabled in AD; HR gives an active employment or booking now', policy: 'enforce', cause: null });
    }
    if (account.attributes) {
      for (const name of input.ownedAttributes) {
        const wanted = account.attributes[name] ?? null;
        const have = user.attributes[name] ?? null;
        const same = name === 'manager' && wanted !== null && have !== null ? norm(wanted) === norm(have) : wanted === have;
        if (!same) {
          findings.push({
            ...base,
            kind: 'attribute-drift',
            group: null,
            detail: `${name} is ${have === null ? 'not set' : `'${have}'`} in AD; HR gives ${wanted === null ? 'no value' : `'${wanted}'`}`,
            policy: 'enforce',
            cause: null,
            attribute: name,
            wanted,
          });
        }
      }
    }
    const userDn = norm(user.dn);
    for (const group of input.groups) {
      if (group.policy === 'ignore') continue;
      const member = members.get(group.key)?.has(userDn) ?? false;
      const causes = account.groups.get(group.key);
      if (causes && !member) {
        findings.push({ ...base, kind: 'missing-membership', group: group.dn, detail: `wanted by ${causes.join(', ')}`, policy: group.policy, cause: causes[0] });
      } else if (!causes && member) {
        findings.push({ ...base, kind: 'excess-membership', group: group.dn, detail: 'member without a role or an approved request', policy: group.policy, cause: null });
      }
    }
  }
  return { identities: input.users.length, findings };
}

/**
 * The share of accounts a run would take access from or disable when applied: excess memberships
 * removed, orphans and wrongly enabled accounts disabled (enforced findings only).
 */
export function removalShare(comparison: Comparison): { accounts: number; share: number } {
  const losing = new Set<string>();
  for (const f of comparison.findings) {
    if (f.policy !== 'enforce') continue;
    if (f.kind === 'excess-membership' || f.kind === 'orphan-account' || f.kind === 'wrongly-enabled') losing.add(norm(f.accountDn));
  }
  return { accounts: losing.size, share: comparison.identities === 0 ? 0 : losing.size / comparison.identities };
}
