import request from 'supertest';
import { AccountEvent, ChangeKind, EmploymentChanged } from '@itops/shared/contracts';
import { fetchDevToken, Role } from '@itops/shared/auth';
import { MeteringTestApp, noonOn } from '../__fixtures__/metering.test-app';

/** The service desk's question, answered from the ledger on the real PostgreSQL: GET /v1/volumes. */
describe('metering: volumes per customer, offering and month, and the difference to the month before', () => {
  let metering: MeteringTestApp;
  const tokens: Partial<Record<string, string>> = {};
  const get = (query: Record<string, string>, token = tokens['service-desk']) =>
    request(metering.app.getHttpServer()).get('/v1/volumes').query(query).set('Authorization', `Bearer ${token}`);
  const ids: Record<string, string> = {};
  const accountIds: Record<string, string> = {};

  /** Sends an account event and remembers its event id under `name`. */
  async function account(name: string, fields: Parameters<MeteringTestApp['accountEvent']>[0]): Promise<void> {
    const event = metering.accountEvent({ accountId: accountIds[name] ?? `a-${metering.run}-${name}`, ...fields });
    accountIds[name] = event.accountId;
    ids[`${name}/${AccountEvent[event.kind]}`] = event.envelope?.eventId ?? '';
    await metering.handleAccount(event);
  }

  async function employment(event: EmploymentChanged): Promise<EmploymentChanged> {
    await metering.handleEmployment(event);
    return event;
  }

  beforeAll(async () => {
    metering = await MeteringTestApp.start();
    for (const role of [Role.ServiceDesk, Role.Operator, Role.Auditor, Role.LicenceManager]) tokens[role] = await fetchDevToken(role);
    tokens['viewer-N138'] = await fetchDevToken(Role.CustomerViewer, { customers: ['N138'] });

    // N138: Anna held throughout, Bertil joins on 2026-11-10, Cecilia leaves on 2026-11-15,
    // David moves to B110 on 2026-11-20.
    await account('anna', { effectiveDate: '2026-09-01' });
    await account('bertil', { effectiveDate: '2026-11-10' });
    await account('cecilia', { effectiveDate: '2026-08-01' });
    await account('cecilia', { kind: AccountEvent.DISABLED, enabled: false, effectiveDate: '2026-11-16' });
    const early = noonOn('2026-01-02');
    await employment(metering.employmentEvent({ personId: metering.person('anna'), startDate: '2026-01-01' }, early));
    await employment(metering.employmentEvent({ personId: metering.person('bertil'), startDate: '2026-11-10' }, early));
    const cecilia = await employment(metering.employmentEvent({ personId: metering.person('cecilia'), startDate: '2026-02-01' }, early));
    await employment(metering.changed(cecilia, { kind: ChangeKind.LEAVER, endDate: '2026-11-15' }, noonOn('2026-11-01')));
    const david = await employment(metering.employmentEvent({ personId: metering.person('david'), startDate: '2026-03-01' }, early));
    await employment(metering.changed(david, { kind: ChangeKind.MOVER, customerCode: 'B110', unitCode: 'S200' }, noonOn('2026-11-20')));
  });

  afterAll(async () => {
    await metering?.close();
  });

  it('answers the service desk: per offering the month-end and prorated quantities, and who was added and who left', async () => {
    const res = await get({ customer: 'N138', period: '2026-11' });
    expect(res.status).toBe(200);
    const person = (name: string) => ({ subjectType: 'person', subjectId: metering.person(name), quantity: '1' });
    const acc = (name: string) => ({ subjectType: 'account', subjectId: accountIds[name], quantity: '1' });
    expect(res.body).toEqual({
      customer: 'N138',
      period: '2026-11',
      offerings: [
        {
          offering: 'ANSTALLDA',
          quantityAtMonthEnd: '2',
          // Anna 30 days, Bertil 21, Cecilia 15, David 19: 85 / 30.
          quantityProrated: '2.8333',
          added: [person('bertil')],
          left: [person('cecilia'), person('david')].sort((a, b) => (a.subjectId < b.subjectId ? -1 : 1)),
        },
        {
          offering: 'KONTO',
          quantityAtMonthEnd: '2',
          // Anna 30 days, Bertil 21, Cecilia 15: 66 / 30.
          quantityProrated: '2.2',
          added: [acc('bertil')],
          left: [acc('cecilia')],
        },
      ],
    });
  });

  it('shows the mover at the new customer as added', async () => {
    const res = await get({ customer: 'B110', period: '2026-11' });
    expect(res.body.offerings).toEqual([
      { offering: 'ANSTALLDA', quantityAtMonthEnd: '1', quantityProrated: '0.3667', added: [{ subjectType: 'person', subjectId: metering.person('david'), quantity: '1' }], left: [] },
    ]);
  });

  it('with items=true lists the items behind each volume: subject, days, quantity, the event it came from and the close that ended it', async () => {
    const res = await get({ customer: 'N138', period: '2026-11', offering: 'KONTO', items: 'true' });
    expect(res.status).toBe(200);
    expect(res.body.offerings).toHaveLength(1);
    const items = res.body.offerings[0].items as Array<Record<string, unknown>>;
    const bySubject = Object.fromEntries(items.map((item) => [item.subjectId, item]));
    expect(items).toHaveLength(3);
    expect(bySubject[accountIds['bertil']]).toEqual({
      id: expect.any(String),
      kind: 'open',
      subjectType: 'account',
      subjectId: accountIds['bertil'],
      validFrom: '2026-11-10',
      validTo: null,
      quantity: '1',
      sourceEventId: ids['bertil/ENABLED'],
      close: null,
      reason: null,
      operator: null,
    });
    expect(bySubject[accountIds['cecilia']]).toMatchObject({
      validFrom: '2026-08-01',
      validTo: '2026-11-15',
      sourceEventId: ids['cecilia/ENABLED'],
      close: { id: expect.any(String), validTo: '2026-11-15', sourceEventId: ids['cecilia/DISABLED'] },
    });
  });

  it('compares with the month before across the year and shows October as it was', async () => {
    const october = await get({ customer: 'N138', period: '2026-10', offering: 'KONTO' });
    expect(october.body.offerings).toEqual([
      { offering: 'KONTO', quantityAtMonthEnd: '2', quantityProrated: '2', added: [], left: [] },
    ]);
    const january = await get({ customer: 'N138', period: '2027-01', offering: 'ANSTALLDA' });
    expect(january.body.offerings[0]).toMatchObject({ quantityAtMonthEnd: '2', added: [], left: [] });
    const empty = await get({ customer: 'I060', period: '2026-11' });
    expect(empty.body).toEqual({ customer: 'I060', period: '2026-11', offerings: [] });
  });

  it('puts an event that arrives in December for a November date into November\'s volumes', async () => {
    const before = await get({ customer: 'K171', period: '2026-11' });
    expect(before.body.offerings).toEqual([]);

    // Made in HR (and by identity) in December, about days in November.
    const inDecember = noonOn('2026-12-03');
    await metering.handleAccount(metering.accountEvent({ customerCode: 'K171', effectiveDate: '2026-11-05' }, inDecember));
    const joiner = await employment(metering.employmentEvent({ personId: metering.person('erik'), customerCode: 'K171', startDate: '2026-11-10' }, inDecember));

    const november = await get({ customer: 'K171', period: '2026-11' });
    expect(november.body.offerings.map((o: Record<string, unknown>) => [o.offering, o.quantityAtMonthEnd, o.quantityProrated, (o.added as unknown[]).length])).toEqual([
      ['ANSTALLDA', '1', '0.7', 1],
      ['KONTO', '1', '0.8667', 1],
    ]);

    // A leaver made in HR on 5 December with a last day of 20 November: November ends without Erik.
    await employment(metering.changed(joiner, { kind: ChangeKind.LEAVER, endDate: '2026-11-20' }, noonOn('2026-12-05')));
    const corrected = await get({ customer: 'K171', period: '2026-11', offering: 'ANSTALLDA' });
    expect(corrected.body.offerings).toEqual([{ offering: 'ANSTALLDA', quantityAtMonthEnd: '0', quantityProrated: '0.3667', added: [], left: [] }]);
    const december = await get({ customer: 'K171', period: '2026-12', offering: 'ANSTALLDA' });
    expect(december.body.offerings).toEqual([{ offering: 'ANSTALLDA', quantityAtMonthEnd: '0', quantityProrated: '0', added: [], left: [] }]);
  });

  it.each([
    ['service-desk', 200],
    ['operator', 200],
    ['auditor', 200],
    ['viewer-N138', 200],
    ['licence-manager', 403],
  ])('lets %s read N138: %i', async (who, status) => {
    expect((await get({ customer: 'N138', period: '2026-11' }, tokens[who])).status).toBe(status);
  });

  it('limits a customer viewer to its customers, and refuses a request without a token', async () => {
    const refused = await get({ customer: 'B110', period: '2026-11' }, tokens['viewer-N138']);
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({ code: 'FORBIDDEN', message: 'you may not see customer B110' });
    expect((await request(metering.app.getHttpServer()).get('/v1/volumes').query({ customer: 'N138', period: '2026-11' })).status).toBe(401);
  });

  it.each([
    [{ customer: 'n138', period: '2026-11' }, 'INVALID_CUSTOMER_CODE', 'customer: "n138" is not a customer code; expected one upper-case letter and three digits, e.g. N138'],
    [{ period: '2026-11' }, 'INVALID_CUSTOMER_CODE', 'customer: "" is not a customer code'],
    [{ customer: 'N138', period: '2026-13' }, 'INVALID_PERIOD', 'period: "2026-13" is not a month; expected YYYY-MM with a month 01-12, e.g. 2026-11'],
    [{ customer: 'N138', period: '2026-11', offering: 'KONTO X' }, 'INVALID_OFFERING_CODE', 'offering: "KONTO X" is not an offering code'],
    [{ customer: 'N138', period: '2026-11', items: 'yes' }, 'BAD_REQUEST', 'items: "yes" is not allowed; expected true or false'],
  ])('refuses %j with 400 naming the field', async (query, code, message) => {
    const res = await get(query);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(code);
    expect(res.body.message).toContain(message);
  });
});
