import { Kafka, logLevel } from 'kafkajs';
import { EntitlementAction, EntitlementChanged, encodeEvent, EntitlementChangedSchema, Topics } from '@itops/shared/contracts';
import { codecFor, dlqTopic, EventConsumer, KafkajsBroker } from '@itops/shared/messaging';
import { eventually, stackKafka, uniqueName } from '@itops/shared/testing';
import { DeviceTestApp } from '../__fixtures__/device.test-app';
import { DeviceEntitlements } from './device-entitlements.use-case';

describe('device: identity.entitlement.v1 through real Kafka and the inbox', () => {
  let device: DeviceTestApp;

  beforeAll(async () => {
    device = await DeviceTestApp.start();
  });

  afterAll(async () => {
    await device?.close();
  });

  it('orders one PC for a grant delivered twice, and requests its return on the revoke', async () => {
    // A topic of this spec's own, so no other service's events reach it and it reaches no one.
    const topic = uniqueName('spec.identity.entitlement.v1').replace(/_/g, '.');
    const broker = new KafkajsBroker(stackKafka('device-spec'));
    await broker.ensureTopics([{ topic, partitions: 1 }, { topic: dlqTopic(topic), partitions: 1 }]);
    const entitlements = device.app.get(DeviceEntitlements);
    const groupId = uniqueName('device-spec');
    const consumer = new EventConsumer(device.dataSource, broker, {
      groupId,
      codecs: [codecFor({ ...Topics.identityEntitlement, name: topic })],
      handlers: new Map([[topic, (event, ctx) => entitlements.execute(event as EntitlementChanged, ctx).then(() => undefined)]]),
    });
    const account = await device.account({ customerCode: 'N138' });
    const grant = device.entitlementEvent(account.accountId, { effectiveDate: '2026-11-23' });
    const revoke = device.entitlementEvent(account.accountId, { action: EntitlementAction.REVOKED, effectiveDate: '2026-12-31' });
    const message = (event: EntitlementChanged) => ({ key: account.accountId, value: Buffer.from(encodeEvent(EntitlementChangedSchema, event)) });
    const kafka = new Kafka({ clientId: 'device-spec', brokers: stackKafka().brokers, logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({ topic, messages: [message(grant), message(grant), message(revoke)] });
      await consumer.start();
      const admin = kafka.admin();
      await admin.connect();
      try {
        await eventually('the three messages consumed', async () => (await admin.fetchOffsets({ groupId, topics: [topic] }))[0].partitions[0].offset === '3', 30_000);
      } finally {
        await admin.disconnect();
      }
    } finally {
      await consumer.stop();
      await producer.disconnect();
      await broker.close();
    }
    const inbox = await device.dataSource.query('SELECT count(*)::int AS n FROM inbox_message WHERE consumer = $1', [groupId]);
    expect(inbox[0].n).toBe(2);
    const rows: Array<{ status: string; account_id: string; customer_code: string }> = await device.dataSource.query(
      'SELECT status, account_id, customer_code FROM device WHERE account_id = $1',
      [account.accountId],
    );
    // The order was not delivered yet: revoking the entitlement asks for it back (cancel with the supplier).
    expect(rows).toEqual([{ status: 'RETURN_REQUESTED', account_id: account.accountId, customer_code: 'N138' }]);
  });
});
