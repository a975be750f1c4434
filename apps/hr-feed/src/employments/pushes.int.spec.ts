import { timestampDate, type Timestamp } from '@bufbuild/protobuf/wkt';
import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { personIdFor, SNAPSHOT_COLUMNS } from '@itops/hr-feed/domain';
import { fetchDevToken, Role } from '@itops/shared/auth';
import { ChangeKind, decodeEvent, EmploymentChanged, EmploymentChangedSchema, EmploymentForm, Topics } from '@itops/shared/contracts';
import { DataSource } from '@itops/shared/persistence';
import { eventually, readTopic, type ReadMessage } from '@itops/shared/testing';
import { HrFeedTestApp, personnummer, startHrFeedTestApp } from '../__fixtures__/hr-feed.test-app';

// The real clock: a booking must end in the future, and is announced the moment it is booked.
const STOCKHOLM_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' });
const stockholmDay = (instant: Date): string => STOCKHOLM_DAY.format(instant);
/** The instant written with a +01:00 offset (the same instant, as the HR system in winter time writes it). */
const withOffset = (instant: Date): string => new Date(instant.getTime() + 3_600_000).toISOString().replace('Z', '+01:00');
const iso = (t: Timestamp | undefined): string | null => (t ? timestampDate(t).toISOString() : null);

const CARL = personnummer('19700214', 431);
const DORA = personnummer('19811130', 262);
const EVA = personnummer('19950505', 118);
const FRIDA = personnummer('20010920', 347);

const employmentBody = (pnr: string, overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  personnummer: `${pnr.slice(0, 8)}-${pnr.slice(8)}`,
  givenName: 'Carl',
  surname: 'Berg',
  customerCode: 'N138',
  unitCode: 'U100',
  unitName: 'Hemtjänst Centrum',
  costCentre: '4711',
  jobCode: 'AID123',
  jobTitle: 'Undersköterska',
  form: 'TV',
  rate: 100,
  startDate: '2024-01-15',
  endDate: null,
  managerEmploymentId: null,
  protectedIdentity: false,
  ...overrides,
});

describe('hr-feed: pushed employments and substitute bookings on the real PostgreSQL and Kafka', () => {
  const secret = `spec-${randomBytes(16).toString('hex')}`;
  const suffix = randomBytes(3).toString('hex');
  const bookingOne = `B-${suffix}-1`;
  const bookingTwo = `B-${suffix}-2`;
  let hrFeed: HrFeedTestApp;
  let app: INestApplication;
  let dataSource: DataSource;
  let operator: string;
  let bookedFrom = new Date(Date.now() + 20 * 60_000);
  let bookedTo = new Date(bookedFrom.getTime() + 8 * 3_600_000);

  const put = (id: string, body: unknown, token = operator) =>
    request(app.getHttpServer()).put(`/v1/employments/${id}`).set('Authorization', `Bearer ${token}`).send(body as object);
  const end = (id: string, lastDay: string) =>
    request(app.getHttpServer()).delete(`/v1/employments/${id}`).query({ lastDay }).set('Authorization', `Bearer ${operator}`);
  const book = (body: Record<string, unknown>) => request(app.getHttpServer()).post('/v1/bookings').set('Authorization', `Bearer ${operator}`).send(body);
  const cancel = (id: string) => request(app.getHttpServer()).delete(`/v1/bookings/${id}`).set('Authorization', `Bearer ${operator}`);
  const bookingBody = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
    bookingId: bookingOne,
    personnummer: EVA,
    givenName: 'Eva',
    surname: 'Lund',
    customerCode: 'B110',
    unitCode: 'S200',
    unitName: 'Skola Norr',
    form: 'VIK',
    from: withOffset(bookedFrom),
    to: withOffset(bookedTo),
    ...overrides,
  });

  /** The events written to the outbox (in the same transaction as the change) for one person. */
  async function outboxOf(pnr: string): Promise<EmploymentChanged[]> {
    const rows: { payload: Buffer }[] = await dataSource.query('SELECT payload FROM outbox_message WHERE message_key = $1 ORDER BY id', [
      personIdFor(pnr, secret),
    ]);
    return rows.map((r) => decodeEvent(EmploymentChangedSchema, r.payload));
  }
  const outboxCount = async (): Promise<number> => Number((await dataSource.query('SELECT count(*)::int AS n FROM outbox_message'))[0].n);

  /** The hr.employment.v1 messages on Kafka of these persons (keys are person ids, unique to this spec's secret). */
  async function kafkaOf(pnrs: string[], expected: number): Promise<ReadMessage[]> {
    const keys = new Set(pnrs.map((pnr) => personIdFor(pnr, secret)));
    return eventually(`${expected} hr.employment.v1 events`, async () => {
      const mine = (await readTopic(Topics.hrEmployment.name, Number.MAX_SAFE_INTEGER, 6_000)).filter((m) => m.key !== null && keys.has(m.key));
      return mine.length >= expected ? mine : undefined;
    }, 40_000, 0);
  }

  beforeAll(async () => {
    hrFeed = await startHrFeedTestApp({ personIdSecret: secret });
    ({ app, dataSource } = hrFeed);
    operator = await fetchDevToken(Role.Operator, { issuerUrl: hrFeed.issuerUrl });
    const customers = await request(app.getHttpServer())
      .put('/v1/customers')
      .set('Authorization', `Bearer ${operator}`)
      .send([{ code: 'N138', name: 'Socialnämnd Centrum' }, { code: 'B110', name: 'Grundskolenämnden' }]);
    expect(customers.status).toBe(200);
  });

  afterAll(async () => {
    await hrFeed?.close();
  });

  it('announces a pushed new employment with one JOINER event under the person id', async () => {
    const res = await put('3001', employmentBody(CARL));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ employmentId: '3001', personId: personIdFor(CARL, secret), change: 'JOINER', changeId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(res.text).not.toContain(CARL.slice(2, 8));
    const events = await outboxOf(CARL);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      employmentId: '3001',
      kind: ChangeKind.JOINER,
      givenName: 'Carl',
      unitCode: 'U100',
      form: EmploymentForm.PERMANENT,
      startDate: '2024-01-15',
      endDate: '',
      snapshotId: res.body.changeId,
      bookingId: '',
    });
    expect(events[0].envelope?.correlationId).toBe(res.body.changeId);
    const [stored] = await dataSource.query('SELECT source, in_snapshot, last_snapshot_id FROM employment WHERE employment_id = $1', ['3001']);
    expect(stored).toEqual({ source: 'push', in_snapshot: true, last_snapshot_id: null });
  });

  it('sends nothing when the same employment is pushed again', async () => {
    const before = await outboxCount();
    const res = await put('3001', employmentBody(CARL));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ employmentId: '3001', personId: personIdFor(CARL, secret), change: 'UNCHANGED', changeId: null });
    expect(await outboxCount()).toBe(before);
  });

  it('announces a pushed change of unit as a MOVER', async () => {
    const res = await put('3001', employmentBody(CARL, { unitCode: 'U200', unitName: 'Hemtjänst Norr' }));
    expect(res.body).toMatchObject({ change: 'MOVER' });
    const events = await outboxOf(CARL);
    expect(events.map((e) => e.kind)).toEqual([ChangeKind.JOINER, ChangeKind.MOVER]);
    expect(events[1]).toMatchObject({ unitCode: 'U200', unitName: 'Hemtjänst Norr', snapshotId: res.body.changeId });
  });

  it('keeps a name such as *)( as data', async () => {
    const res = await put('3002', employmentBody(DORA, { givenName: '*)(cn=*', surname: 'O\\Hara' }));
    expect(res.status).toBe(200);
    expect(res.body.change).toBe('JOINER');
    const [event] = await outboxOf(DORA);
    expect([event.givenName, event.surname]).toEqual(['*)(cn=*', 'O\\Hara']);
  });

  it.each<[string, () => request.Test, number, string, string, RegExp]>([
    ['a wrong check digit', () => put('3003', employmentBody(CARL, { personnummer: `${CARL.slice(0, 11)}${(Number(CARL[11]) + 1) % 10}` })), 422, 'INVALID_EMPLOYMENT', 'personnummer', /check digit/],
    ['an unknown customer', () => put('3003', employmentBody(CARL, { customerCode: 'K999' })), 422, 'INVALID_EMPLOYMENT', 'customerCode', /'K999' is not a known customer/],
    ['an end before the start', () => put('3003', employmentBody(CARL, { endDate: '2023-01-01' })), 422, 'INVALID_EMPLOYMENT', 'endDate', /is before startDate/],
    ['a rate given as text', () => put('3003', employmentBody(CARL, { rate: '100' })), 400, 'INVALID_INPUT', 'rate', /rate is a string/],
    ['a booking that ends before it starts', () => book(bookingBody({ bookingId: 'B-bad', from: withOffset(new Date(Date.now() + 7_200_000)), to: withOffset(new Date(Date.now() + 3_600_000)) })), 422, 'INVALID_BOOKING', 'to', /is not after from/],
    ['a booking for an unknown customer', () => book(bookingBody({ bookingId: 'B-bad', customerCode: 'K999', from: withOffset(new Date(Date.now() + 60_000)), to: withOffset(new Date(Date.now() + 3_600_000)) })), 422, 'INVALID_BOOKING', 'customerCode', /not a known customer/],
    ['a booking with a wrong check digit', () => book(bookingBody({ bookingId: 'B-bad', personnummer: `${EVA.slice(0, 11)}${(Number(EVA[11]) + 1) % 10}`, from: withOffset(new Date(Date.now() + 60_000)), to: withOffset(new Date(Date.now() + 3_600_000)) })), 422, 'INVALID_BOOKING', 'personnummer', /check digit/],
    ['a booking as a list', () => book([] as unknown as Record<string, unknown>), 400, 'INVALID_INPUT', 'body', /body is an array/],
  ])('refuses %s, naming the field, and writes nothing', async (_, send, status, code, field, message) => {
    const before = { outbox: await outboxCount(), employments: Number((await dataSource.query('SELECT count(*)::int AS n FROM employment'))[0].n) };
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ code, message: expect.stringMatching(message), details: [{ field, message: expect.stringMatching(message) }] });
    expect(res.text).not.toMatch(new RegExp(`${CARL.slice(2, 8)}|${EVA.slice(2, 8)}`));
    expect({ outbox: await outboxCount(), employments: Number((await dataSource.query('SELECT count(*)::int AS n FROM employment'))[0].n) }).toEqual(before);
  });

  it('refuses a caller without the operator role', async () => {
    const auditor = await fetchDevToken(Role.Auditor, { issuerUrl: hrFeed.issuerUrl });
    expect((await put('3001', employmentBody(CARL), auditor)).status).toBe(403);
    expect((await request(app.getHttpServer()).post('/v1/bookings').set('Authorization', `Bearer ${auditor}`).send(bookingBody())).status).toBe(403);
  });

  it('announces a booking that starts in 20 minutes at once, as a JOINER with the exact window and no personnummer', async () => {
    bookedFrom = new Date(Date.now() + 20 * 60_000);
    bookedTo = new Date(bookedFrom.getTime() + 8 * 3_600_000);
    const res = await book(bookingBody());
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ bookingId: bookingOne, personId: personIdFor(EVA, secret), status: 'booked', changeId: expect.stringMatching(/^[0-9a-f-]{36}$/) });

    const [message] = await kafkaOf([EVA], 1);
    const event = decodeEvent(EmploymentChangedSchema, message.value as Buffer);
    expect(event).toMatchObject({
      employmentId: bookingOne,
      bookingId: bookingOne,
      personId: personIdFor(EVA, secret),
      kind: ChangeKind.JOINER,
      customerCode: 'B110',
      unitCode: 'S200',
      form: EmploymentForm.SUBSTITUTE,
      employmentRate: 0,
      startDate: stockholmDay(bookedFrom),
      endDate: stockholmDay(new Date(bookedTo.getTime() - 1)),
      snapshotId: res.body.changeId,
    });
    expect([iso(event.accessFrom), iso(event.accessUntil)]).toEqual([bookedFrom.toISOString(), bookedTo.toISOString()]);
    const bytes = message.value as Buffer;
    for (const form of [EVA, EVA.slice(2), `${EVA.slice(0, 8)}-${EVA.slice(8)}`, `${EVA.slice(2, 8)}-${EVA.slice(8)}`]) {
      expect(bytes.includes(form)).toBe(false);
    }
  });

  it('sends nothing for the same booking again, and one UPDATED with the new window when its end moves', async () => {
    const again = await book(bookingBody());
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'unchanged', changeId: null });
    expect(await outboxOf(EVA)).toHaveLength(1);

    bookedTo = new Date(bookedTo.getTime() + 3_600_000);
    const moved = await book(bookingBody());
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ bookingId: bookingOne, status: 'updated' });
    const events = await outboxOf(EVA);
    expect(events.map((e) => e.kind)).toEqual([ChangeKind.JOINER, ChangeKind.UPDATED]);
    expect([iso(events[1].accessFrom), iso(events[1].accessUntil)]).toEqual([bookedFrom.toISOString(), bookedTo.toISOString()]);
  });

  it('keeps booking ids and employment ids apart', async () => {
    const asEmployment = await put(bookingOne, employmentBody(EVA));
    expect(asEmployment.status).toBe(409);
    expect(asEmployment.body.code).toBe('EMPLOYMENT_IS_BOOKING');
    const asBooking = await book(bookingBody({ bookingId: '3001' }));
    expect(asBooking.status).toBe(409);
    expect(asBooking.body.code).toBe('BOOKING_ID_TAKEN');
  });

  it('cancels a booking with a LEAVER whose access ends now, once', async () => {
    const before = Date.now();
    const res = await cancel(bookingOne);
    const after = Date.now();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ bookingId: bookingOne, status: 'cancelled' });
    const events = await outboxOf(EVA);
    expect(events.map((e) => e.kind)).toEqual([ChangeKind.JOINER, ChangeKind.UPDATED, ChangeKind.LEAVER]);
    const leaver = events[2];
    const until = timestampDate(leaver.accessUntil as Timestamp).getTime();
    expect(until).toBeGreaterThanOrEqual(before);
    expect(until).toBeLessThanOrEqual(after);
    expect(leaver.endDate).toBe(stockholmDay(new Date(until)));
    expect(timestampDate(leaver.accessFrom as Timestamp).getTime()).toBeLessThan(until);

    expect((await cancel(bookingOne)).body).toMatchObject({ status: 'unchanged', changeId: null });
    const rebook = await book(bookingBody());
    expect(rebook.status).toBe(409);
    expect(rebook.body.code).toBe('BOOKING_CANCELLED');
    expect(await outboxOf(EVA)).toHaveLength(3);
    expect((await cancel('B-nothing')).status).toBe(404);
  });

  it('lets a full snapshot agree with the pushes, leave the bookings alone and reject a row with a booking id', async () => {
    const twoFrom = new Date(Date.now() + 3_600_000);
    const two = await book(bookingBody({ bookingId: bookingTwo, personnummer: FRIDA, givenName: 'Frida', form: 'TIM', from: withOffset(twoFrom), to: withOffset(new Date(twoFrom.getTime() + 4 * 3_600_000)) }));
    expect(two.body).toMatchObject({ status: 'booked' });
    const beforeSnapshot = await dataSource.query('SELECT employment_id, access_until, cancelled_at, changed_at FROM employment WHERE source = $1 ORDER BY employment_id', ['booking']);

    const row = (id: string, pnr: string, values: Record<string, string>) =>
      SNAPSHOT_COLUMNS.map((c) => ({
        anstallningsnr: id, personnr: pnr, fornamn: 'Carl', efternamn: 'Berg', organisationskod: 'N138', enhetskod: 'U100', enhetsnamn: 'Hemtjänst Centrum',
        ansvar: '4711', befattningskod: 'AID123', befattning: 'Undersköterska', anstallningsform: 'TV', sysselsattningsgrad: '100', startdatum: '2024-01-15',
        slutdatum: '', chef_anstallningsnr: '', skyddad_identitet: 'N', ...values,
      })[c]).join(';');
    const file = [
      SNAPSHOT_COLUMNS.join(';'),
      row('3001', CARL, { enhetskod: 'U200', enhetsnamn: 'Hemtjänst Norr' }),
      row('3002', DORA, { fornamn: '*)(cn=*', efternamn: 'O\\Hara' }),
      row(bookingTwo, FRIDA, { fornamn: 'Frida' }),
    ].join('\n');
    const res = await request(app.getHttpServer()).post('/v1/snapshots').set('Authorization', `Bearer ${operator}`).set('Content-Type', 'text/csv').send(Buffer.from(file));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      accepted: 2,
      rejected: [{ line: 4, field: 'anstallningsnr', message: expect.stringContaining('is the id of a substitute booking') }],
      changes: { joiners: 0, movers: 0, leavers: 0, updated: 0, unchanged: 2 },
      held: false,
    });
    expect(await dataSource.query('SELECT employment_id, access_until, cancelled_at, changed_at FROM employment WHERE source = $1 ORDER BY employment_id', ['booking'])).toEqual(beforeSnapshot);
    expect(await outboxOf(FRIDA)).toHaveLength(1);

    // A snapshot without the pushed employment 3002 ends it, as HR's full export says.
    const without = await request(app.getHttpServer())
      .post('/v1/snapshots')
      .set('Authorization', `Bearer ${operator}`)
      .set('Content-Type', 'text/csv')
      .send(Buffer.from([SNAPSHOT_COLUMNS.join(';'), row('3001', CARL, { enhetskod: 'U200', enhetsnamn: 'Hemtjänst Norr' })].join('\n')));
    // Two employments: one leaver is 50 %, so the brake holds it; bookings are not counted as active.
    expect(without.body).toMatchObject({ changes: { leavers: 1, unchanged: 1 }, held: true });
  });

  it('ends a pushed employment on a last day with a LEAVER, once', async () => {
    const res = await end('3002', '2030-06-30');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ employmentId: '3002', change: 'LEAVER' });
    expect((await end('3002', '2030-06-30')).body).toMatchObject({ change: 'UNCHANGED', changeId: null });
    const bad = await end('3002', '2030-02-30');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'INVALID_INPUT', details: [{ field: 'lastDay', message: expect.stringContaining("'2030-02-30', not a date") }] });
    expect((await end('9999', '2030-06-30')).status).toBe(404);
    const events = await outboxOf(DORA);
    expect(events.map((e) => [e.kind, e.endDate])).toEqual([[ChangeKind.JOINER, ''], [ChangeKind.LEAVER, '2030-06-30']]);
  });

  it('delivered exactly these events to Kafka, in order per person', async () => {
    const messages = await kafkaOf([CARL, DORA, EVA, FRIDA], 8);
    const kindsOf = (pnr: string) =>
      messages.filter((m) => m.key === personIdFor(pnr, secret)).map((m) => ChangeKind[decodeEvent(EmploymentChangedSchema, m.value as Buffer).kind]);
    expect({ carl: kindsOf(CARL), dora: kindsOf(DORA), eva: kindsOf(EVA), frida: kindsOf(FRIDA) }).toEqual({
      carl: ['JOINER', 'MOVER'],
      dora: ['JOINER', 'LEAVER'],
      eva: ['JOINER', 'UPDATED', 'LEAVER'],
      frida: ['JOINER'],
    });
  });
});
