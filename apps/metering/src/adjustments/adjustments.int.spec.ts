import request from 'supertest';
import { fetchDevToken, Role } from '@itops/shared/auth';
import { MeteringTestApp } from '../__fixtures__/metering.test-app';

/** `itops metering adjust`: an operator's correction is a new ledger item, never an edit. */
describe('metering: adjustments with reason and operator (real PostgreSQL)', () => {
  let metering: MeteringTestApp;
  let operator: string;
  const post = (body: unknown, token = operator) =>
    request(metering.app.getHttpServer()).post('/v1/adjustments').set('Authorization', `Bearer ${token}`).send(body as object);
  const volumes = async (query: Record<string, string>) =>
    (await request(metering.app.getHttpServer()).get('/v1/volumes').query(query).set('Authorization', `Bearer ${operator}`)).body;
  let accountId: string;
  const correction = (fields: Record<string, unknown> = {}) => ({
    customer: 'N138',
    offering: 'KONTO',
    subjectType: 'account',
    subjectId: accountId,
    quantity: '-1',
    validFrom: '2026-11-01',
    validTo: '2026-11-30',
    reason: 'counted twice: the account was moved by hand in AD, INC-4711',
    ...fields,
  });

  beforeAll(async () => {
    metering = await MeteringTestApp.start();
    operator = await fetchDevToken(Role.Operator, { subject: 'anna.operator' });
    const enabled = metering.accountEvent({ effectiveDate: '2026-10-01' });
    accountId = enabled.accountId;
    await metering.handleAccount(enabled);
  });

  afterAll(async () => {
    await metering?.close();
  });

  it('records an adjust item with the reason and the operator from the token, announces it, and changes the volume', async () => {
    const [before] = await metering.dataSource.query(`SELECT id, quantity::text, valid_from::text FROM ledger_item WHERE subject_id = $1`, [accountId]);
    expect((await volumes({ customer: 'N138', period: '2026-11', offering: 'KONTO' })).offerings[0].quantityAtMonthEnd).toBe('1');

    const res = await post(correction());
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      kind: 'adjust',
      customer: 'N138',
      offering: 'KONTO',
      subjectType: 'account',
      subjectId: accountId,
      quantity: '-1',
      validFrom: '2026-11-01',
      validTo: '2026-11-30',
      reason: 'counted twice: the account was moved by hand in AD, INC-4711',
      operator: 'anna.operator',
      recordedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });

    const rows = await metering.dataSource.query(
      `SELECT id, kind, quantity::text, to_char(valid_from, 'YYYY-MM-DD') AS valid_from, to_char(valid_to, 'YYYY-MM-DD') AS valid_to, reason, operator, source_event_id
         FROM ledger_item WHERE subject_id = $1 ORDER BY id`,
      [accountId],
    );
    expect(rows).toEqual([
      // The open item is as it was: corrections never edit.
      expect.objectContaining({ id: before.id, kind: 'open', quantity: before.quantity, reason: null, operator: null }),
      {
        id: res.body.id,
        kind: 'adjust',
        quantity: '-1.0000',
        valid_from: '2026-11-01',
        valid_to: '2026-11-30',
        reason: 'counted twice: the account was moved by hand in AD, INC-4711',
        operator: 'anna.operator',
        source_event_id: null,
      },
    ]);
    const [published] = (await metering.usageEvents()).filter((e) => e.ledgerItemId === res.body.id);
    expect(published).toMatchObject({ kind: 'adjust', refersTo: '', customerCode: 'N138', offeringCode: 'KONTO', subjectType: 'account', subjectId: accountId, validFrom: '2026-11-01', validTo: '2026-11-30' });
    expect(published.quantity).toMatch(/^-1(\.0+)?$/);

    const november = (await volumes({ customer: 'N138', period: '2026-11', offering: 'KONTO', items: 'true' })).offerings[0];
    expect(november).toMatchObject({ quantityAtMonthEnd: '0', quantityProrated: '0', left: [{ subjectType: 'account', subjectId: accountId, quantity: '1' }] });
    expect(november.items.map((i: { kind: string; reason: string | null; operator: string | null }) => [i.kind, i.reason, i.operator])).toEqual([
      ['open', null, null],
      ['adjust', 'counted twice: the account was moved by hand in AD, INC-4711', 'anna.operator'],
    ]);
    // December is untouched: the correction covers November only.
    expect((await volumes({ customer: 'N138', period: '2026-12', offering: 'KONTO' })).offerings[0]).toMatchObject({ quantityAtMonthEnd: '1', added: [{ subjectId: accountId }] });
  });

  it('takes a positive, open-ended correction for an offering measured elsewhere (a printer)', async () => {
    const admin = await fetchDevToken(Role.Admin, { subject: 'bo.admin' });
    const res = await post(correction({ offering: 'SKRIVARE', subjectType: 'printer', subjectId: 'PRN-0042', quantity: '2.5', validTo: undefined, reason: 'printer missing from the import' }), admin);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ quantity: '2.5', validTo: null, operator: 'bo.admin' });
    const december = (await volumes({ customer: 'N138', period: '2026-12', offering: 'SKRIVARE' })).offerings[0];
    expect(december).toMatchObject({ quantityAtMonthEnd: '2.5', quantityProrated: '2.5' });
  });

  it('refuses a bad correction with 400, naming every field at fault, and records nothing', async () => {
    const count = async () => Number((await metering.dataSource.query('SELECT count(*)::int AS n FROM ledger_item'))[0].n);
    const before = await count();
    const res = await post(correction({ customer: 'N13', quantity: '1,5', reason: '  ', validFrom: '2026-11-10', validTo: '2026-11-01' }));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_ADJUSTMENT');
    expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['customer', 'quantity', 'validTo', 'reason']);
    expect(res.body.message).toContain('customer: "N13" is not a customer code');
    expect(res.body.message).toContain('quantity: "1,5" is not a decimal');
    expect(res.body.message).toContain('validTo: 2026-11-01 is before validFrom 2026-11-10');
    expect(res.body.message).toContain('reason: is missing');
    expect(await count()).toBe(before);
  });

  it.each([Role.ServiceDesk, Role.Auditor, Role.CustomerViewer, Role.LicenceManager])('refuses %s with 403', async (role) => {
    const token = await fetchDevToken(role, role === Role.CustomerViewer ? { customers: ['N138'] } : {});
    expect((await post(correction(), token)).status).toBe(403);
  });

  it('keeps the ledger append-only underneath: the database refuses an edit', async () => {
    await expect(metering.quiet.query("UPDATE ledger_item SET reason = 'edited'")).rejects.toThrow(/append-only/);
    await expect(metering.quiet.query('DELETE FROM ledger_item')).rejects.toThrow(/append-only/);
  });
});
