import { Kafka, logLevel } from 'kafkajs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { fetchDevToken, Role } from '@itops/shared/auth';
import { encodeEvent, LicenceAction, LicenceAssignmentChangedSchema, Topics } from '@itops/shared/contracts';
import { codecFor, dlqTopic, EventConsumer, KafkajsBroker } from '@itops/shared/messaging';
import { eventually, stackKafka, startDevIssuer, uniqueName, type StartedDevIssuer } from '@itops/shared/testing';
import { MeteringTestApp } from '../__fixtures__/metering.test-app';
import { LicenceAssignmentConsumer } from './licence-assignment.consumer';

/** Licence assignments and devices into the ledger, on the real PostgreSQL (and Kafka for redelivery). */
describe('metering: licences and devices into the ledger', () => {
  let metering: MeteringTestApp;
  let token: string;
  // A dev issuer of this spec's own: the specs do not depend on one being up.
  const issuerState = mkdtempSync(join(tmpdir(), 'itops-metering-spec-'));
  let issuer: StartedDevIssuer | undefined;

  /** A subject's items as one line each, oldest first: "open N138 M365-E3 2026-11-03.. 389.00", "close N138 ..2026-11-20". */
  const shown = async (subjectId: string): Promise<string[]> => {
    const rows: Array<{ kind: string; customer_code: string; offering_code: string; valid_from: string; valid_to: string | null; unit_cost_sek: string | null }> =
      await metering.dataSource.query(
        `SELECT kind, customer_code, offering_code, to_char(valid_from, 'YYYY-MM-DD') AS valid_from, to_char(valid_to, 'YYYY-MM-DD') AS valid_to,
                unit_cost_sek::text AS unit_cost_sek
           FROM ledger_item WHERE subject_id = $1 ORDER BY recorded_at, id`,
        [subjectId],
      );
    return rows.map((row) =>
      row.kind === 'close'
        ? `close ${row.customer_code} ..${row.valid_to}`
        : `${row.kind} ${row.customer_code} ${row.offering_code} ${row.valid_from}..${row.valid_to ?? ''}${row.unit_cost_sek === null ? '' : ` ${row.unit_cost_sek}`}`,
    );
  };

  const volumes = (customer: string, offering: string) =>
    request(metering.app.getHttpServer())
      .get('/v1/volumes')
      .query({ customer, period: '2026-11', offering })
      .set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    issuer = await startDevIssuer(issuerState);
    metering = await MeteringTestApp.start({ ITOPS_OIDC_ISSUER: issuer.url, ITOPS_OIDC_JWKS_URL: `${issuer.url}/jwks.json` });
    token = await fetchDevToken(Role.ServiceDesk, { issuerUrl: issuer.url });
  });

  afterAll(async () => {
    await metering?.close();
    issuer?.child.kill('SIGTERM');
    rmSync(issuerState, { recursive: true, force: true });
  });

  it('opens an item on ASSIGNED with the unit cost and closes it on RELEASED with the last day held, prorated by days', async () => {
    const assigned = metering.licenceEvent({ customerCode: 'K171', effectiveDate: '2026-11-03', unitCostSek: '389.00' });
    await metering.handleLicence(assigned);
    // Released on the 21st: the 21st is the first day without the licence, the 20th the last day held.
    await metering.handleLicence(metering.licenceEvent({ ...assigned, action: LicenceAction.RELEASED, effectiveDate: '2026-11-21', unitCostSek: '' }));

    expect(await shown(assigned.assignmentId)).toEqual(['open K171 M365-E3 2026-11-03.. 389.00', 'close K171 ..2026-11-20']);
    const res = await volumes('K171', 'M365-E3');
    expect(res.status).toBe(200);
    // 18 days of 30.
    expect(res.body.offerings).toEqual([expect.objectContaining({ offering: 'M365-E3', quantityAtMonthEnd: '0', quantityProrated: '0.6' })]);

    const usage = (await metering.usageEvents()).filter((event) => event.subjectId === assigned.assignmentId);
    expect(usage.map(({ kind, subjectType, offeringCode, unitCostSek, validFrom, validTo }) => ({ kind, subjectType, offeringCode, unitCostSek, validFrom, validTo }))).toEqual([
      { kind: 'open', subjectType: 'licence', offeringCode: 'M365-E3', unitCostSek: '389.00', validFrom: '2026-11-03', validTo: '' },
      { kind: 'close', subjectType: 'licence', offeringCode: 'M365-E3', unitCostSek: '', validFrom: '2026-11-03', validTo: '2026-11-20' },
    ]);
    expect(usage[1].refersTo).toBe(usage[0].ledgerItemId);
  });

  it('carries no unit cost when the licence service has none (billing then uses the list price)', async () => {
    const assigned = metering.licenceEvent({ customerCode: 'K171', unitCostSek: '' });
    await metering.handleLicence(assigned);
    expect(await shown(assigned.assignmentId)).toEqual(['open K171 M365-E3 2026-11-03..']);
  });

  it('counts an assignment once: the same Kafka message twice, and the same fact under a new event id', async () => {
    // A topic of this spec's own, so no other service's events reach it and it reaches no one.
    const topic = uniqueName('spec.licence.assignment.v1').replace(/_/g, '.');
    const broker = new KafkajsBroker(stackKafka('metering-spec'));
    await broker.ensureTopics([{ topic, partitions: 1 }, { topic: dlqTopic(topic), partitions: 1 }]);
    const consumerController = metering.app.get(LicenceAssignmentConsumer);
    const groupId = uniqueName('metering-spec');
    const consumer = new EventConsumer(metering.dataSource, broker, {
      groupId,
      codecs: [codecFor({ ...Topics.licenceAssignment, name: topic })],
      handlers: new Map([[topic, (event, ctx) => consumerController.handle(event as never, ctx)]]),
    });
    const assigned = metering.licenceEvent({ customerCode: 'B110', effectiveDate: '2026-11-10' });
    const toldAgain = metering.licenceEvent({ ...assigned });
    const released = metering.licenceEvent({ ...assigned, action: LicenceAction.RELEASED, effectiveDate: '2026-12-01' });
    const message = (event: typeof assigned) => ({ key: assigned.assignmentId, value: Buffer.from(encodeEvent(LicenceAssignmentChangedSchema, event)) });
    const kafka = new Kafka({ clientId: 'metering-spec', brokers: stackKafka().brokers, logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({ topic, messages: [message(assigned), message(assigned), message(toldAgain), message(released), message(released)] });
      await consumer.start();
      const admin = kafka.admin();
      await admin.connect();
      try {
        await eventually('the five messages consumed', async () => (await admin.fetchOffsets({ groupId, topics: [topic] }))[0].partitions[0].offset === '5', 30_000);
      } finally {
        await admin.disconnect();
      }
    } finally {
      await consumer.stop();
      await producer.disconnect();
      await broker.close();
    }
    const inbox = await metering.dataSource.query('SELECT count(*)::int AS n FROM inbox_message WHERE consumer = $1', [groupId]);
    expect(inbox[0].n).toBe(3);
    expect(await shown(assigned.assignmentId)).toEqual(['open B110 M365-E3 2026-11-10.. 389.00', 'close B110 ..2026-11-30']);
    expect((await metering.usageEvents()).filter((e) => e.subjectId === assigned.assignmentId)).toHaveLength(2);
  });

  it('meters a PC assigned mid-month by days, moves it on a change of customer, and stops when it leaves ASSIGNED/REASSIGNED', async () => {
    const assigned = metering.deviceEvent({ customerCode: 'I060', status: 'ASSIGNED', effectiveDate: '2026-11-16' });
    await metering.handleDevice(assigned);
    expect(await shown(assigned.deviceId)).toEqual(['open I060 KST-PC 2026-11-16..']);
    // 15 days of 30.
    expect((await volumes('I060', 'KST-PC')).body.offerings).toEqual([expect.objectContaining({ quantityAtMonthEnd: '1', quantityProrated: '0.5' })]);

    // The same status told again changes nothing; a new customer is a close and an open.
    await metering.handleDevice(metering.deviceEvent({ ...assigned, effectiveDate: '2026-11-18' }));
    await metering.handleDevice(metering.deviceEvent({ ...assigned, customerCode: 'N138', effectiveDate: '2026-11-21' }));
    await metering.handleDevice(metering.deviceEvent({ ...assigned, customerCode: 'N138', status: 'RETURN_REQUESTED', effectiveDate: '2026-11-25' }));
    await metering.handleDevice(metering.deviceEvent({ ...assigned, customerCode: 'N138', accountId: '', status: 'RETURNED', effectiveDate: '2026-11-28' }));
    // Back with a holder after refurbishing.
    await metering.handleDevice(metering.deviceEvent({ ...assigned, customerCode: 'N138', status: 'REASSIGNED', effectiveDate: '2026-12-02' }));
    expect(await shown(assigned.deviceId)).toEqual([
      'open I060 KST-PC 2026-11-16..',
      'close I060 ..2026-11-20',
      'open N138 KST-PC 2026-11-21..',
      'close N138 ..2026-11-24',
      'open N138 KST-PC 2026-12-02..',
    ]);
  });

  it('meters a device as the offering device names for its model, and closes that item when it goes back', async () => {
    const assigned = metering.deviceEvent({ customerCode: 'I060', status: 'ASSIGNED', effectiveDate: '2026-11-02', offeringCode: 'KST-PC-PLUS' });
    await metering.handleDevice(assigned);
    await metering.handleDevice(metering.deviceEvent({ ...assigned, status: 'RETURN_REQUESTED', effectiveDate: '2026-11-11' }));
    expect(await shown(assigned.deviceId)).toEqual(['open I060 KST-PC-PLUS 2026-11-02..', 'close I060 ..2026-11-10']);
  });

  it.each([
    ['a device type without an offering', { deviceType: 'IPAD', status: 'ASSIGNED' }],
    ['a device type outside the map, even when device names an offering', { deviceType: 'IPAD', status: 'ASSIGNED', offeringCode: 'KST-IPAD' }],
    ['a PC in stock', { status: 'IN_STOCK', accountId: '' }],
    ['a PC ASSIGNED without an account', { status: 'ASSIGNED', accountId: '' }],
  ])('meters nothing for %s', async (_name, fields) => {
    const event = metering.deviceEvent(fields);
    await metering.handleDevice(event);
    expect(await shown(event.deviceId)).toEqual([]);
  });
});
