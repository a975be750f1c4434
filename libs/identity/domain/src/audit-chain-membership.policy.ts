/**
 * The audit entries that change a group membership, as far as reconstruction needs them:
 * `membership.added` / `membership.removed` name one group in `detail.groupDn`; a leaver's
 * `account.disabled` / `account.access_removed` list the groups taken away in `detail.removedGroups`.
 */
export interface MembershipFact {
  accountId: string | null;
  action: string;
  detail: Record<string, unknown>;
}

export const MEMBERSHIP_ADDED = 'membership.added';
export const MEMBERSHIP_REMOVED = 'membership.removed';

const normalDn = (dn: string): string => dn.toLowerCase().replace(/,\s+/g, ',');

/** The groups one entry adds and removes (DNs compared without regard to case). */
export function membershipChanges(fact: MembershipFact): { added: string[]; removed: string[] } {
  const groupDn = typeof fact.detail['groupDn'] === 'string' ? [fact.detail['groupDn']] : [];
  if (fact.action === MEMBERSHIP_ADDED) return { added: groupDn, removed: [] };
  if (fact.action === MEMBERSHIP_REMOVED) return { added: [], removed: groupDn };
  const removedGroups = fact.detail['removedGroups'];
  if (Array.isArray(removedGroups)) return { added: [], removed: removedGroups.filter((g): g is string => typeof g === 'string') };
  return { added: [], removed: [] };
}

/**
 * The members of `groupDn` after `facts` (in the order written): each added account until an
 * entry removes it. Only what identity recorded counts; members added by hand outside it are not known.
 */
export function membersAfter(groupDn: string, facts: readonly MembershipFact[]): string[] {
  const wanted = normalDn(groupDn);
  const members = new Set<string>();
  for (const fact of facts) {
    if (!fact.accountId) continue;
    const { added, removed } = membershipChanges(fact);
    if (removed.some((g) => normalDn(g) === wanted)) members.delete(fact.accountId);
    if (added.some((g) => normalDn(g) === wanted)) members.add(fact.accountId);
  }
  return [...members].sort();
}
