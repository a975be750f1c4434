import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { personIdFor, SNAPSHOT_COLUMNS, SnapshotColumn } from '@itops/hr-feed/domain';
import { fetchDevToken, Role } from '@itops/shared/auth';
import { ChangeKind, decodeEvent, EmploymentChangedSchema, Topics } from '@itops/shared/contracts';
import { DataSource } from '@itops/shared/persistence';
import { eventually, readTopic } from '@itops/shared/testing';
import { HrFeedTestApp, personnummer, startHrFeedTestApp } from '../__fixtures__/hr-feed.test-app';

// A fixed instant: 10:00 in Stockholm on 2025-03-10.
const NOW = new Date('2025-03-10T09:00:00Z');

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

const POPULATION = Array.from({ length: 50 }, (_, i) => row(`5${String(i).padStart(3, '0')}`, personnummer('19880606', 100 + i)));
const NEWCOMER = row('6001', personnummer('19990909', 321), { fornamn: 'Nora', efternamn: 'Ny', organisationskod: 'B110' });

describe('hr-feed: change files (scope=changes) on the real PostgreSQL and Kafka', () => {
  const secret = `spec-${randomBytes(16).toString('hex')}`;
  let hrFeed: HrFeedTestApp;
  let app: INestApplication;
  let dataSource: DataSource;
  let operator: string;

  const upload = (body: Buffer, query = '') =>
    request(app.getHttpServer()).post(`/v1/snapshots${query}`).set('Authorization', `Bearer ${operator}`).set('Content-Type', 'text/csv').send(body);
  const one = async <T>(sql: string, params: unknown[] = []): Promise<T> => (await dataSource.query(sql, params))[0].n as T;
  /** The employments and events as stored: what a change file may and may not touch. */
  const state = async () => ({
    listed: await one<number>('SELECT count(*)::int AS n FROM employment WHERE in_snapshot'),
    open: await one<number>('SELECT count(*)::int AS n FROM employment WHERE in_snapshot AND end_date IS NULL'),
    outbox: await one<number>('SELECT count(*)::int AS n FROM outbox_message'),
  });
  const personOf = (r: Row): string => personIdFor(r.personnr.replace('-', ''), secret);

  beforeAll(async () => {
    hrFeed = await startHrFeedTestApp({ personIdSecret: secret, clock: () => NOW, env: { ITOPS_HR_MAX_LEAVER_SHARE: '0.05' } });
    ({ app, dataSource } = hrFeed);
    operator = await fetchDevToken(Role.Operator, { issuerUrl: hrFeed.issuerUrl });
    const admin = await fetchDevToken(Role.Admin, { issuerUrl: hrFeed.issuerUrl });
    const register = await request(app.getHttpServer())
      .put('/v1/customers')
      .set('Authorization', `Bearer ${admin}`)
      .send([{ code: 'N138', name: 'Socialnämnd Centrum' }, { code: 'B110', name: 'Bostadsbolaget' }]);
    expect(register.status).toBe(200);
    const population = await upload(csv(...POPULATION));
    expect(population.body).toMatchObject({ scope: 'full', accepted: 50, changes: { joiners: 50 }, held: false });
  });

  afterAll(async () => {
    await hrFeed?.close();
  });

  it('imports a change file with one new row on top of a population of 50: exactly one JOINER, nothing held, nobody else touched', async () => {
    const before = await state();
    expect(before).toMatchObject({ listed: 50, open: 50 });

    const res = await upload(csv(NEWCOMER), '?scope=changes');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      snapshotId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      scope: 'changes',
      accepted: 1,
      rejected: [],
      changes: { joiners: 1, movers: 0, leavers: 0, unchanged: 0, updated: 0 },
      held: false,
      dryRun: false,
    });
    expect(await state()).toEqual({ listed: 51, open: 51, outbox: before.outbox + 1 });
    const [record] = await dataSource.query('SELECT status, scope FROM snapshot WHERE id = $1', [res.body.snapshotId]);
    expect(record).toEqual({ status: 'applied', scope: 'changes' });

    // On Kafka: the newcomer's JOINER, and for the population nothing but the JOINERs of its first snapshot.
    const keys = new Set([personOf(NEWCOMER), ...POPULATION.map(personOf)]);
    const events = await eventually('the 51 hr.employment.v1 events of this spec', async () => {
      const mine = (await readTopic(Topics.hrEmployment.name, Number.MAX_SAFE_INTEGER, 6_000)).filter((m) => m.key !== null && keys.has(m.key));
      return mine.length >= 51 ? mine.map((m) => decodeEvent(EmploymentChangedSchema, m.value as Buffer)) : undefined;
    }, 40_000, 0);
    expect(events).toHaveLength(51);
    expect(events.every((e) => e.kind === ChangeKind.JOINER)).toBe(true);
    expect(events.filter((e) => e.snapshotId === res.body.snapshotId).map((e) => [e.employmentId, e.personId, e.customerCode])).toEqual([
      ['6001', personOf(NEWCOMER), 'B110'],
    ]);
  });

  it('changes nothing when the same change file comes again', async () => {
    const before = await state();
    const res = await upload(csv(NEWCOMER), '?scope=changes');
    expect(res.body).toMatchObject({ scope: 'changes', changes: { joiners: 0, movers: 0, leavers: 0, unchanged: 1, updated: 0 }, held: false });
    expect(await state()).toEqual(before);
  });

  it('moves and ends only the employments the change file lists', async () => {
    const before = await state();
    const res = await upload(csv(row('5000', personnummer('19880606', 100), { organisationskod: 'B110' }), row('5001', personnummer('19880606', 101), { slutdatum: '2025-03-31' })), '?scope=changes');
    expect(res.body).toMatchObject({ scope: 'changes', changes: { joiners: 0, movers: 1, leavers: 1, unchanged: 0, updated: 0 }, held: false });
    expect(await state()).toEqual({ listed: 51, open: 50, outbox: before.outbox + 2 });
  });

  it('holds a change file ending more than 5 % of all active employments, and applies it as a change file on approval', async () => {
    // 51 active (5001 ends only on 2025-03-31); ending 3 of them is 5.9 %.
    const ending = POPULATION.slice(10, 13).map((r) => ({ ...r, slutdatum: '2025-04-30' }));
    const before = await state();
    const held = await upload(csv(...ending), '?scope=changes');
    expect(held.body).toMatchObject({ scope: 'changes', accepted: 3, changes: { leavers: 3, unchanged: 0 }, held: true });
    expect(await state()).toEqual(before);
    const summary = await request(app.getHttpServer()).get(`/v1/snapshots/${held.body.snapshotId}`).set('Authorization', `Bearer ${operator}`);
    expect(summary.body).toMatchObject({ status: 'held', scope: 'changes', heldReason: expect.stringMatching(/^3 leavers of 51 active employments \(5\.9 %\)/) });

    const approved = await request(app.getHttpServer()).post(`/v1/snapshots/${held.body.snapshotId}/approve`).set('Authorization', `Bearer ${operator}`);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ scope: 'changes', changes: { joiners: 0, movers: 0, leavers: 3, unchanged: 0, updated: 0 }, held: false });
    // Only the three listed end; the 48 it did not list are as they were.
    expect(await state()).toEqual({ listed: 51, open: 47, outbox: before.outbox + 3 });
  });
});
