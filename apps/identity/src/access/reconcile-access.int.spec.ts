import { randomUUID } from 'node:crypto';
import { RECONCILE_LOCK_KEY } from '@itops/identity/data-access';
import { ChangeKind, EmploymentChanged, EntitlementAction, MembershipAction, Topics } from '@itops/shared/contracts';
import { codecFor } from '@itops/shared/messaging';
import { addDays, at, ldap, present, stockholmDate, userByGuid, isDisabled } from '../__fixtures__/identity-stack';
import { AccessStack } from './__fixtures__/access-stack';

jest.setTimeout(120_000);

/**
 * Roles, birthright, reconciliation and simulation against the local Samba AD in an OU of the
 * run's own. The steps build on each other: birthright gives the first state, hand edits in AD
 * make one finding of each kind, --apply fixes them, a held run waits for approval, and a
 * simulated rule change is then applied and compared with its prediction.
 */
describe('access reconciliation (real stack)', () => {
  let s: AccessStack;
  let journal: string;
  let intranet: string;
  let hand: string;
  let licence: string;
  let outside: string;
  const accounts: Record<string, { accountId: string; dn: string; objectGuid: string | null; samAccountName: string }> = {};
  let orphanDn: string;
  const events: Record<string, EmploymentChanged> = {};

  const rulesV1 = () => `groups:
  - key: journal
    dn: ${journal}
    owner: owner-journal
    policy: enforce
    requestable: true
    maxDays: 90
  - key: intranet
    dn: ${intranet}
    policy: report
  - key: hand
    dn: ${hand}
    policy: ignore
  - key: lic-e3
    dn: ${licence}
    policy: enforce
  - key: outside
    dn: ${outside}
    policy: enforce
roles:
  - key: nurse
    name: Undersköterska
    when:
      customers: [Z990]
      jobCodes: [AID5321]
    grants:
      groups: [journal, intranet, hand, lic-e3, outside]
      licences: [M365-E3]
      devices: [PC]
`;

  beforeAll(async () => {
    s = await AccessStack.start('itops_t_access');
    journal = await s.group('g-journal');
    intranet = await s.group('g-intranet');
    hand = await s.group('g-hand');
    licence = await s.group('LIC-E3', `OU=Licences,${s.managedOu}`);
    // In the catalogue, but outside the managed OU: never touched.
    outside = await s.group('g-outside', s.identity.customerOu('Z990').replace(/^OU=Z990,/, ''));
    const imported = await s.rules.import(rulesV1(), 'operator-1');
    expect(imported.version).toBe(1);

    const today = stockholmDate(new Date());
    const hire = async (name: string, fields: Record<string, unknown>) => {
      const event = s.identity.employmentEvent({ givenName: name, ...fields });
      events[name] = event;
      const result = await s.handle(event);
      const account = present(result.account);
      accounts[name] = { accountId: account.accountId, dn: account.dn, objectGuid: account.objectGuid, samAccountName: account.samAccountName };
    };
    await hire('Anna', {});
    await hire('Bo', { jobCode: 'AID9999', jobTitle: 'Administratör' });
    await hire('Cia', {});
    await hire('Dan', { startDate: addDays(today, 5) });
    await hire('Eva', {});
    orphanDn = `CN=Orphan ${s.identity.run},OU=Z990,${s.managedOu}`;
    // Enabled without a password (PASSWD_NOTREQD): an account someone made by hand.
    await ldap((c) => c.add(orphanDn, { objectClass: ['top', 'person', 'organizationalPerson', 'user'], sAMAccountName: `orph${s.identity.run}`, userAccountControl: '544' }));
  });

  afterAll(async () => {
    await s?.stop();
  });

  it('gives birthright access on enabling: enforced role groups in AD, announced with the role as cause, and role entitlements once', async () => {
    const anna = accounts['Anna'];
    expect(await s.members(journal)).toContain(anna.dn.toLowerCase());
    // report and ignore groups, licence groups and groups outside the managed OU are not birthright's to change.
    for (const group of [intranet, hand, licence, outside]) expect(await s.members(group)).not.toContain(anna.dn.toLowerCase());
    expect(await s.members(journal)).not.toContain(accounts['Bo'].dn.toLowerCase());
    // Dan starts in 5 days: prepared and disabled, no access yet.
    expect(await s.members(journal)).not.toContain(accounts['Dan'].dn.toLowerCase());

    const memberships = (await s.membershipEvents()).filter((e) => e.accountId === anna.accountId);
    expect(memberships).toEqual([expect.objectContaining({ groupDn: journal, action: MembershipAction.ADDED, cause: 'role:nurse@v1' })]);
    const entitlements = (await s.entitlementEvents()).filter((e) => e.accountId === anna.accountId);
    expect(entitlements.map((e) => [e.code, e.action, e.cause, e.customerCode, e.samAccountName]).sort()).toEqual([
      ['M365-E3', EntitlementAction.GRANTED, 'role:nurse@v1', 'Z990', anna.samAccountName],
      ['PC', EntitlementAction.GRANTED, 'role:nurse@v1', 'Z990', anna.samAccountName],
    ]);
    expect((await s.entitlementEvents()).filter((e) => e.accountId === accounts['Bo'].accountId)).toEqual([]);
  });

  it('finds one of every kind without changing anything, and leaves hand-managed, licence and outside groups alone', async () => {
    const [anna, bo, cia, dan, eva] = ['Anna', 'Bo', 'Cia', 'Dan', 'Eva'].map((n) => accounts[n]);
    await s.removeMember(journal, cia.dn); // missing-membership
    await s.addMember(journal, bo.dn); // excess-membership
    await s.addMember(hand, bo.dn); // ignore: hand-managed
    await s.addMember(licence, bo.dn); // licence group: the licence service's
    await s.addMember(outside, bo.dn); // outside the managed OU
    await s.setAttribute(dan.dn, 'userAccountControl', '512'); // wrongly-enabled (starts in 5 days)
    await s.setAttribute(eva.dn, 'userAccountControl', '514'); // wrongly-disabled
    await s.setAttribute(anna.dn, 'title', 'Chef'); // attribute-drift

    const result = await s.reconcile.execute({ apply: false, requestedBy: 'operator-1' });
    expect(result).toMatchObject({ identities: 6, applied: 0, held: false, status: 'reported' });
    const found = result.findings.map((f) => [f.kind, f.account, f.group]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['missing-membership', cia.samAccountName, journal],
        ['excess-membership', bo.samAccountName, journal],
        ['orphan-account', `orph${s.identity.run}`.toLowerCase(), null],
        ['wrongly-enabled', dan.samAccountName, null],
        ['wrongly-disabled', eva.samAccountName, null],
        ['attribute-drift', anna.samAccountName, null],
        // policy report: found, never fixed
        ['missing-membership', anna.samAccountName, intranet],
      ]),
    );
    expect(new Set(result.findings.map((f) => f.kind))).toEqual(new Set(['missing-membership', 'excess-membership', 'orphan-account', 'wrongly-enabled', 'wrongly-disabled', 'attribute-drift']));
    expect(result.findings.filter((f) => [hand, licence, outside].includes(f.group ?? ''))).toEqual([]);
    expect(result.findings.find((f) => f.kind === 'attribute-drift')?.detail).toMatch(/title is 'Chef' in AD; HR gives 'Undersköterska'/);
    // Nothing changed.
    expect(await s.members(journal)).toContain(bo.dn.toLowerCase());
    expect(await s.members(journal)).not.toContain(cia.dn.toLowerCase());
  });

  it('with --apply fixes the enforced findings, audits and announces them, and leaves report, ignore, licence and outside groups as they are', async () => {
    const [anna, bo, cia, dan, eva] = ['Anna', 'Bo', 'Cia', 'Dan', 'Eva'].map((n) => accounts[n]);
    const result = await s.reconcileUnlimited.execute({ apply: true, requestedBy: 'operator-1' });
    expect(result.held).toBe(false);
    expect(result.status).toBe('applied');
    expect(result.applied).toBe(result.findings.filter((f) => !(f.kind === 'missing-membership' && f.group === intranet)).length);

    expect(await s.members(journal)).toContain(cia.dn.toLowerCase());
    expect(await s.members(journal)).not.toContain(bo.dn.toLowerCase());
    for (const group of [hand, licence, outside]) expect(await s.members(group)).toContain(bo.dn.toLowerCase());
    expect(await s.members(intranet)).toEqual([]);
    expect(isDisabled(present(await userByGuid(dan.objectGuid)))).toBe(true);
    expect(isDisabled(present(await userByGuid(eva.objectGuid)))).toBe(false);
    expect(present(await userByGuid(anna.objectGuid))['title']).toBe('Undersköterska');
    const orphan = await ldap(async (c) => (await c.search(orphanDn, { scope: 'base', attributes: ['userAccountControl'] })).searchEntries[0]);
    expect(isDisabled(present(orphan))).toBe(true);

    const events = await s.membershipEvents();
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ accountId: cia.accountId, groupDn: journal, action: MembershipAction.ADDED, cause: 'role:nurse@v1' }),
        expect.objectContaining({ accountId: bo.accountId, groupDn: journal, action: MembershipAction.REMOVED, cause: `reconcile:${result.runId}` }),
      ]),
    );
    const audit = await s.identity.auditLog.forAccount(bo.accountId);
    expect(audit).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'membership.removed', detail: expect.objectContaining({ groupDn: journal, runId: result.runId }) })]));

    // Again: only the report-policy findings are left.
    const again = await s.reconcile.execute({ apply: false, requestedBy: 'operator-1' });
    expect(again.findings.map((f) => [f.kind, f.group])).toEqual(again.findings.map(() => ['missing-membership', intranet]));
    expect(again.findings).toHaveLength(3);
  });

  it('holds a run that would take access from more than the configured share, and applies it only when approved', async () => {
    const bo = accounts['Bo'];
    await s.addMember(journal, bo.dn);
    const held = await s.reconcile.execute({ apply: true, requestedBy: 'operator-1' });
    expect(held).toMatchObject({ held: true, applied: 0, status: 'held' });
    expect(held.removalShare).toBeCloseTo(1 / 6);
    expect(await s.members(journal)).toContain(bo.dn.toLowerCase());
    const stored = await s.identity.dataSource.query('SELECT status FROM reconcile_run WHERE run_id = $1', [held.runId]);
    expect(stored).toEqual([{ status: 'held' }]);

    // The one who started it may not approve it.
    await expect(s.reconcile.approve(held.runId, 'operator-1')).rejects.toMatchObject({ code: 'SELF_APPROVAL', httpStatus: 403 });
    expect(await s.members(journal)).toContain(bo.dn.toLowerCase());
    const approved = await s.reconcile.approve(held.runId, 'admin-1');
    expect(approved).toMatchObject({ runId: held.runId, status: 'approved', applied: 1, held: false });
    expect(await s.members(journal)).not.toContain(bo.dn.toLowerCase());
    await expect(s.reconcile.approve(held.runId, 'admin-1')).rejects.toMatchObject({ code: 'RUN_NOT_HELD', httpStatus: 409 });
  });

  it('simulates a rule change over the population and predicts exactly what applying it then does', async () => {
    const [anna, bo, cia, eva] = ['Anna', 'Bo', 'Cia', 'Eva'].map((n) => accounts[n]);
    const rulesV2 = rulesV1()
      .replace(/roles:[\s\S]*$/, '')
      .concat(`roles:
  - key: nurse
    name: Undersköterska
    when:
      jobCodes: [AID5321]
      forms: [PERMANENT]
    grants:
      groups: [intranet]
      licences: [M365-E3]
  - key: admin-staff
    name: Administratör
    when:
      customers: [Z990]
      jobCodes: [AID9999]
    grants:
      groups: [journal]
      licences: [M365-F3]
`);
    const prices = [
      { code: 'M365-E3', monthlyPriceSek: '349.50' },
      { code: 'M365-F3', monthlyPriceSek: '89.25' },
    ];
    const entitlementsBefore = (await s.entitlementEvents()).length;
    const simulation = await s.simulate.execute(rulesV2, prices);
    expect(simulation.currentVersion).toBe(1);
    expect(simulation.identities).toBe(4); // enabled accounts: Anna, Bo, Cia, Eva
    const journalChange = simulation.groups.find((g) => g.group === 'journal');
    expect(journalChange).toEqual({ group: 'journal', dn: journal, grants: 1, revokes: 3 });
    // The catalogue's other groups change in the rules too; reconciliation leaves those (ignore, licence, outside) alone.
    expect(simulation.groups.map((g) => g.group)).toEqual(['hand', 'journal', 'lic-e3', 'outside']);
    expect(simulation.licences).toEqual([{ code: 'M365-F3', grants: 1, revokes: 0 }]);
    expect(simulation.devices).toEqual([{ code: 'PC', grants: 0, revokes: 3 }]);
    expect(simulation.costPerCustomer).toEqual([{ customerCode: 'Z990', monthlyChangeSek: '89.25', grants: 1, revokes: 0 }]);
    expect(simulation.affectedAccounts).toBe(4);
    expect(simulation.affected).toEqual([anna, bo, cia, eva].map((a) => a.samAccountName).sort());
    // Nothing was stored.
    expect((await s.rules.list()).map((v) => v.version)).toEqual([1]);

    await s.rules.import(rulesV2, 'operator-1');
    const applied = await s.reconcileUnlimited.execute({ apply: true, requestedBy: 'operator-1' });
    const journalFindings = applied.findings.filter((f) => f.group === journal);
    expect(journalFindings.filter((f) => f.kind === 'missing-membership')).toHaveLength(present(journalChange).grants);
    expect(journalFindings.filter((f) => f.kind === 'excess-membership')).toHaveLength(present(journalChange).revokes);
    expect(await s.members(journal)).toEqual([bo.dn.toLowerCase()]);
    const announced = (await s.entitlementEvents()).slice(entitlementsBefore);
    const count = (code: string, action: EntitlementAction) => announced.filter((e) => e.code === code && e.action === action).length;
    expect([count('M365-F3', EntitlementAction.GRANTED), count('M365-F3', EntitlementAction.REVOKED)]).toEqual([simulation.licences[0].grants, simulation.licences[0].revokes]);
    expect([count('PC', EntitlementAction.GRANTED), count('PC', EntitlementAction.REVOKED)]).toEqual([simulation.devices[0].grants, simulation.devices[0].revokes]);
    expect(announced.find((e) => e.code === 'M365-F3')).toMatchObject({ accountId: bo.accountId, cause: 'role:admin-staff@v2', customerCode: 'Z990' });
    expect(count('M365-E3', EntitlementAction.GRANTED) + count('M365-E3', EntitlementAction.REVOKED)).toBe(0);
  });

  it('refuses an invalid rules file on import with every error and its line, storing nothing', async () => {
    const bad = rulesV1().replace('policy: report', 'policy: sometimes').replace('jobCodes: [AID5321]', 'jobCodes: [AID5321]\n      colour: red');
    await expect(s.rules.import(bad, 'operator-1')).rejects.toMatchObject({
      code: 'INVALID_RULES',
      httpStatus: 422,
      details: [expect.objectContaining({ line: 10, message: expect.stringMatching(/policy 'sometimes'/) }), expect.objectContaining({ line: 26, message: expect.stringMatching(/unknown key 'colour'/) })],
    });
    expect((await s.rules.list()).map((v) => v.version)).toEqual([2, 1]);
  });

  it('keeps an approved request: its membership is wanted, added when missing with the request as cause, never stripped', async () => {
    const anna = accounts['Anna'];
    const requestId = randomUUID();
    await s.identity.dataSource.query(
      `INSERT INTO access_request (id, account_id, person_id, sam_account_name, group_key, group_dn, owner, reason, until, requested_by, requested_at, status, decided_by, decided_at)
       VALUES ($1, $2, $3, $4, 'journal', $5, 'owner-journal', 'covers nights', $6, 'manager-1', now(), 'APPROVED', 'owner-journal', now())`,
      [requestId, anna.accountId, `p-${anna.accountId}`, anna.samAccountName, journal, addDays(stockholmDate(new Date()), 10)],
    );
    const run = await s.reconcileUnlimited.execute({ apply: true, requestedBy: 'operator-1' });
    expect(run.findings).toEqual(expect.arrayContaining([{ kind: 'missing-membership', account: anna.samAccountName, group: journal, detail: `wanted by request:${requestId}` }]));
    expect(await s.members(journal)).toContain(anna.dn.toLowerCase());
    expect((await s.membershipEvents()).filter((e) => e.accountId === anna.accountId).pop()).toMatchObject({ groupDn: journal, action: MembershipAction.ADDED, cause: `request:${requestId}` });
    const again = await s.reconcile.execute({ apply: false, requestedBy: 'operator-1' });
    expect(again.findings.filter((f) => f.account === anna.samAccountName && f.group === journal)).toEqual([]);
  });

  it('announces a changed sign-in day once, on identity.activity.v1', async () => {
    const eva = accounts['Eva'];
    // lastLogonTimestamp: 100 ns since 1601-01-01 UTC; 2026-11-20 10:00 UTC.
    const fileTime = (BigInt(Date.UTC(2026, 10, 20, 10)) + 11_644_473_600_000n) * 10_000n;
    await s.setAttribute(eva.dn, 'lastLogonTimestamp', fileTime.toString());
    await s.reconcile.execute({ apply: false, requestedBy: 'operator-1' });
    const codec = codecFor(Topics.identityActivity);
    const read = async () =>
      ((await s.identity.dataSource.query('SELECT payload FROM outbox_message WHERE topic = $1 ORDER BY id', [Topics.identityActivity.name])) as Array<{ payload: Buffer }>).map((r) => codec.decode(r.payload));
    expect(await read()).toEqual([expect.objectContaining({ accountId: eva.accountId, samAccountName: eva.samAccountName, lastSignInDate: '2026-11-20', enabled: true, observedDate: stockholmDate(new Date()) })]);
    await s.reconcile.execute({ apply: false, requestedBy: 'operator-1' });
    expect(await read()).toHaveLength(1);
  });

  it('runs one reconciliation at a time: another holding the advisory lock makes it answer RUN_IN_PROGRESS', async () => {
    const other = s.identity.dataSource.createQueryRunner();
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock($1)', [RECONCILE_LOCK_KEY]);
      await expect(s.reconcile.execute({ apply: false, requestedBy: 'operator-1' })).rejects.toMatchObject({ code: 'RUN_IN_PROGRESS', httpStatus: 409 });
      await other.query('SELECT pg_advisory_unlock($1)', [RECONCILE_LOCK_KEY]);
    } finally {
      await other.release();
    }
    await expect(s.reconcile.execute({ apply: false, requestedBy: 'operator-1' })).resolves.toMatchObject({ status: 'reported' });
  });

  it('keeps a mover’s old role access through the transition, and takes it away (groups and entitlements) when it ends', async () => {
    const bo = accounts['Bo'];
    const today = stockholmDate(new Date());
    // Bo moves to another customer, where the admin-staff role (customer Z990) does not apply.
    const moved = await s.handle(s.identity.changed(events['Bo'], { kind: ChangeKind.MOVER, customerCode: 'Z992', unitCode: 'U300' }));
    expect(moved.changes).toEqual(expect.arrayContaining(['updated', 'transition_started']));
    const boDn = present(moved.account).dn;
    expect(await s.members(journal)).toContain(boDn.toLowerCase());
    const revokedNow = (await s.entitlementEvents()).filter((e) => e.accountId === bo.accountId && e.action === EntitlementAction.REVOKED);
    expect(revokedNow).toEqual([]);

    // The lifecycle ends the transition after 30 days; birthright follows in the same review.
    await s.identity.forgetOthers();
    await s.identity.makeDue(`p-${s.identity.run}-${events['Bo'].employmentId}`);
    const later = await s.runAt(at(addDays(today, 31), '00:05'));
    expect(later.changes).toMatchObject({ transition_ended: 1 });
    expect(await s.members(journal)).not.toContain(boDn.toLowerCase());
    expect((await s.membershipEvents()).filter((e) => e.accountId === bo.accountId).pop()).toMatchObject({ groupDn: journal, action: MembershipAction.REMOVED, cause: 'role-ended@v2' });
    expect((await s.entitlementEvents()).filter((e) => e.accountId === bo.accountId).pop()).toMatchObject({
      code: 'M365-F3',
      action: EntitlementAction.REVOKED,
      cause: 'role:admin-staff@v2',
      customerCode: 'Z990',
      effectiveDate: addDays(today, 31),
    });
  });
});
