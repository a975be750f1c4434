import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Kafka, logLevel } from 'kafkajs';
import { ChangeKind, encodeEvent, EmploymentChangedSchema, Topics } from '@itops/shared/contracts';
import { codecFor, dlqTopic, EventConsumer, KafkajsBroker } from '@itops/shared/messaging';
import { eventually, stackKafka, uniqueName } from '@itops/shared/testing';
import { MeteringTestApp, noonOn } from '../__fixtures__/metering.test-app';
import { HEADCOUNT_OPERATOR, RecordHeadcount } from './record-headcount.use-case';

interface Row {
  id: string;
  kind: string;
  refers_to: string | null;
  customer_code: string;
  subject_type: string;
  quantity: string;
  valid_from: string;
  valid_to: string | null;
  source_event_id: string | null;
  reason: string | null;
  operator: string | null;
}

describe('metering: headcount per customer from hr.employment.v1 (real PostgreSQL and Kafka)', () => {
  let metering: MeteringTestApp;

  /** A person's ANSTALLDA items in the order they were recorded. */
  const itemsOf = (personId: string): Promise<Row[]> =>
    metering.dataSource.query(
      `SELECT id, kind, refers_to, customer_code, subject_type, quantity::text, to_char(valid_from, 'YYYY-MM-DD') AS valid_from,
              to_char(valid_to, 'YYYY-MM-DD') AS valid_to, source_event_id, reason, operator
         FROM ledger_item WHERE offering_code = 'ANSTALLDA' AND subject_id = $1 ORDER BY recorded_at, id`,
      [personId],
    );
  /** Items as short text: "open N138 2026-11-16..", "close N138 ..2026-12-15". */
  const shown = async (personId: string): Promise<string[]> =>
    (await itemsOf(personId)).map((row) =>
      row.kind === 'close'
        ? `close ${row.customer_code} ..${row.valid_to}`
        : `${row.kind} ${row.customer_code} ${row.quantity.replace(/\.0+$/, '')} ${row.valid_from}..${row.valid_to ?? ''}`,
    );

  beforeAll(async () => {
    metering = await MeteringTestApp.start();
  });

  afterAll(async () => {
    await metering?.close();
  });

  it('counts a joiner from the start date: one open item, announced on metering.usage.v1', async () => {
    const personId = metering.person('joiner');
    const event = metering.employmentEvent({ personId, startDate: '2026-11-16' });
    const result = await metering.handleEmployment(event);

    expect(await shown(personId)).toEqual(['open N138 1 2026-11-16..']);
    const [item] = await itemsOf(personId);
    expect(item).toMatchObject({ subject_type: 'person', source_event_id: event.envelope?.eventId, reason: null, operator: null });
    const published = (await metering.usageEvents()).filter((e) => e.subjectId === personId);
    expect(published.map((e) => [e.kind, e.ledgerItemId, e.customerCode, e.offeringCode, e.subjectType, e.quantity, e.validFrom, e.validTo, e.refersTo])).toEqual([
      ['open', item.id, 'N138', 'ANSTALLDA', 'person', '1', '2026-11-16', '', ''],
    ]);
    expect(published[0].envelope?.causationId).toBe(event.envelope?.eventId);
    expect(result.items.map((i) => i.id)).toEqual([item.id]);
  });

  it('closes it on a leaver\'s last day, referring to the open item', async () => {
    const personId = metering.person('leaver');
    const joiner = metering.employmentEvent({ personId, startDate: '2026-03-01' });
    await metering.handleEmployment(joiner);
    await metering.handleEmployment(metering.changed(joiner, { kind: ChangeKind.LEAVER, endDate: '2026-12-15' }, noonOn('2026-11-20')));

    expect(await shown(personId)).toEqual(['open N138 1 2026-03-01..', 'close N138 ..2026-12-15']);
    const [open, close] = await itemsOf(personId);
    expect(close.refers_to).toBe(open.id);
    const published = (await metering.usageEvents()).filter((e) => e.subjectId === personId);
    expect(published.map((e) => [e.kind, e.refersTo, e.validTo])).toEqual([
      ['open', '', ''],
      ['close', open.id, '2026-12-15'],
    ]);
  });

  it('moves a mover: the old customer\'s item closed the day before HR made the change, one opened at the new customer', async () => {
    const personId = metering.person('mover');
    const joiner = metering.employmentEvent({ personId, startDate: '2026-03-01' });
    await metering.handleEmployment(joiner);
    await metering.handleEmployment(metering.changed(joiner, { kind: ChangeKind.MOVER, customerCode: 'B110', unitCode: 'S200' }, noonOn('2026-11-20')));

    expect(await shown(personId)).toEqual(['open N138 1 2026-03-01..', 'close N138 ..2026-11-19', 'open B110 1 2026-11-20..']);
    const published = (await metering.usageEvents()).filter((e) => e.subjectId === personId);
    expect(published.map((e) => [e.kind, e.customerCode])).toEqual([
      ['open', 'N138'],
      ['close', 'N138'],
      ['open', 'B110'],
    ]);
  });

  it('counts a person with two employments at one customer once, until the last of them ends', async () => {
    const personId = metering.person('two-jobs');
    const first = metering.employmentEvent({ personId, startDate: '2026-03-01' }, noonOn('2026-02-01'));
    const second = metering.employmentEvent({ personId, startDate: '2026-06-01', form: 2 }, noonOn('2026-05-01'));
    await metering.handleEmployment(first);
    await metering.handleEmployment(second);
    expect(await shown(personId)).toEqual(['open N138 1 2026-03-01..']);

    await metering.handleEmployment(metering.changed(first, { kind: ChangeKind.LEAVER, endDate: '2026-10-31' }, noonOn('2026-10-15')));
    expect(await shown(personId)).toEqual(['open N138 1 2026-03-01..']);

    await metering.handleEmployment(metering.changed(second, { kind: ChangeKind.LEAVER, endDate: '2026-12-31' }, noonOn('2026-12-01')));
    expect(await shown(personId)).toEqual(['open N138 1 2026-03-01..', 'close N138 ..2026-12-31']);
  });

  it('counts a person with employments at two customers at each of them', async () => {
    const personId = metering.person('two-customers');
    await metering.handleEmployment(metering.employmentEvent({ personId, startDate: '2026-03-01' }));
    await metering.handleEmployment(metering.employmentEvent({ personId, customerCode: 'B110', startDate: '2026-04-01' }));
    expect(await shown(personId)).toEqual(['open N138 1 2026-03-01..', 'open B110 1 2026-04-01..']);
  });

  it('ignores an older event that arrives after a newer one of the same employment', async () => {
    const personId = metering.person('replayed');
    const joiner = metering.employmentEvent({ personId, startDate: '2026-03-01' }, noonOn('2026-02-01'));
    const leaver = metering.changed(joiner, { kind: ChangeKind.LEAVER, endDate: '2026-11-30' }, noonOn('2026-11-10'));
    const olderUpdate = metering.changed(joiner, { kind: ChangeKind.UPDATED, endDate: '' }, noonOn('2026-05-01'));
    await metering.handleEmployment(joiner);
    await metering.handleEmployment(leaver);

    expect(await metering.handleEmployment(olderUpdate)).toEqual({ applied: false, items: [] });
    expect(await shown(personId)).toEqual(['open N138 1 2026-03-01..', 'close N138 ..2026-11-30']);
  });

  it('follows a booking cancelled before it began (hr-feed moves it to the day it was cancelled): that day counts, the booked day is taken back', async () => {
    const personId = metering.person('cancelled');
    const window = { accessFrom: timestampFromDate(new Date('2026-12-01T06:00:00Z')), accessUntil: timestampFromDate(new Date('2026-12-01T15:00:00Z')) };
    const booking = metering.employmentEvent({ personId, form: 3, startDate: '2026-12-01', endDate: '2026-12-01', bookingId: `B${metering.run}`, ...window });
    await metering.handleEmployment(booking);
    const cancelledAt = new Date('2026-11-28T09:00:00Z');
    await metering.handleEmployment(
      metering.changed(
        booking,
        { kind: ChangeKind.LEAVER, startDate: '2026-11-28', endDate: '2026-11-28', accessFrom: timestampFromDate(new Date(cancelledAt.getTime() - 1)), accessUntil: timestampFromDate(cancelledAt) },
        cancelledAt,
      ),
    );

    expect(await shown(personId)).toEqual(['open N138 1 2026-12-01..2026-12-01', 'open N138 1 2026-11-28..2026-11-28', 'adjust N138 -1 2026-12-01..2026-12-01']);
    const adjustment = (await itemsOf(personId))[2];
    expect(adjustment.operator).toBe(HEADCOUNT_OPERATOR);
    expect(adjustment.reason).toMatch(/^HR changed employment E\w+ after these days were recorded: the person does not count at N138 on them$/);
  });

  it('takes a move before the first day back from the old customer, which never counted the person', async () => {
    const personId = metering.person('moved-early');
    const joiner = metering.employmentEvent({ personId, startDate: '2026-12-01' });
    await metering.handleEmployment(joiner);
    await metering.handleEmployment(metering.changed(joiner, { kind: ChangeKind.MOVER, customerCode: 'B110' }, noonOn('2026-11-20')));

    expect(await shown(personId)).toEqual([
      'open N138 1 2026-12-01..',
      // A close says the last day held; the least it can say is the first day, which the rules then take back.
      'close N138 ..2026-12-01',
      'open B110 1 2026-12-01..',
      'adjust N138 -1 2026-12-01..2026-12-01',
    ]);
  });

  it('extends a closed item with a new one when HR moves the end date later', async () => {
    const personId = metering.person('extended');
    const joiner = metering.employmentEvent({ personId, startDate: '2026-03-01', endDate: '2026-11-30', form: 2 });
    await metering.handleEmployment(joiner);
    await metering.handleEmployment(metering.changed(joiner, { kind: ChangeKind.UPDATED, endDate: '2027-02-28' }, noonOn('2026-11-25')));
    expect(await shown(personId)).toEqual(['open N138 1 2026-03-01..2026-11-30', 'open N138 1 2026-12-01..2027-02-28']);
  });

  it('leaves an operator\'s correction of a headcount alone when the person\'s employment changes', async () => {
    const personId = metering.person('corrected');
    const joiner = metering.employmentEvent({ personId, startDate: '2026-03-01' });
    await metering.handleEmployment(joiner);
    await metering.dataSource.query(
      `INSERT INTO ledger_item (id, kind, customer_code, offering_code, subject_type, subject_id, quantity, valid_from, reason, operator)
       VALUES (gen_random_uuid(), 'adjust', 'N138', 'ANSTALLDA', 'person', $1, -1, '2026-11-01', 'counted twice in HR', 'anna')`,
      [personId],
    );
    await metering.handleEmployment(metering.changed(joiner, { kind: ChangeKind.LEAVER, endDate: '2026-12-31' }, noonOn('2026-12-01')));
    expect(await shown(personId)).toEqual(['open N138 1 2026-03-01..', 'adjust N138 -1 2026-11-01..', 'close N138 ..2026-12-31']);
  });

  it('counts a redelivered event once: the same Kafka message twice, through the consumer\'s inbox', async () => {
    // A topic of this spec's own, so no other service's events reach it and it reaches no one.
    const topic = uniqueName('spec.hr.employment.v1').replace(/_/g, '.');
    const broker = new KafkajsBroker(stackKafka('metering-spec'));
    await broker.ensureTopics([{ topic, partitions: 1 }, { topic: dlqTopic(topic), partitions: 1 }]);
    const recordHeadcount = metering.app.get(RecordHeadcount);
    const groupId = uniqueName('metering-spec');
    const consumer = new EventConsumer(metering.dataSource, broker, {
      groupId,
      codecs: [codecFor({ ...Topics.hrEmployment, name: topic })],
      handlers: new Map([[topic, (event, ctx) => recordHeadcount.execute(event as never, ctx).then(() => undefined)]]),
    });
    const personId = metering.person('redelivered');
    const joiner = metering.employmentEvent({ personId, startDate: '2026-03-01' });
    const leaver = metering.changed(joiner, { kind: ChangeKind.LEAVER, endDate: '2026-11-30' }, noonOn('2026-11-10'));
    const message = (event: typeof joiner) => ({ key: personId, value: Buffer.from(encodeEvent(EmploymentChangedSchema, event)) });
    const kafka = new Kafka({ clientId: 'metering-spec', brokers: stackKafka().brokers, logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({ topic, messages: [message(joiner), message(joiner), message(leaver), message(leaver)] });
      await consumer.start();
      // All four messages consumed: the group's committed offset is past the last one.
      const admin = kafka.admin();
      await admin.connect();
      try {
        await eventually(
          'the four messages consumed',
          async () => (await admin.fetchOffsets({ groupId, topics: [topic] }))[0].partitions[0].offset === '4',
          30_000,
        );
      } finally {
        await admin.disconnect();
      }
    } finally {
      await consumer.stop();
      await producer.disconnect();
      await broker.close();
    }
    const inbox = await metering.dataSource.query('SELECT count(*)::int AS n FROM inbox_message WHERE consumer = $1', [groupId]);
    expect(inbox[0].n).toBe(2);
    expect(await shown(personId)).toEqual(['open N138 1 2026-03-01..', 'close N138 ..2026-11-30']);
    expect((await metering.usageEvents()).filter((e) => e.subjectId === personId)).toHaveLength(2);
  });
});
