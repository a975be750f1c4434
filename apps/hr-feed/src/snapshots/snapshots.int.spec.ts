import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { personIdFor, SNAPSHOT_COLUMNS, SnapshotColumn } from '@itops/hr-feed/domain';
import { fetchDevToken, Role } from '@itops/shared/auth';
import { ChangeKind, decodeEvent, EmploymentChanged, EmploymentChangedSchema, EmploymentForm, Topics } from '@itops/shared/contracts';
import { DataSource } from '@itops/shared/persistence';
import { eventually, readTopic, type ReadMessage } from '@itops/shared/testing';
import { HrFeedTestApp, personnummer, startHrFeedTestApp } from '../__fixtures__/hr-feed.test-app';

// A fixed instant: 10:00 in Stockholm on 2025-03-10, so employments gone from a snapshot end on that day.
const NOW = new Date('2025-03-10T09:00:00Z');
const TODAY = '2025-03-10';

type Row = Record<SnapshotColumn, string>;
const row = (employmentId: string, pnr: string, overrides: Partial<Row> = {}): Row => ({
  anstallningsnr: employmentId,
  personnr: `${pnr.slice(0, 8)}-${pnr.slice(8)}`,
  fornamn: 'Anna',
  efternamn: 'Svensson',
  organisationskod: 'N138',
  enhetskod: 'U100',
  enhetsnamn: 'Hemtjänst Centrum',
  ansvar: '4711',
  befattningskod: 'AID123',
  befattning: 'Undersköterska',
  anstallningsform: 'TV',
  sysselsattningsgrad: '100',
  startdatum: '2024-01-15',
  slutdatum: '',
  chef_anstallningsnr: '',
  skyddad_identitet: 'N',
  ...overrides,
});
const csv = (...rows: Row[]): Buffer =>
  Buffer.from([SNAPSHOT_COLUMNS.join(';'), ...rows.map((r) => SNAPSHOT_COLUMNS.map((c) => r[c]).join(';'))].join('\n') + '\n', 'utf8');

const ANNA = personnummer('19850709', 980);
const BERTIL = personnummer('19620311', 455);
const GOOD = row('1001', ANNA);
const BAD = row('1002', BERTIL, { fornamn: 'Bertil', organisationskod: 'K999' });
const STAFF = Array.from({ length: 20 }, (_, i) => row(`2${String(i).padStart(3, '0')}`, personnummer('19900101', 100 + i), { organisationskod: 'B110' }));

describe('hr-feed: snapshot import over HTTP on the real PostgreSQL and Kafka', () => {
  const secret = `spec-${randomBytes(16).toString('hex')}`;
  let hrFeed: HrFeedTestApp;
  let app: INestApplication;
  let dataSource: DataSource;
  let operator: string;
  let issuer: { url: string };

  const count = async (sql: string): Promise<number> => Number((await dataSource.query(sql))[0].n);
  const written = async () => ({
    snapshots: await count('SELECT count(*)::int AS n FROM snapshot'),
    employments: await count(`SELECT count(*)::int AS n FROM employment`),
    outbox: await count(`SELECT count(*)::int AS n FROM outbox_message`),
    lastChange: (await dataSource.query(`SELECT coalesce(max(changed_at)::text, '') AS n FROM employment`))[0].n as string,
  });
  const upload = (body: Buffer, query = '', token = operator, contentType = 'text/csv') =>
    request(app.getHttpServer()).post(`/v1/snapshots${query}`).set('Authorization', `Bearer ${token}`).set('Content-Type', contentType).send(body);

  /** The hr.employment.v1 messages of these persons (keys are person ids, unique to this spec's secret). */
  async function eventsOf(personIds: string[], expected: number): Promise<ReadMessage[]> {
    const keys = new Set(personIds);
    return eventually(`${expected} hr.employment.v1 events`, async () => {
      const mine = (await readTopic(Topics.hrEmployment.name, Number.MAX_SAFE_INTEGER, 6_000)).filter((m) => m.key !== null && keys.has(m.key));
      return mine.length >= expected ? mine : undefined;
    }, 40_000, 0);
  }
  const decode = (message: ReadMessage): EmploymentChanged => decodeEvent(EmploymentChangedSchema, message.value as Buffer);

  beforeAll(async () => {
    hrFeed = await startHrFeedTestApp({ personIdSecret: secret, clock: () => NOW, env: { ITOPS_HR_MAX_LEAVER_SHARE: '0.05' } });
    ({ app, dataSource } = hrFeed);
    issuer = { url: hrFeed.issuerUrl };
    operator = await fetchDevToken(Role.Operator, { issuerUrl: issuer.url });
  });

  afterAll(async () => {
    await hrFeed?.close();
  });

  it('keeps the customer register, refusing a bad entry by name', async () => {
    const admin = await fetchDevToken(Role.Admin, { issuerUrl: issuer.url });
    const put = (body: unknown, token = admin) =>
      request(app.getHttpServer()).put('/v1/customers').set('Authorization', `Bearer ${token}`).send(body as object);

    const bad = await put([{ code: 'N138', name: 'Socialnämnd Centrum' }, { code: 'b110', name: 'Bostadsbolaget' }]);
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ code: 'INVALID_INPUT', message: expect.stringMatching(/^customers\[1\]\.code "b110" is not a customer code/) });

    const first = await put([{ code: 'N138', name: 'Socialnämnd Centrum' }, { code: 'B110', name: 'Bostadsbolaget' }]);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ created: 2, updated: 0, unchanged: 0, total: 2 });
    const again = await put([{ code: 'N138', name: 'Socialnämnden Centrum' }, { code: 'B110', name: 'Bostadsbolaget' }], operator);
    expect(again.body).toEqual({ created: 0, updated: 1, unchanged: 1, total: 2 });

    const serviceDesk = await fetchDevToken(Role.ServiceDesk, { issuerUrl: issuer.url });
    expect((await put([{ code: 'K171', name: 'x' }], serviceDesk)).status).toBe(403);
    const list = await request(app.getHttpServer()).get('/v1/customers').set('Authorization', `Bearer ${serviceDesk}`);
    expect(list.body).toEqual({ customers: [{ code: 'B110', name: 'Bostadsbolaget' }, { code: 'N138', name: 'Socialnämnden Centrum' }] });
  });

  it('imports the good row, rejects the bad one by line and field, and announces one joiner without the personnummer', async () => {
    const res = await upload(csv(GOOD, BAD));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      snapshotId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      scope: 'full',
      accepted: 1,
      rejected: [{ line: 3, field: 'organisationskod', message: expect.stringContaining("'K999' is not a known customer") }],
      changes: { joiners: 1, movers: 0, leavers: 0, unchanged: 0, updated: 0 },
      held: false,
      dryRun: false,
    });
    expect(res.text).not.toContain(BERTIL.slice(2, 8));

    const annaId = personIdFor(ANNA, secret);
    const [message] = await eventsOf([annaId], 1);
    const event = decode(message);
    expect(event).toMatchObject({
      employmentId: '1001',
      personId: annaId,
      kind: ChangeKind.JOINER,
      givenName: 'Anna',
      surname: 'Svensson',
      customerCode: 'N138',
      form: EmploymentForm.PERMANENT,
      employmentRate: 100,
      startDate: '2024-01-15',
      endDate: '',
      snapshotId: res.body.snapshotId,
    });
    expect(event.envelope?.source).toBe('hr-feed');
    const bytes = message.value as Buffer;
    for (const form of [ANNA, ANNA.slice(2), `${ANNA.slice(0, 8)}-${ANNA.slice(8)}`, `${ANNA.slice(2, 8)}-${ANNA.slice(8)}`]) {
      expect(bytes.includes(form)).toBe(false);
    }
    expect(await count('SELECT count(*)::int AS n FROM employment WHERE in_snapshot')).toBe(1);
  });

  it('changes nothing and announces nothing when the same snapshot comes again', async () => {
    const before = await written();
    const res = await upload(csv(GOOD, BAD));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 1, changes: { joiners: 0, movers: 0, leavers: 0, unchanged: 1, updated: 0 }, held: false });
    expect(await written()).toEqual({ ...before, snapshots: before.snapshots + 1 });
  });

  it('writes nothing but its own record on a dry run', async () => {
    const before = await written();
    const res = await upload(csv(row('1001', ANNA, { sysselsattningsgrad: '50' }), ...STAFF), '?dryRun=true');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 21, rejected: [], changes: { joiners: 20, updated: 1, unchanged: 0 }, held: false, dryRun: true });
    expect(await written()).toEqual({ ...before, snapshots: before.snapshots + 1 });
    const [{ status }] = await dataSource.query('SELECT status FROM snapshot WHERE id = $1', [res.body.snapshotId]);
    expect(status).toBe('dry-run');
  });

  it.each([
    ['a broken header', Buffer.from('anstallningsnr;personnr\n1001;19850709-9805\n'), '', 422, 'BROKEN_HEADER', /lacks the columns fornamn/],
    ['ISO-8859-1 bytes declared as UTF-8', Buffer.from(csv(GOOD).toString('utf8'), 'latin1'), '?encoding=utf8', 422, 'BAD_ENCODING', /not valid UTF-8.*--encoding latin1/],
    ['an unknown encoding', csv(GOOD), '?encoding=utf16', 400, 'BAD_REQUEST', /encoding "utf16" is not allowed; allowed: utf8 or latin1/],
    ['a dryRun that is not a boolean', csv(GOOD), '?dryRun=yes', 400, 'BAD_REQUEST', /dryRun "yes" is not allowed/],
    ['an unknown scope', csv(GOOD), '?scope=delta', 400, 'BAD_REQUEST', /scope "delta" is not allowed; allowed: full .* or changes/],
  ])('refuses %s with the reason and writes nothing', async (_, body, query, status, code, message) => {
    const before = await written();
    const res = await upload(body, query);
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ code, message: expect.stringMatching(message) });
    expect(await written()).toEqual(before);
  });

  it('refuses a body that is not a CSV file, and callers without the operator role', async () => {
    const json = await request(app.getHttpServer()).post('/v1/snapshots').set('Authorization', `Bearer ${operator}`).send({ rows: [] });
    expect(json.status).toBe(415);
    expect(json.body.message).toMatch(/send the CSV file as the body with Content-Type text\/csv or application\/octet-stream/);
    const auditor = await fetchDevToken(Role.Auditor, { issuerUrl: issuer.url });
    expect((await upload(csv(GOOD), '', auditor)).status).toBe(403);
    expect((await request(app.getHttpServer()).post('/v1/snapshots').set('Content-Type', 'text/csv').send(csv(GOOD))).status).toBe(401);
  });

  it('holds a truncated snapshot until an operator approves it, then applies it against the current state', async () => {
    // 21 active employments, then an export that lost half of the staff.
    const full = await upload(csv(GOOD, ...STAFF), '', operator, 'application/octet-stream');
    expect(full.body).toMatchObject({ accepted: 21, changes: { joiners: 20, unchanged: 1 }, held: false });
    const staffIds = STAFF.map((r) => personIdFor(r.personnr.replace('-', ''), secret));
    await eventsOf(staffIds, 20);

    const before = await written();
    const truncated = await upload(csv(GOOD, ...STAFF.slice(0, 10)));
    expect(truncated.status).toBe(200);
    expect(truncated.body).toMatchObject({ accepted: 11, changes: { leavers: 10, unchanged: 11 }, held: true, dryRun: false });
    expect(await written()).toEqual({ ...before, snapshots: before.snapshots + 1 });
    const held = await request(app.getHttpServer()).get(`/v1/snapshots/${truncated.body.snapshotId}`).set('Authorization', `Bearer ${operator}`);
    expect(held.body).toMatchObject({ status: 'held', held: true, heldReason: expect.stringMatching(/^10 leavers of 21 active employments \(47\.6 %\) exceed the allowed 5 %/) });

    const approved = await request(app.getHttpServer())
      .post(`/v1/snapshots/${truncated.body.snapshotId}/approve`)
      .set('Authorization', `Bearer ${operator}`);
    expect(approved.status).toBe(200);
    expect(approved.body).toEqual({
      snapshotId: truncated.body.snapshotId,
      scope: 'full',
      accepted: 11,
      rejected: [],
      changes: { joiners: 0, movers: 0, leavers: 10, unchanged: 11, updated: 0 },
      held: false,
      dryRun: false,
    });
    const [record] = await dataSource.query('SELECT status, approved_by, held_employments FROM snapshot WHERE id = $1', [truncated.body.snapshotId]);
    expect(record).toEqual({ status: 'applied', approved_by: 'dev-operator', held_employments: null });
    expect(await count('SELECT count(*)::int AS n FROM employment WHERE in_snapshot')).toBe(11);

    const leaverEvents = (await eventsOf(staffIds.slice(10), 20)).map(decode).filter((e) => e.kind === ChangeKind.LEAVER);
    expect(leaverEvents).toHaveLength(10);
    expect(leaverEvents.every((e) => e.endDate === TODAY && e.snapshotId === truncated.body.snapshotId)).toBe(true);

    const twice = await request(app.getHttpServer()).post(`/v1/snapshots/${truncated.body.snapshotId}/approve`).set('Authorization', `Bearer ${operator}`);
    expect(twice.status).toBe(409);
    expect(twice.body).toEqual({ code: 'SNAPSHOT_NOT_HELD', message: `snapshot ${truncated.body.snapshotId} is applied; only a held snapshot can be approved` });
  });

  it('rejects a held snapshot once a newer snapshot is applied', async () => {
    const stale = await upload(csv(GOOD));
    expect(stale.body.held).toBe(true);
    const fresh = await upload(csv(GOOD, ...STAFF.slice(0, 10)));
    expect(fresh.body).toMatchObject({ held: false, changes: { unchanged: 11 } });
    const approve = await request(app.getHttpServer()).post(`/v1/snapshots/${stale.body.snapshotId}/approve`).set('Authorization', `Bearer ${operator}`);
    expect(approve.status).toBe(409);
    expect(approve.body.message).toMatch(new RegExp(`is rejected \\(superseded by snapshot ${fresh.body.snapshotId}`));
  });

  it('sent exactly one event for Anna in all of this', async () => {
    const events = await eventsOf([personIdFor(ANNA, secret)], 1);
    expect(events).toHaveLength(1);
  });
});
