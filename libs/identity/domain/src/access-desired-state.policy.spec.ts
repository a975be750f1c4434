import { AccessRole, AccessRuleSet } from './access-rules.parser';
import { activeOn, matches, RoleEmployment, RoleIndex } from './access-desired-state.policy';
import { simulateRuleChange, SimulatedIdentity } from './access-simulation';
import { compareWithDirectory, removalShare } from './access-reconciliation.policy';

const role = (key: string, when: AccessRole['when'], grants: Partial<AccessRole['grants']>): AccessRole => ({
  key,
  name: key,
  when,
  grants: { groups: [], licences: [], devices: [], ...grants },
});
const group = (key: string, policy: 'enforce' | 'report' | 'ignore' = 'enforce') => ({ key, dn: `CN=G-${key},OU=Groups,OU=itops,DC=itops,DC=test`, owner: null, policy, requestable: false, maxDays: null });
const emp = (fields: Partial<RoleEmployment> = {}): RoleEmployment => ({ customerCode: 'N138', unitCode: 'U4711', jobCode: 'AID-2311', form: 'PERMANENT', ...fields });

const rules: AccessRuleSet = {
  groups: [group('journal'), group('intranet'), group('school')],
  roles: [
    role('preschool-teacher', { customers: ['N138'], unitPrefixes: ['U47'], jobCodes: ['AID-2311'], forms: ['PERMANENT', 'FIXED_TERM'] }, { groups: ['journal'], licences: ['M365-A3'], devices: ['PC'] }),
    role('everyone-n138', { customers: ['N138'] }, { groups: ['intranet'], licences: ['M365-F3'] }),
    role('substitutes', { forms: ['SUBSTITUTE', 'HOURLY'] }, { licences: ['M365-F3'] }),
    role('school', { customers: ['B110'], jobCodes: ['AID-2311'] }, { groups: ['school'] }),
  ],
};
const index = new RoleIndex({ version: 3, rules });

describe('matches (all conditions hold; lists are any-of)', () => {
  const teacher = rules.roles[0];
  it.each([
    ['all conditions hold', emp(), true],
    ['another customer', emp({ customerCode: 'B110' }), false],
    ['a unit in the subtree', emp({ unitCode: 'U47' }), true],
    ['a unit outside the subtree', emp({ unitCode: 'U4800' }), false],
    ['another job code', emp({ jobCode: 'AID-9999' }), false],
    ['no job code', emp({ jobCode: null }), false],
    ['the other allowed form', emp({ form: 'FIXED_TERM' }), true],
    ['a form not listed', emp({ form: 'HOURLY' }), false],
  ])('%s', (_what, employment, expected) => {
    expect(matches(teacher, employment)).toBe(expected);
  });
});

describe('RoleIndex.desiredFor', () => {
  const keys = (m: ReadonlyMap<string, readonly string[]>) => Object.fromEntries([...m.entries()].map(([k, v]) => [k, [...v]]));

  it('grants the union of the roles of several employments, each with its role and version as cause', () => {
    const desired = index.desiredFor({ employments: [emp(), emp({ customerCode: 'B110', unitCode: 'S1' })] });
    expect(keys(desired.groups)).toEqual({ journal: ['role:preschool-teacher@v3'], intranet: ['role:everyone-n138@v3'], school: ['role:school@v3'] });
    expect(keys(desired.licences)).toEqual({ 'M365-A3': ['role:preschool-teacher@v3'], 'M365-F3': ['role:everyone-n138@v3'] });
    expect(keys(desired.devices)).toEqual({ PC: ['role:preschool-teacher@v3'] });
  });

  it('keeps the old placement’s roles during a mover’s transition', () => {
    const moved = index.desiredFor({ employments: [emp({ customerCode: 'B110' })], transitions: [emp()] });
    expect([...moved.groups.keys()].sort()).toEqual(['intranet', 'journal', 'school']);
    const after = index.desiredFor({ employments: [emp({ customerCode: 'B110' })] });
    expect([...after.groups.keys()]).toEqual(['school']);
  });

  it('adds approved requests with their own cause', () => {
    const desired = index.desiredFor({ employments: [emp()], requests: [{ groupKey: 'journal', cause: 'request:42' }, { groupKey: 'school', cause: 'request:43' }] });
    expect(keys(desired.groups)).toMatchObject({ journal: ['role:preschool-teacher@v3', 'request:42'], school: ['request:43'] });
  });

  it('gives nothing without an active employment', () => {
    const desired = index.desiredFor({ employments: [] });
    expect(desired.groups.size + desired.licences.size + desired.devices.size).toBe(0);
  });
});

describe('activeOn', () => {
  it.each([
    [{ startDate: '2026-03-01', endDate: null }, '2026-02-28', false],
    [{ startDate: '2026-03-01', endDate: null }, '2026-03-01', true],
    [{ startDate: '2026-03-01', endDate: '2026-03-31' }, '2026-03-31', true],
    [{ startDate: '2026-03-01', endDate: '2026-03-31' }, '2026-04-01', false],
  ])('%o on %s -> %s', (employment, day, expected) => {
    expect(activeOn(employment, day)).toBe(expected);
  });
});

describe('simulateRuleChange', () => {
  const person = (n: number, employment: RoleEmployment): SimulatedIdentity => ({ accountId: `a${n}`, samAccountName: `user${n}`, customerCode: employment.customerCode, holder: { employments: [employment] } });
  const population = [person(1, emp()), person(2, emp({ form: 'HOURLY', unitCode: 'U9' })), person(3, emp({ customerCode: 'B110' }))];
  const proposed = new RoleIndex({
    version: 4,
    rules: { groups: rules.groups, roles: [rules.roles[0], role('everyone-n138', { customers: ['N138'] }, { groups: ['intranet'], licences: ['M365-E3'] }), rules.roles[3]] },
  });

  it('counts grants and revokes per group and licence, the accounts affected and the monthly cost per customer in SEK', () => {
    const report = simulateRuleChange(population, index, proposed, new Map([['M365-F3', '89.10'], ['M365-E3', '349.90'], ['M365-A3', '0']]));
    expect(report.groups).toEqual([]);
    expect(report.licences).toEqual([
      { code: 'M365-E3', grants: 2, revokes: 0 },
      { code: 'M365-F3', grants: 0, revokes: 2 },
    ]);
    // user1: F3 -> E3 (+260.80); user2 (hourly): F3 from both roles before, E3 now (+260.80).
    expect(report.costPerCustomer).toEqual([{ customerCode: 'N138', monthlyChangeSek: '521.60', grants: 2, revokes: 2 }]);
    expect(report.affectedAccounts).toBe(2);
    expect(report.affected).toEqual(['user1', 'user2']);
    expect(report.unpriced).toEqual([]);
  });

  it('reports counts only without prices, and names licences without a price', () => {
    expect(simulateRuleChange(population, index, proposed, null).costPerCustomer).toBeNull();
    expect(simulateRuleChange(population, index, proposed, new Map([['M365-E3', '10']])).unpriced).toEqual(['M365-F3']);
  });

  it('evaluates 57,000 identities in well under the time a person waits', () => {
    const many = Array.from({ length: 57_000 }, (_, i) => person(i, emp({ customerCode: i % 3 === 0 ? 'B110' : 'N138', form: i % 5 === 0 ? 'HOURLY' : 'PERMANENT' })));
    const started = Date.now();
    const report = simulateRuleChange(many, index, proposed, new Map([['M365-F3', '89.10'], ['M365-E3', '349.90']]));
    expect(report.identities).toBe(57_000);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('compareWithDirectory and removalShare', () => {
  const dn = (n: string) => `CN=${n},OU=N138,OU=itops,DC=itops,DC=test`;
  const user = (n: string, enabled = true, attributes: Record<string, string> = { title: 'Lärare' }) => ({ dn: dn(n), guid: null, samAccountName: n, enabled, attributes });
  const account = (n: string, enabled: boolean, groups: string[]) => ({
    accountId: `id-${n}`,
    personId: `p-${n}`,
    samAccountName: n,
    dn: dn(n),
    guid: null,
    enabled,
    attributes: { title: 'Lärare' },
    groups: new Map(groups.map((g) => [g, [`role:r@v1`]])),
  });
  const groups = [
    { key: 'journal', dn: 'CN=G-journal,OU=itops,DC=itops,DC=test', policy: 'enforce' as const, memberDns: [dn('bo'), dn('dan').toLowerCase()] },
    { key: 'intranet', dn: 'CN=G-intranet,OU=itops,DC=itops,DC=test', policy: 'report' as const, memberDns: [] },
  ];

  it.each([
    ['missing-membership', 'anna', 'CN=G-journal,OU=itops,DC=itops,DC=test', 'enforce'],
    ['missing-membership', 'anna', 'CN=G-intranet,OU=itops,DC=itops,DC=test', 'report'],
    ['excess-membership', 'bo', 'CN=G-journal,OU=itops,DC=itops,DC=test', 'enforce'],
    ['orphan-account', 'olle', null, 'enforce'],
    ['wrongly-enabled', 'dan', null, 'enforce'],
    ['excess-membership', 'dan', 'CN=G-journal,OU=itops,DC=itops,DC=test', 'enforce'],
    ['wrongly-disabled', 'eva', null, 'enforce'],
    ['attribute-drift', 'eva', null, 'enforce'],
  ])('finds %s for %s (%s, %s)', (kind, who, group, policy) => {
    const { findings } = compareWithDirectory({
      users: [user('anna'), user('bo'), user('olle'), user('dan'), user('eva', false, { title: 'Chef' })],
      groups,
      accounts: [account('anna', true, ['journal', 'intranet']), account('bo', true, []), account('dan', false, []), account('eva', true, [])],
      ownedAttributes: ['title'],
    });
    expect(findings).toEqual(expect.arrayContaining([expect.objectContaining({ kind, account: who, group, policy })]));
  });

  it('finds nothing when AD is as wanted, and counts the accounts a run would take access from', () => {
    const clean = compareWithDirectory({ users: [user('bo')], groups, accounts: [account('bo', true, ['journal'])], ownedAttributes: ['title'] });
    expect(clean.findings.filter((f) => f.group !== groups[1].dn)).toEqual([]);
    const comparison = compareWithDirectory({ users: [user('bo'), user('anna'), user('olle')], groups, accounts: [account('bo', true, []), account('anna', true, [])], ownedAttributes: [] });
    expect(removalShare(comparison)).toEqual({ accounts: 2, share: 2 / 3 });
  });
});
