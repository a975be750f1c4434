import { harvest, HarvestCandidate, HeldLicence, HolderSignals, nextTrueUp, totalsPerCustomer } from './harvest.rules';
import { checkProducts, Product } from './product.rules';

const catalogue = new Map<string, Product>(
  checkProducts([
    { code: 'M365-E5', name: 'Microsoft 365 E5', monthlyPriceSek: '570', servesAs: 'M365-E3' },
    { code: 'M365-E3', name: 'Microsoft 365 E3', monthlyPriceSek: '389', servesAs: 'M365-F3' },
    { code: 'M365-F3', name: 'Microsoft 365 F3', monthlyPriceSek: '80' },
    { code: 'COPILOT', name: 'Microsoft 365 Copilot', monthlyPriceSek: '315', addon: true, activityService: 'copilot' },
  ]).map((p) => [p.code, p]),
);
const cost = (code: string) => catalogue.get(code)?.monthlyPriceSek ?? '0';
const policy = { today: '2026-11-22', inactiveDays: 90 };

const active: Omit<HolderSignals, 'accountId'> = { samAccountName: null, leftOn: null, enabled: true, lastSeen: '2026-11-20', serviceActivity: { copilot: '2026-11-19' }, roleNeeds: [] };
const holding = (accountId: string, productCode: string, fields: Partial<HeldLicence> = {}): HeldLicence => ({
  assignmentId: `${accountId}/${productCode}`,
  accountId,
  customerCode: 'N138',
  productCode,
  source: 'role',
  fromDate: '2026-01-05',
  contract: null,
  ...fields,
});

/** One account per row: what it holds, what is known of it, and the only candidates expected. */
const cases: Array<{ name: string; held: Array<[string, Partial<HeldLicence>?]>; signals: Partial<HolderSignals>; expected: Array<[string, string, string, string | null]> }> = [
  { name: 'an active account whose licence its role needs', held: [['M365-E3']], signals: { roleNeeds: ['M365-E3'] }, expected: [] },
  { name: 'a leaver still holding E3 and Copilot', held: [['M365-E3'], ['COPILOT']], signals: { leftOn: '2026-11-01', enabled: false }, expected: [['M365-E3', 'leaver', '389.00', null], ['COPILOT', 'leaver', '315.00', null]] },
  { name: 'a disabled account that is no leaver', held: [['M365-E3']], signals: { enabled: false }, expected: [['M365-E3', 'disabled-account', '389.00', null]] },
  { name: 'no sign-in for 91 days', held: [['M365-E3']], signals: { lastSeen: '2026-08-23' }, expected: [['M365-E3', 'inactive', '389.00', null]] },
  { name: 'last seen exactly 90 days ago is still active', held: [['M365-E3']], signals: { lastSeen: '2026-08-24' }, expected: [] },
  { name: 'never signed in, licence given 30 days ago: not yet inactive', held: [['M365-E3', { fromDate: '2026-10-23' }]], signals: { lastSeen: null }, expected: [] },
  { name: 'E3 by request where the role needs F3 (downgrade, F3 not held)', held: [['M365-E3', { source: 'request' }]], signals: { roleNeeds: ['M365-F3'] }, expected: [['M365-E3', 'downgrade', '309.00', 'M365-F3']] },
  { name: 'E5 by request and E3 by role: release E5', held: [['M365-E5', { source: 'request' }], ['M365-E3']], signals: { roleNeeds: ['M365-E3'] }, expected: [['M365-E5', 'downgrade', '570.00', null]] },
  { name: 'E5 by role needing E5 and E3 by request: E3 is a duplicate', held: [['M365-E5'], ['M365-E3', { source: 'request' }]], signals: { roleNeeds: ['M365-E5'] }, expected: [['M365-E3', 'duplicate', '389.00', null]] },
  { name: 'Copilot unused for 120 days', held: [['M365-E3'], ['COPILOT']], signals: { serviceActivity: { copilot: '2026-07-25' } }, expected: [['COPILOT', 'unused-addon', '315.00', null]] },
  { name: 'only entitlements known (no account event yet): judged on role needs only', held: [['M365-E3', { source: 'request' }], ['COPILOT']], signals: { observed: false, lastSeen: null, serviceActivity: {}, roleNeeds: ['M365-F3'] }, expected: [['M365-E3', 'downgrade', '309.00', 'M365-F3']] },
  { name: 'Copilot never used', held: [['COPILOT']], signals: { serviceActivity: {} }, expected: [['COPILOT', 'unused-addon', '315.00', null]] },
];

describe('harvest: one reason per licence, nothing else flagged', () => {
  it.each(cases)('$name', ({ held, signals, expected }) => {
    const licences = held.map(([code, fields]) => holding('a1', code, fields));
    const found = harvest(licences, new Map([['a1', { accountId: 'a1', ...active, ...signals }]]), catalogue, policy, cost);
    const shown = (c: HarvestCandidate) => [c.product, c.reason, c.monthlySavingSek, c.downgradeTo];
    expect(found.map(shown).sort()).toEqual(expected.sort());
  });

  it('flags nothing of an account it knows nothing of', () => {
    expect(harvest([holding('ghost', 'M365-E3'), holding('ghost', 'COPILOT')], new Map(), catalogue, policy, cost)).toEqual([]);
  });

  it('totals per customer', () => {
    const licences = [holding('a1', 'M365-E3'), holding('a2', 'M365-E5', { customerCode: 'B110' }), holding('a3', 'COPILOT')];
    const signals = new Map(['a1', 'a2', 'a3'].map((id) => [id, { accountId: id, ...active, enabled: false }]));
    expect(totalsPerCustomer(harvest(licences, signals, catalogue, policy, cost))).toEqual([
      { customer: 'B110', candidates: 1, monthlySavingSek: '570.00' },
      { customer: 'N138', candidates: 2, monthlySavingSek: '704.00' },
    ]);
  });
});

describe('nextTrueUp: a reduction counts from the contract\'s next true-up date', () => {
  it.each([
    ['no contract: from today', null, '2026-11-22'],
    ['true-up ahead', { reference: 'c', trueUpOn: '2027-03-01', endsOn: '2029-02-28' }, '2027-03-01'],
    ['true-up passed: its next anniversary', { reference: 'c', trueUpOn: '2026-03-01', endsOn: '2029-02-28' }, '2027-03-01'],
    ['true-up today', { reference: 'c', trueUpOn: '2026-11-22', endsOn: '2029-02-28' }, '2026-11-22'],
    ['the term ends before the next anniversary: the day after it ends', { reference: 'c', trueUpOn: '2026-03-01', endsOn: '2026-12-31' }, '2027-01-01'],
  ])('%s', (_name, contract, expected) => {
    expect(nextTrueUp(contract, '2026-11-22')).toBe(expected);
  });
});
