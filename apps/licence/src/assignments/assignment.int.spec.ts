import request from 'supertest';
import { Role } from '@itops/shared/auth';
import { AccountEvent, ChangeKind, LicenceAction } from '@itops/shared/contracts';
import { LicenceTestApp } from '../__fixtures__/licence.test-app';
import { RunReleases } from '../releases/run-releases.use-case';

/** Stockholm wall-clock time on a winter day as an instant. */
const at = (date: string, time: string): Date => new Date(`${date}T${time}:00+01:00`);

describe('licence: assignments through AD licence groups (real PostgreSQL and Samba AD)', () => {
  let licence: LicenceTestApp;
  let manager: string;
  const groups: Record<string, string> = {};

  const http = () => request(licence.app.getHttpServer());
  const shown = async (accountId: string) =>
    (await licence.assignmentEvents(accountId)).map((e) => [LicenceAction[e.action], e.productCode, e.effectiveDate, e.unitCostSek, e.source, e.customerCode]);

  beforeAll(async () => {
    licence = await LicenceTestApp.start('2026-11-22');
    manager = await licence.token(Role.LicenceManager, { subject: 'lena.licens' });
    const products = await licence.catalogue();
    for (const p of products) groups[p.code as string] = p.groupDn as string;
    expect((await http().put('/v1/products').set('Authorization', `Bearer ${manager}`).send({ products })).status).toBe(200);
    const contracts = [
      { reference: 'MS-EA-2025', supplier: 'Microsoft (Atea)', productCode: 'M365-E3', quantity: 100, unitPriceSek: '350', startsOn: '2025-03-01', endsOn: '2028-02-29', trueUpOn: '2027-03-01' },
    ];
    expect((await http().put('/v1/contracts').set('Authorization', `Bearer ${manager}`).send({ contracts })).status).toBe(200);
    const pools = [{ code: `VIK-N138-${licence.run}`, customerCode: 'N138', productCode: 'M365-F3', kind: 'substitute', size: 2 }];
    expect((await http().put('/v1/pools').set('Authorization', `Bearer ${manager}`).send({ pools })).status).toBe(200);
  }, 60_000);

  afterAll(async () => {
    await licence?.close();
  });

  it('lists the products with their monthly price for an operator, and refuses a broken import naming the field', async () => {
    const operator = await licence.token(Role.Operator);
    const { body } = await http().get('/v1/products').set('Authorization', `Bearer ${operator}`).expect(200);
    expect(body.map((p: { code: string; name: string; monthlyPriceSek: string }) => [p.code, p.monthlyPriceSek])).toEqual([
      ['COPILOT', '315.00'],
      ['M365-E3', '389.00'],
      ['M365-E5', '570.00'],
      ['M365-F3', '80.00'],
      ['VISIO-P2', '160.00'],
    ]);
    const refused = await http().put('/v1/products').set('Authorization', `Bearer ${manager}`).send([{ code: 'm365 e3', name: 'x', monthlyPriceSek: '12,50' }]);
    expect(refused.status).toBe(422);
    expect(refused.body.message).toContain('products[0].code');
    await http().put('/v1/products').set('Authorization', `Bearer ${operator}`).send([]).expect(403);
  });

  it('realises a role entitlement through the product\'s licence group, priced by the contract, announced for metering', async () => {
    const anna = await licence.account('anna');
    await licence.accountEvent(anna, AccountEvent.ENABLED, '2026-11-02');
    expect(await licence.entitlement(anna, 'M365-E3', 'GRANTED', 'role:teacher@v3', '2026-11-03')).toBe('assigned');

    expect(await licence.members(groups['M365-E3'])).toContain(anna.sam);
    const [assignment] = (await http().get('/v1/assignments').query({ account: anna.accountId }).set('Authorization', `Bearer ${manager}`).expect(200)).body;
    expect(assignment).toMatchObject({ productCode: 'M365-E3', source: 'role', cause: 'role:teacher@v3', contractReference: 'MS-EA-2025', unitCostSek: '350.00', fromDate: '2026-11-03', toDate: null });
    expect(await shown(anna.accountId)).toEqual([['ASSIGNED', 'M365-E3', '2026-11-03', '350.00', 'role', 'N138']]);

    // The same grant again (a redelivery, or a second cause) gives nothing twice.
    expect(await licence.entitlement(anna, 'M365-E3', 'GRANTED', 'role:teacher@v3', '2026-11-03')).toBe('held');
    expect(await licence.entitlement(anna, 'M365-E3', 'GRANTED', 'request:R-17', '2026-11-05')).toBe('held');
    // One cause revoked, the other still entitles: the licence stays.
    expect(await licence.entitlement(anna, 'M365-E3', 'REVOKED', 'role:teacher@v3', '2026-11-20')).toBe('kept');
    expect(await licence.members(groups['M365-E3'])).toContain(anna.sam);
    expect(await licence.entitlement(anna, 'M365-E3', 'REVOKED', 'request:R-17', '2026-11-21')).toBe('released');
    expect(await licence.members(groups['M365-E3'])).not.toContain(anna.sam);
    expect(await shown(anna.accountId)).toEqual([
      ['ASSIGNED', 'M365-E3', '2026-11-03', '350.00', 'role', 'N138'],
      ['RELEASED', 'M365-E3', '2026-11-21', '350.00', 'role', 'N138'],
    ]);
  });

  it('adds nothing for an entitlement a held bigger product covers, and realises it when the bigger one goes', async () => {
    const bo = await licence.account('bo');
    expect(await licence.entitlement(bo, 'M365-E3', 'GRANTED', 'request:R-20', '2026-11-03')).toBe('assigned');
    expect(await licence.entitlement(bo, 'M365-F3', 'GRANTED', 'role:care-assistant@v1', '2026-11-03')).toBe('covered');
    expect(await licence.members(groups['M365-F3'])).not.toContain(bo.sam);
    expect(await licence.entitlement(bo, 'M365-E3', 'REVOKED', 'request:R-20', '2026-11-10')).toBe('released');
    expect(await licence.members(groups['M365-E3'])).not.toContain(bo.sam);
    expect(await licence.members(groups['M365-F3'])).toContain(bo.sam);
    expect((await shown(bo.accountId)).map(([action, product, date, , source]) => [action, product, date, source])).toEqual([
      ['ASSIGNED', 'M365-E3', '2026-11-03', 'request'],
      ['RELEASED', 'M365-E3', '2026-11-10', 'request'],
      ['ASSIGNED', 'M365-F3', '2026-11-10', 'role'],
    ]);
  });

  it('releases a leaver\'s licences only after the grace period (30 days), out of the groups', async () => {
    const cecilia = await licence.account('cecilia');
    await licence.accountEvent(cecilia, AccountEvent.ENABLED, '2026-01-10');
    await licence.entitlement(cecilia, 'M365-E3', 'GRANTED', 'role:teacher@v3', '2026-01-10');
    await licence.entitlement(cecilia, 'VISIO-P2', 'GRANTED', 'request:R-30', '2026-02-01');
    // identity disables the leaver in AD and revokes the role entitlements with the employment; the
    // revocation may arrive before the account event (another topic): the grace period still holds.
    await licence.disable(cecilia);
    expect(await licence.entitlement(cecilia, 'M365-E3', 'REVOKED', 'role:teacher@v3', '2026-11-01')).toBe('kept');
    await licence.accountEvent(cecilia, AccountEvent.DISABLED, '2026-11-01');
    const runs = licence.app.get(RunReleases);

    licence.setToday('2026-11-30');
    await runs.execute();
    expect(await licence.members(groups['M365-E3'])).toContain(cecilia.sam);
    expect(await licence.members(groups['VISIO-P2'])).toContain(cecilia.sam);

    licence.setToday('2026-12-01');
    const run = await runs.execute();
    expect(run).toMatchObject({ ran: true, today: '2026-12-01' });
    expect(run.released).toBeGreaterThanOrEqual(2);
    expect(await licence.members(groups['M365-E3'])).not.toContain(cecilia.sam);
    expect(await licence.members(groups['VISIO-P2'])).not.toContain(cecilia.sam);
    expect((await shown(cecilia.accountId)).filter(([action]) => action === 'RELEASED').map(([, product, date]) => [product, date]).sort()).toEqual([
      ['M365-E3', '2026-12-01'],
      ['VISIO-P2', '2026-12-01'],
    ]);
    const open = (await http().get('/v1/assignments').query({ account: cecilia.accountId, open: 'true' }).set('Authorization', `Bearer ${manager}`)).body;
    expect(open).toEqual([]);
    // On demand too, for licence managers; nothing left to release now.
    const again = await http().post('/v1/releases/runs').set('Authorization', `Bearer ${manager}`).expect(200);
    expect(again.body).toMatchObject({ ran: true, leavers: 0, released: 0 });
    licence.setToday('2026-11-22');
  });

  it('takes substitute licences from the customer\'s pool; when it runs dry the booking still gets one, flagged as overflow', async () => {
    const subs = [await licence.account('vik1'), await licence.account('vik2'), await licence.account('vik3')];
    for (const s of subs) await licence.accountEvent(s, AccountEvent.ENABLED, '2026-11-22');
    const from = at('2026-11-23', '07:00');
    const until = at('2026-11-23', '16:00');
    const outcomes = [];
    for (const [i, s] of subs.entries()) outcomes.push(await licence.booking(s, `B-${licence.run}-${i}`, from, until));
    expect(outcomes).toEqual(['taken', 'taken', 'overflow']);
    for (const s of subs) expect(await licence.members(groups['M365-F3'])).toContain(s.sam);

    const pools = (await http().get('/v1/pools').query({ customer: 'N138' }).set('Authorization', `Bearer ${manager}`).expect(200)).body;
    expect(pools.find((p: { code: string }) => p.code === `VIK-N138-${licence.run}`)).toMatchObject({ size: 2, used: 2, overflow: 1, productCode: 'M365-F3' });
    expect((await shown(subs[2].accountId)).map(([action, product, , cost, source]) => [action, product, cost, source])).toEqual([['ASSIGNED', 'M365-F3', '80.00', 'substitute-pool']]);

    // The first booking is cancelled: its licence goes back to the pool.
    expect(await licence.booking(subs[0], `B-${licence.run}-0`, from, until, ChangeKind.LEAVER)).toBe('given-back');
    expect(await licence.members(groups['M365-F3'])).not.toContain(subs[0].sam);
    // The others end by themselves once the booked end has passed.
    licence.setToday('2026-11-24');
    const run = await licence.app.get(RunReleases).execute();
    expect(run.bookingsEnded).toBe(2);
    expect(await licence.members(groups['M365-F3'])).not.toEqual(expect.arrayContaining([subs[1].sam]));
    expect(await licence.members(groups['M365-F3'])).not.toEqual(expect.arrayContaining([subs[2].sam]));
    const after = (await http().get('/v1/pools').query({ customer: 'N138' }).set('Authorization', `Bearer ${manager}`)).body;
    expect(after.find((p: { code: string }) => p.code === `VIK-N138-${licence.run}`)).toMatchObject({ used: 0, overflow: 0 });
    licence.setToday('2026-11-22');
  });

  it('counts role licences against a city-wide standard pool, flagging those beyond its size', async () => {
    await http()
      .put('/v1/pools')
      .set('Authorization', `Bearer ${manager}`)
      .send([{ code: `E5-CITY-${licence.run}`, customerCode: '', productCode: 'M365-E5', kind: 'standard', size: 1 }])
      .expect(200);
    const [dag, eva] = [await licence.account('dag'), await licence.account('eva')];
    await licence.entitlement(dag, 'M365-E5', 'GRANTED', 'role:cio@v1', '2026-11-03', 'B110');
    await licence.entitlement(eva, 'M365-E5', 'GRANTED', 'role:cio@v1', '2026-11-03', 'K171');
    const pools = (await http().get('/v1/pools').query({ customer: 'K171' }).set('Authorization', `Bearer ${manager}`)).body;
    expect(pools.find((p: { code: string }) => p.code === `E5-CITY-${licence.run}`)).toMatchObject({ customerCode: null, size: 1, used: 1, overflow: 1 });
    expect(await licence.members(groups['M365-E5'])).toEqual(expect.arrayContaining([dag.sam, eva.sam]));
  });

  it('keeps a booking whose account is not known yet, and takes the licence when the account arrives', async () => {
    const late = await licence.account('vik4');
    expect(await licence.booking(late, `B-${licence.run}-late`, at('2026-11-25', '07:00'), at('2026-11-25', '16:00'))).toBe('pending');
    expect(await licence.members(groups['M365-F3'])).not.toContain(late.sam);
    await licence.accountEvent(late, AccountEvent.ENABLED, '2026-11-24');
    expect(await licence.members(groups['M365-F3'])).toContain(late.sam);
  });
});
