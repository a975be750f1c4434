import { auditEntryHash, canonicalJson, chainInstant, ChainedFields, firstBrokenLink, GENESIS_HASH, StoredChainEntry } from './audit-chain';
import { membersAfter, MembershipFact } from './audit-chain-membership.policy';

function chain(count: number): StoredChainEntry[] {
  const entries: StoredChainEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq += 1) {
    const fields: ChainedFields = {
      seq,
      id: `id-${seq}`,
      at: chainInstant(new Date(Date.UTC(2026, 2, 1, 8, seq))),
      actor: 'lifecycle',
      action: 'account.updated',
      personId: 'p-1',
      accountId: null,
      causeEventId: null,
      detail: { n: seq, nested: { b: 1, a: [1, 'x'] } },
      prevHash,
    };
    const hash = auditEntryHash(fields);
    entries.push({ ...fields, hash });
    prevHash = hash;
  }
  return entries;
}

const rehashed = ({ hash: _old, ...fields }: StoredChainEntry): StoredChainEntry => ({ ...fields, hash: auditEntryHash(fields) });

describe('canonicalJson', () => {
  it.each<[unknown, string]>([
    [{ b: 1, a: 2 }, '{"a":2,"b":1}'],
    [{ a: { d: 1, c: [2, { f: 1, e: 0 }] } }, '{"a":{"c":[2,{"e":0,"f":1}],"d":1}}'],
    [{ a: undefined, b: null }, '{"b":null}'],
    ['å', '"å"'],
  ])('%j is %s', (value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });
});

describe('firstBrokenLink', () => {
  it('finds nothing in an intact chain', () => {
    expect(firstBrokenLink(null, chain(5))).toBeUndefined();
  });

  it('continues from the entry before a batch', () => {
    const entries = chain(5);
    expect(firstBrokenLink(entries[1], entries.slice(2))).toBeUndefined();
  });

  it.each<[string, (entries: StoredChainEntry[]) => StoredChainEntry[], number, string]>([
    ['a changed detail', (e) => e.map((x) => (x.seq === 3 ? { ...x, detail: { n: 99 } } : x)), 3, 'hash_mismatch'],
    ['a changed actor', (e) => e.map((x) => (x.seq === 2 ? { ...x, actor: 'someone' } : x)), 2, 'hash_mismatch'],
    ['a removed entry', (e) => e.filter((x) => x.seq !== 3), 4, 'sequence_gap'],
    ['a re-hashed entry', (e) => e.map((x) => (x.seq === 3 ? rehashed({ ...x, actor: 'x' }) : x)), 4, 'prev_hash_mismatch'],
  ])('names the entry after %s', (_, tamper, seq, problem) => {
    expect(firstBrokenLink(null, tamper(chain(5)))).toEqual({ seq, id: `id-${seq}`, problem });
  });
});

describe('membersAfter', () => {
  const g = 'CN=G-A,OU=itops,DC=itops,DC=test';
  const fact = (accountId: string, action: string, detail: Record<string, unknown>): MembershipFact => ({ accountId, action, detail });
  it.each<[string, MembershipFact[], string[]]>([
    ['added', [fact('a', 'membership.added', { groupDn: g })], ['a']],
    ['added then removed', [fact('a', 'membership.added', { groupDn: g }), fact('a', 'membership.removed', { groupDn: g })], []],
    ['removed with the leaver’s groups', [fact('a', 'membership.added', { groupDn: g }), fact('a', 'account.disabled', { removedGroups: [g.toLowerCase()] })], []],
    ['another group', [fact('a', 'membership.added', { groupDn: 'CN=G-B,OU=itops,DC=itops,DC=test' })], []],
    ['two members, one leaves', [fact('b', 'membership.added', { groupDn: g }), fact('a', 'membership.added', { groupDn: g }), fact('b', 'membership.removed', { groupDn: g })], ['a']],
  ])('%s', (_, facts, members) => {
    expect(membersAfter(g, facts)).toEqual(members);
  });
});
