import { AccountEvent, AccountChangedSchema, DeviceChangedSchema, encodeEvent, LicenceAction, LicenceAssignmentChangedSchema, Topics } from '@itops/shared/contracts';
import { codecFor, dlqTopic, EventConsumer, EventHandler, KafkajsBroker, OutgoingMessage } from '@itops/shared/messaging';
import { eventually, stackKafka, uniqueName } from '@itops/shared/testing';
import { MeteringTestApp } from '../__fixtures__/metering.test-app';
import { AccountChangedConsumer } from './account-changed.consumer';
import { DeviceChangedConsumer } from './device-changed.consumer';
import { LicenceAssignmentConsumer } from './licence-assignment.consumer';

/**
 * The consumer's batch mode (ITOPS_METERING_CONSUMER_BATCH_SIZE): a subject's events in one
 * transaction give the same ledger as one transaction per event, read-ahead and all.
 */
describe('metering: usage events handled in batches (real PostgreSQL and Kafka)', () => {
  let metering: MeteringTestApp;

  beforeAll(async () => {
    metering = await MeteringTestApp.start();
  });

  afterAll(async () => {
    await metering?.close();
  });

  const shown = async (subjectId: string): Promise<string[]> => {
    const rows: Array<{ kind: string; customer_code: string; valid_from: string; valid_to: string | null; refers: boolean }> = await metering.dataSource.query(
      `SELECT o.kind, o.customer_code, to_char(o.valid_from, 'YYYY-MM-DD') AS valid_from, to_char(o.valid_to, 'YYYY-MM-DD') AS valid_to,
              EXISTS (SELECT 1 FROM ledger_item r WHERE r.id = o.refers_to AND r.kind = 'open') AS refers
         FROM ledger_item o WHERE o.subject_id = $1 ORDER BY o.recorded_at, o.id`,
      [subjectId],
    );
    return rows.map((r) => (r.kind === 'close' ? `close ${r.customer_code} ..${r.valid_to}${r.refers ? '' : ' (refers to nothing)'}` : `open ${r.customer_code} ${r.valid_from}..`));
  };

  it('gives a batch of a subject\'s events the ledger and usage events one transaction per event gives', async () => {
    // The same story for two PCs, two licences and two accounts: one of each event by event, the other in one batch.
    const story = (deviceId: string, assignmentId: string, accountId: string) => {
      const device = metering.deviceEvent({ deviceId, customerCode: 'I060', status: 'ASSIGNED', effectiveDate: '2026-11-16' });
      const licence = metering.licenceEvent({ assignmentId, customerCode: 'B110', effectiveDate: '2026-11-10' });
      const account = metering.accountEvent({ accountId, kind: AccountEvent.ENABLED, enabled: true, effectiveDate: '2026-11-03' });
      return {
        devices: [
          device,
          metering.deviceEvent({ ...device, effectiveDate: '2026-11-18' }),
          metering.deviceEvent({ ...device, customerCode: 'N138', effectiveDate: '2026-11-21' }),
          metering.deviceEvent({ ...device, customerCode: 'N138', status: 'RETURN_REQUESTED', effectiveDate: '2026-11-25' }),
          metering.deviceEvent({ ...device, customerCode: 'N138', accountId: '', status: 'RETURNED', effectiveDate: '2026-11-28' }),
          metering.deviceEvent({ ...device, customerCode: 'N138', status: 'REASSIGNED', effectiveDate: '2026-12-02' }),
        ],
        licences: [licence, licence, metering.licenceEvent({ ...licence }), metering.licenceEvent({ ...licence, action: LicenceAction.RELEASED, effectiveDate: '2026-12-01' })],
        accounts: [account, metering.accountEvent({ accountId, kind: AccountEvent.DISABLED, enabled: false, effectiveDate: '2026-11-20' }), metering.accountEvent({ accountId, kind: AccountEvent.ENABLED, enabled: true, effectiveDate: '2026-12-01' })],
      };
    };
    const one = story(uniqueName('pc-one'), uniqueName('lic-one'), uniqueName('acc-one'));
    for (const e of one.devices) await metering.handleDevice(e);
    for (const e of one.licences) await metering.handleLicence(e);
    for (const e of one.accounts) await metering.handleAccount(e);

    const batched = story(uniqueName('pc-batch'), uniqueName('lic-batch'), uniqueName('acc-batch'));
    const renamed = (name: string) => uniqueName(`spec.${name}`).replace(/_/g, '.');
    const codecs = [
      codecFor({ ...Topics.deviceDevice, name: renamed(Topics.deviceDevice.name) }),
      codecFor({ ...Topics.licenceAssignment, name: renamed(Topics.licenceAssignment.name) }),
      codecFor({ ...Topics.identityAccount, name: renamed(Topics.identityAccount.name) }),
    ];
    const [deviceTopic, licenceTopic, accountTopic] = codecs.map((c) => c.topic);
    const broker = new KafkajsBroker(stackKafka('metering-batch-spec'));
    await broker.ensureTopics(codecs.flatMap((c) => [{ topic: c.topic, partitions: 1 }, { topic: dlqTopic(c.topic), partitions: 1 }]));
    const messages: OutgoingMessage[] = [
      ...batched.devices.map((e) => ({ topic: deviceTopic, key: e.deviceId, value: Buffer.from(encodeEvent(DeviceChangedSchema, e)), headers: {} })),
      ...batched.licences.map((e) => ({ topic: licenceTopic, key: e.assignmentId, value: Buffer.from(encodeEvent(LicenceAssignmentChangedSchema, e)), headers: {} })),
      ...batched.accounts.map((e) => ({ topic: accountTopic, key: e.accountId, value: Buffer.from(encodeEvent(AccountChangedSchema, e)), headers: {} })),
    ];
    await broker.publish(messages);
    const batchSizes: number[] = [];
    const controller = (handle: EventHandler): EventHandler => async (event, ctx) => {
      batchSizes.push(ctx.batch?.events.length ?? 1);
      await handle(event, ctx);
    };
    const groupId = uniqueName('metering-batch-spec');
    const devices = metering.app.get(DeviceChangedConsumer);
    const licences = metering.app.get(LicenceAssignmentConsumer);
    const accounts = metering.app.get(AccountChangedConsumer);
    const consumer = new EventConsumer(metering.dataSource, broker, {
      groupId,
      codecs,
      handlers: new Map<string, EventHandler>([
        [deviceTopic, controller((e, ctx) => devices.handle(e as never, ctx))],
        [licenceTopic, controller((e, ctx) => licences.handle(e as never, ctx))],
        [accountTopic, controller((e, ctx) => accounts.handle(e as never, ctx))],
      ]),
      batchSize: 50,
    });
    await consumer.start();
    try {
      // 6 + 3 + 3 distinct events (a licence message was sent twice).
      await eventually('every event in the inbox', async () => (await metering.dataSource.query('SELECT count(*)::int AS n FROM inbox_message WHERE consumer = $1', [groupId]))[0].n === 12);
    } finally {
      await consumer.stop();
      await broker.close();
    }
    // Each topic's events came as one batch (devices 6, licences 3 after the duplicate, accounts 3).
    expect(batchSizes.sort()).toEqual([3, 3, 3, 3, 3, 3, 6, 6, 6, 6, 6, 6]);

    const pairs: Array<[string, string]> = [
      [one.devices[0].deviceId, batched.devices[0].deviceId],
      [one.licences[0].assignmentId, batched.licences[0].assignmentId],
      [one.accounts[0].accountId, batched.accounts[0].accountId],
    ];
    for (const [eventByEvent, inBatch] of pairs) expect(await shown(inBatch)).toEqual(await shown(eventByEvent));
    expect(await shown(batched.devices[0].deviceId)).toEqual([
      'open I060 2026-11-16..',
      'close I060 ..2026-11-20',
      'open N138 2026-11-21..',
      'close N138 ..2026-11-24',
      'open N138 2026-12-02..',
    ]);
    expect(await shown(batched.accounts[0].accountId)).toEqual(['open N138 2026-11-03..', 'close N138 ..2026-11-19', 'open N138 2026-12-01..']);
    // Every item announced on metering.usage.v1, in the ledger's order.
    for (const [, inBatch] of pairs) {
      const items: Array<{ id: string }> = await metering.dataSource.query('SELECT id FROM ledger_item WHERE subject_id = $1 ORDER BY recorded_at, id', [inBatch]);
      expect((await metering.usageEvents()).filter((e) => e.subjectId === inBatch).map((e) => e.ledgerItemId)).toEqual(items.map((i) => i.id));
    }
  });
});
