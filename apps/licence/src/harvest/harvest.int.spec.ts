import ExcelJS from 'exceljs';
import request from 'supertest';
import { Role } from '@itops/shared/auth';
import { AccountEvent, LicenceAction } from '@itops/shared/contracts';
import { FakeGraphReports } from '../__fixtures__/graph-reports.fake';
import { LicenceTestApp, TestAccount } from '../__fixtures__/licence.test-app';

/** Reads a binary response body into a Buffer (supertest leaves unknown types unparsed). */
const binary = (res: request.Response, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/** The bytes as an ArrayBuffer, the type exceljs loads. */
const arrayBufferOf = (bytes: Buffer): ArrayBuffer => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

/**
 * A seeded population of customer K171 on 2026-11-22 where each harvest reason occurs once, next to
 * accounts that look close to a reason but are not one; the harvest must find exactly those six.
 */
describe('licence: harvesting a seeded population (real PostgreSQL and Samba AD, faked Graph)', () => {
  let licence: LicenceTestApp;
  let manager: string;
  const groups: Record<string, string> = {};
  const a: Record<string, TestAccount> = {};
  const http = () => request(licence.app.getHttpServer());
  const name = (accountId: string) => Object.entries(a).find(([, x]) => x.accountId === accountId)?.[0];

  beforeAll(async () => {
    licence = await LicenceTestApp.start('2026-11-22');
    manager = await licence.token(Role.LicenceManager, { subject: 'lena.licens' });
    const auth = `Bearer ${manager}`;
    const products = await licence.catalogue();
    for (const p of products) groups[p.code as string] = p.groupDn as string;
    await http().put('/v1/products').set('Authorization', auth).send(products).expect(200);
    await http()
      .put('/v1/contracts')
      .set('Authorization', auth)
      .send([{ reference: 'MS-EA-2025', supplier: 'Microsoft (Atea)', productCode: 'M365-E3', quantity: 500, unitPriceSek: '350.00', startsOn: '2025-03-01', endsOn: '2028-02-29', trueUpOn: '2027-03-01' }])
      .expect(200);

    for (const n of ['ok', 'leaver', 'disabled', 'inactive', 'exportactive', 'entraactive', 'downgrade', 'duplicate', 'addon', 'addonused', 'newbie']) {
      a[n] = await licence.account(n);
      await licence.accountEvent(a[n], AccountEvent.ENABLED, '2026-01-02', 'K171');
    }
    const grant = (n: string, code: string, cause: string, date = '2026-01-10') => licence.entitlement(a[n], code, 'GRANTED', cause, date, 'K171');
    for (const n of ['ok', 'leaver', 'disabled', 'inactive', 'exportactive', 'entraactive', 'addon', 'addonused']) await grant(n, 'M365-E3', 'role:teacher@v1');
    await grant('newbie', 'M365-E3', 'role:teacher@v1', '2026-11-01');
    // Asked for E3, while the role (a frontline role in care) needs only F3.
    expect(await grant('downgrade', 'M365-E3', 'request:R-1')).toBe('assigned');
    expect(await grant('downgrade', 'M365-F3', 'role:care-assistant@v1')).toBe('covered');
    // Had E3 by request, then the role gave E5: E3 is left over.
    await grant('duplicate', 'M365-E3', 'request:R-2');
    await grant('duplicate', 'M365-E5', 'role:manager@v1', '2026-02-01');
    await grant('addon', 'COPILOT', 'request:R-3', '2026-03-01');
    await grant('addonused', 'COPILOT', 'request:R-4', '2026-03-01');

    // AD's lastLogonTimestamp, from identity.
    for (const n of ['ok', 'leaver', 'downgrade', 'duplicate', 'addon', 'addonused']) await licence.signIn(a[n], '2026-11-20');
    await licence.signIn(a['disabled'], '2026-10-01', false);
    await licence.signIn(a['inactive'], '2026-07-01');
    await licence.signIn(a['exportactive'], '2026-06-01');
    await licence.accountEvent(a['leaver'], AccountEvent.DISABLED, '2026-11-15', 'K171');
  }, 90_000);

  afterAll(async () => {
    await licence?.close();
  });

  it('imports the admin center\'s usage exports by their real column names, and Entra sign-in activity', async () => {
    const upn = (n: string) => a[n].upn;
    const graph = new FakeGraphReports(
      [
        { userPrincipalName: upn('ok'), exchange: '2026-11-19', teams: '2026-11-19', assignedProducts: ['MICROSOFT 365 E3'] },
        { userPrincipalName: upn('inactive'), exchange: '2026-07-15', assignedProducts: ['MICROSOFT 365 E3'] },
        { userPrincipalName: upn('exportactive'), teams: '2026-11-18', assignedProducts: ['MICROSOFT 365 E3'] },
        { userPrincipalName: upn('addon'), exchange: '2026-11-20', assignedProducts: ['MICROSOFT 365 E3', 'MICROSOFT 365 COPILOT'] },
        { userPrincipalName: upn('addonused'), exchange: '2026-11-20', copilot: '2026-11-10', assignedProducts: ['MICROSOFT 365 E3', 'MICROSOFT 365 COPILOT'] },
        { userPrincipalName: upn('entraactive'), lastSignInDateTime: '2026-05-02T08:00:00Z', lastNonInteractiveSignInDateTime: '2026-11-19T06:12:00Z' },
        { userPrincipalName: 'someone.else@other-tenant.example', exchange: '2026-11-19' },
      ],
      '2026-11-20',
    );
    const auth = `Bearer ${manager}`;
    const active = await http().post('/v1/usage/imports').query({ report: 'active-users' }).set('Authorization', auth).set('Content-Type', 'text/csv').send(graph.getOffice365ActiveUserDetail());
    expect(active.status).toBe(201);
    expect(active.body).toMatchObject({ report: 'active-users', refreshDate: '2026-11-20', users: 7, activities: 7, unmatchedUsers: 1 });
    const copilot = await http().post('/v1/usage/imports').query({ report: 'copilot-activity' }).set('Authorization', auth).set('Content-Type', 'text/csv').send(graph.getMicrosoft365CopilotUsageUserDetail());
    expect(copilot.body).toMatchObject({ report: 'copilot-activity', users: 2, activities: 1, unmatchedUsers: 0 });
    const signIns = await http().post('/v1/usage/imports').query({ report: 'entra-sign-ins' }).set('Authorization', auth).send(graph.listUsersWithSignInActivity(3));
    expect(signIns.body).toMatchObject({ report: 'entra-sign-ins', users: 7, activities: 1 });

    const stored: Array<{ upn: string; service: string; day: string }> = await licence.dataSource.query(
      "SELECT user_principal_name AS upn, service, to_char(last_activity_on, 'YYYY-MM-DD') AS day FROM licence_service_activity WHERE user_principal_name = ANY($1) ORDER BY 1, 2",
      [[upn('addonused'), upn('entraactive')]],
    );
    const byUpn = new Map(Object.entries(a).map(([n, x]) => [x.upn, n]));
    expect(stored.map((r) => [byUpn.get(r.upn), r.service, r.day])).toEqual([
      ['addonused', 'copilot', '2026-11-10'],
      ['addonused', 'exchange', '2026-11-20'],
      ['entraactive', 'entra', '2026-11-19'],
    ]);

    // An export whose columns were renamed (another language, a hand-made sheet) is refused, naming them.
    const renamed = graph.getTeamsUserActivityUserDetail().replace('User Principal Name', 'UPN');
    const refused = await http().post('/v1/usage/imports').query({ report: 'teams-activity' }).set('Authorization', auth).set('Content-Type', 'text/csv').send(renamed);
    expect(refused.status).toBe(422);
    expect(refused.body.message).toContain('"User Principal Name"');
  });

  it('finds exactly one candidate per seeded reason, with savings and totals per customer', async () => {
    const { body } = await http().get('/v1/harvest').query({ customer: 'K171' }).set('Authorization', `Bearer ${manager}`).expect(200);
    expect(body.candidates.map((c: Record<string, string>) => [name(c.account), c.customer, c.product, c.reason, c.monthlySavingSek, c.downgradeTo]).sort()).toEqual(
      [
        ['addon', 'K171', 'COPILOT', 'unused-addon', '315.00', null],
        ['disabled', 'K171', 'M365-E3', 'disabled-account', '350.00', null],
        ['downgrade', 'K171', 'M365-E3', 'downgrade', '270.00', 'M365-F3'],
        ['duplicate', 'K171', 'M365-E3', 'duplicate', '350.00', null],
        ['inactive', 'K171', 'M365-E3', 'inactive', '350.00', null],
        ['leaver', 'K171', 'M365-E3', 'leaver', '350.00', null],
      ].sort(),
    );
    expect(body.totals).toEqual([{ customer: 'K171', candidates: 6, monthlySavingSek: '1985.00' }]);
  });

  it('counts savings from the contract\'s next true-up date (2027-03-01), per customer and product, per month and year', async () => {
    const { body } = await http().get('/v1/savings').query({ customer: 'K171' }).set('Authorization', `Bearer ${manager}`).expect(200);
    expect(body.savings).toEqual([
      // No contract: the saving starts now, twelve months of it.
      { customer: 'K171', product: 'COPILOT', licences: 1, monthlySek: '315.00', yearlySek: '3780.00', next12MonthsSek: '3780.00', countsFrom: '2026-11-22' },
      // Paid until the true-up: nine of the next twelve months save, 1670 x 9.
      { customer: 'K171', product: 'M365-E3', licences: 5, monthlySek: '1670.00', yearlySek: '20040.00', next12MonthsSek: '15030.00', countsFrom: '2027-03-01' },
    ]);
  });

  it('exports the harvest to an xlsx workbook for the board', async () => {
    const res = await http().get('/v1/harvest/export').query({ customer: 'K171' }).set('Authorization', `Bearer ${manager}`).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(arrayBufferOf(res.body as Buffer));
    expect(book.worksheets.map((s) => s.name)).toEqual(['Candidates', 'Totals', 'Savings']);
    const sheet = (title: string): ExcelJS.Worksheet => {
      const found = book.getWorksheet(title);
      if (!found) throw new Error(`the workbook has no sheet ${title}`);
      return found;
    };
    const list = sheet('Candidates');
    const rows = list.getSheetValues().slice(2).map((r) => (r as ExcelJS.CellValue[]).slice(1));
    expect(list.getRow(1).values).toEqual([undefined, 'Customer', 'Account', 'Account id', 'Product', 'Reason', 'Downgrade to', 'Monthly saving (SEK)', 'Counts from', 'Decision']);
    expect(rows).toHaveLength(6);
    expect(rows.find((r) => r[4] === 'downgrade')).toEqual(['K171', a['downgrade'].sam, a['downgrade'].accountId, 'M365-E3', 'downgrade', 'M365-F3', 270, '2027-03-01', '']);
    expect(sheet('Totals').getRow(2).values).toEqual([undefined, 'K171', 6, 1985]);
    expect(sheet('Savings').getRow(3).values).toEqual([undefined, 'K171', 'M365-E3', 5, 1670, 20040, 15030, '2027-03-01']);
  });

  it('applies a downgrade: E3 out of its group and F3 in, audited, announced for the ledger; nothing else changes', async () => {
    const before = { e3: await licence.members(groups['M365-E3']), f3: await licence.members(groups['M365-F3']) };
    const { body } = await http().post('/v1/harvest/apply').set('Authorization', `Bearer ${manager}`).send({ customer: 'K171', reasons: ['downgrade'] }).expect(200);
    expect(body.applied).toEqual([expect.objectContaining({ account: a['downgrade'].accountId, product: 'M365-E3', reason: 'downgrade', outcome: 'downgraded', downgradeTo: 'M365-F3' })]);

    const after = { e3: await licence.members(groups['M365-E3']), f3: await licence.members(groups['M365-F3']) };
    expect(after.e3).toEqual(before.e3.filter((s) => s !== a['downgrade'].sam));
    expect(after.f3).toEqual([...before.f3, a['downgrade'].sam].sort());

    const events = await licence.assignmentEvents(a['downgrade'].accountId);
    expect(events.map((e) => [LicenceAction[e.action], e.productCode, e.effectiveDate, e.unitCostSek, e.source])).toEqual([
      ['ASSIGNED', 'M365-E3', '2026-01-10', '350.00', 'request'],
      ['RELEASED', 'M365-E3', '2026-11-22', '350.00', 'request'],
      ['ASSIGNED', 'M365-F3', '2026-11-22', '80.00', 'role'],
    ]);
    const audit: Array<{ actor: string; action: string; cause: string }> = await licence.dataSource.query(
      "SELECT actor, action, cause FROM licence_audit WHERE account_id = $1 AND actor = 'lena.licens' ORDER BY id",
      [a['downgrade'].accountId],
    );
    expect(audit.map((r) => [r.action, r.cause])).toEqual([
      ['released', 'harvest:downgrade'],
      ['assigned', 'role:care-assistant@v1'],
      ['downgraded', 'harvest:downgrade'],
    ]);

    const again = (await http().get('/v1/harvest').query({ customer: 'K171' }).set('Authorization', `Bearer ${manager}`)).body;
    expect(again.candidates.map((c: { reason: string }) => c.reason).sort()).toEqual(['disabled-account', 'duplicate', 'inactive', 'leaver', 'unused-addon']);
  });

  it('refuses harvesting to an operator and an unknown reason to a licence manager', async () => {
    await http().post('/v1/harvest/apply').set('Authorization', `Bearer ${await licence.token(Role.Operator)}`).send({}).expect(403);
    const bad = await http().post('/v1/harvest/apply').set('Authorization', `Bearer ${manager}`).send({ reasons: ['expensive'] });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('reasons: "expensive"');
  });
});
