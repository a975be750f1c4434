#!/usr/bin/env node
// Ledger ingestion from Kafka, measured on the real local stack (`bin/itops stack up`, then
// `node tools/build.mjs`):
//   1. a city's usage events are produced to bench topics of this run's own: one account
//      ENABLED per employee (identity.account.v1), a device ASSIGNED per PC (device.device.v1),
//      licence ASSIGNED per licence (licence.assignment.v1), plus a share of the same messages
//      sent again (redeliveries);
//   2. a bare kafkajs consumer (a consumer group of its own, eachBatch, nothing done per message)
//      reads them all: the ceiling Kafka gives on this machine;
//   3. metering's own ingestion path reads them all: metering's built application (its Nest
//      module from dist, its real consumers and use cases) on a fresh database, fed by the same
//      EventConsumer (decode, validate, inbox dedup, effect and inbox row in one transaction;
//      ITOPS_METERING_CONSUMER_BATCH_SIZE events of a partition per transaction, as the service)
//      that serves the running service, over a KafkajsBroker like the service's.
// Prints events per second for both and their ratio. Not a test: figures vary with the machine.
//
// Usage: node tools/bench/ledger-ingest.mjs [employees=57000] [devices=35000] [licences=70000] [duplicates=0.05] [--keep]
// With --keep the bench database (its ledger) is left for tools/bench/billing-run.mjs --ledger-db <name>.
//
// Honest about what differs from the running service: the service's topic names are fixed in
// its handlers (@EventPattern('identity.account.v1')), and producing 162,000 bench events to the
// shared topics would reach every other consumer. So the bench topics are copies under their own
// names, and the consumer is bound to them by name with the same codecs (codecFor the catalogue
// topic, renamed) and the same handler classes. The outbox relay is stopped, so the bench's
// metering.usage.v1 rows stay in the bench database's outbox (written in the same transaction
// as in the service, so their cost is measured) and never reach billing.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { dist, require } from './bench.util.mjs';


const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const keep = process.argv.includes('--keep');
const employees = Number(args[0] ?? 57000);
const deviceCount = Number(args[1] ?? 35000);
const licenceCount = Number(args[2] ?? 70000);
const duplicateShare = Number(args[3] ?? 0.05);

process.env.ITOPS_LOG_LEVEL ??= 'warn';
const { Kafka, logLevel } = require('kafkajs');
const { NestFactory } = require('@nestjs/core');
const contracts = dist('libs/shared/contracts/src');
const messaging = dist('libs/shared/messaging/src');
const persistence = dist('libs/shared/persistence/src');
const { loadConfig } = dist('libs/shared/config/src');
const { createTestDatabase, stackKafka, uniqueName } = dist('libs/shared/testing/src');
const { meteringSchema } = dist('libs/metering/data-access/src');
const { AppModule } = dist('apps/metering/src/app.module');
const { meteringConfigSchema } = dist('apps/metering/src/metering.config');
const { AccountChangedConsumer } = dist('apps/metering/src/usage/account-changed.consumer');
const { DeviceChangedConsumer } = dist('apps/metering/src/usage/device-changed.consumer');
const { LicenceAssignmentConsumer } = dist('apps/metering/src/usage/licence-assignment.consumer');
const { generateCity } = dist('apps/cli/src/city/city.generator');
const { Topics, create, newEnvelope, encodeEvent, AccountChangedSchema, AccountEvent, DeviceChangedSchema, LicenceAssignmentChangedSchema, LicenceAction } = contracts;

const run = uniqueName('bench').toLowerCase();
const topicOf = (topic) => `bench.${run}.${topic.name}`;
const benchTopics = [Topics.identityAccount, Topics.deviceDevice, Topics.licenceAssignment].map((topic) => ({ topic, name: topicOf(topic) }));
const PARTITIONS = 3; // as the service's topics (MessagingModule's default)
const s = (ms) => (ms / 1000).toFixed(1);
const rate = (count, ms) => Math.round(count / (ms / 1000));
const log = (line) => console.log(line);

// ---- the city's usage: customers from the city generator's organisation -----------------------
const t0 = performance.now();
const { city } = generateCity({ employees, seed: 'bench', start: '2026-11-01' });
const persons = city.employments.filter((e) => e.ordinal === 1).map((e) => e.unit.customer.code);
const day = (i) => `2026-${i % 3 === 0 ? '11' : '10'}-${String(1 + (i % 28)).padStart(2, '0')}`;
const accounts = persons.map((customerCode, i) => ({ accountId: randomUUID(), customerCode, i }));
const products = [
  ['M365-E3', '389.00'],
  ['M365-F3', '87.50'],
  ['M365-A3', '36.25'],
];

/** [topic name, key, bytes] of every event, in the order a city would produce them. */
const messages = [];
for (const { accountId, customerCode, i } of accounts) {
  const event = create(AccountChangedSchema, {
    envelope: newEnvelope({ source: 'identity', eventType: Topics.identityAccount.eventType }),
    accountId,
    personId: `p-${run}-${i}`,
    kind: AccountEvent.ENABLED,
    samAccountName: `b${i.toString(36)}`,
    userPrincipalName: `b${i.toString(36)}@itops.test`,
    customerCode,
    enabled: true,
    effectiveDate: day(i),
  });
  messages.push([topicOf(Topics.identityAccount), accountId, Buffer.from(encodeEvent(AccountChangedSchema, event))]);
}
for (let i = 0; i < deviceCount; i++) {
  const { accountId, customerCode } = accounts[i % accounts.length];
  const deviceId = randomUUID();
  const event = create(DeviceChangedSchema, {
    envelope: newEnvelope({ source: 'device', eventType: Topics.deviceDevice.eventType }),
    deviceId,
    serialNumber: `SN${run}${i}`,
    deviceType: 'PC',
    customerCode,
    accountId,
    status: 'ASSIGNED',
    effectiveDate: day(i + 7),
    model: 'Lenovo ThinkPad T14 Gen 5',
  });
  messages.push([topicOf(Topics.deviceDevice), deviceId, Buffer.from(encodeEvent(DeviceChangedSchema, event))]);
}
for (let i = 0; i < licenceCount; i++) {
  const { accountId, customerCode } = accounts[i % accounts.length];
  const [productCode, unitCostSek] = products[i < accounts.length ? i % 3 : 0];
  const assignmentId = randomUUID();
  const event = create(LicenceAssignmentChangedSchema, {
    envelope: newEnvelope({ source: 'licence', eventType: Topics.licenceAssignment.eventType }),
    assignmentId,
    accountId,
    customerCode,
    productCode,
    action: LicenceAction.ASSIGNED,
    effectiveDate: day(i + 3),
    unitCostSek,
    source: 'role',
  });
  messages.push([topicOf(Topics.licenceAssignment), assignmentId, Buffer.from(encodeEvent(LicenceAssignmentChangedSchema, event))]);
}
const unique = messages.length;
// Redeliveries: the same messages (same event ids) again, spread over the run.
const duplicates = Math.round(unique * duplicateShare);
for (let i = 0; i < duplicates; i++) messages.push(messages[Math.floor((i * unique) / duplicates)]);
const total = messages.length;
log(`ledger ingest: ${persons.length} employees of ${city.customers.length} customers, ${deviceCount} devices, ${licenceCount} licences: ${unique} events + ${duplicates} redelivered = ${total} messages (built in ${s(performance.now() - t0)} s)`);

// ---- produce to the bench topics ---------------------------------------------------------------
const kafka = new Kafka({ clientId: 'itops-bench', brokers: stackKafka().brokers, logLevel: logLevel.NOTHING });
const admin = kafka.admin();
await admin.connect();
await admin.createTopics({
  waitForLeaders: true,
  topics: benchTopics.flatMap(({ name }) => [
    { topic: name, numPartitions: PARTITIONS },
    { topic: messaging.dlqTopic(name), numPartitions: 1 },
  ]),
});
const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
await producer.connect();
const tp = performance.now();
for (let i = 0; i < total; i += 2000) {
  const byTopic = new Map();
  for (const [topic, key, value] of messages.slice(i, i + 2000)) byTopic.set(topic, [...(byTopic.get(topic) ?? []), { key, value }]);
  await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, list]) => ({ topic, messages: list })) });
}
await producer.disconnect();
log(`  produced in ${s(performance.now() - tp)} s to ${benchTopics.map((t) => t.name).join(', ')} (${PARTITIONS} partitions each)`);

// ---- 1. a bare kafkajs consumer ----------------------------------------------------------------
async function bareRead() {
  // Timed like metering's below: from connecting (group join included) to the last message.
  const started = performance.now();
  const consumer = kafka.consumer({ groupId: uniqueName('bench-bare') });
  await consumer.connect();
  await consumer.subscribe({ topics: benchTopics.map((t) => t.name), fromBeginning: true });
  let read = 0;
  await new Promise((resolve) => {
    void consumer.run({
      partitionsConsumedConcurrently: PARTITIONS,
      eachBatch: async ({ batch }) => {
        read += batch.messages.length;
        if (read >= total) resolve();
      },
    });
  });
  const ms = performance.now() - started;
  await consumer.disconnect();
  return ms;
}
const bareMs = await bareRead();
const bareRate = rate(total, bareMs);
log(`  bare kafkajs consumer: ${total} messages in ${s(bareMs)} s: ${bareRate.toLocaleString('en-US')} events/s`);

// ---- 2. metering's ingestion path --------------------------------------------------------------
const db = await createTestDatabase(`itops_bench_metering`);
await persistence.runMigrations(db.pg, meteringSchema);
const config = loadConfig(meteringConfigSchema, { ...process.env, ITOPS_PG_DATABASE: db.pg.database, ITOPS_METERING_DEVICE_OFFERINGS: 'PC=KST-PC' });
const app = await NestFactory.createApplicationContext(AppModule.register(config), { logger: ['error'] });
await app.init();
// No bench item may reach billing: the relay stays stopped (the outbox rows are still written).
await app.get(messaging.OutboxRelay).stop();
const dataSource = app.get(persistence.DataSource);
const broker = new messaging.KafkajsBroker(stackKafka('itops-bench-metering'));
const handlerOf = {
  [Topics.identityAccount.name]: app.get(AccountChangedConsumer),
  [Topics.deviceDevice.name]: app.get(DeviceChangedConsumer),
  [Topics.licenceAssignment.name]: app.get(LicenceAssignmentConsumer),
};
const groupId = uniqueName('bench-metering');
const consumer = new messaging.EventConsumer(dataSource, broker, {
  groupId,
  codecs: benchTopics.map(({ topic, name }) => messaging.codecFor({ ...topic, name })),
  handlers: new Map(benchTopics.map(({ topic, name }) => [name, (event, ctx) => handlerOf[topic.name].handle(event, ctx)])),
  partitions: PARTITIONS,
  // As the service's main.ts connects its handlers: events of a partition per transaction.
  batchSize: config.ITOPS_METERING_CONSUMER_BATCH_SIZE,
});
const offsetsDone = async () => {
  const offsets = await admin.fetchOffsets({ groupId, topics: benchTopics.map((t) => t.name) });
  const ends = await Promise.all(benchTopics.map((t) => admin.fetchTopicOffsets(t.name)));
  return offsets.every(({ partitions }, k) => partitions.every((p) => p.offset === ends[k].find((e) => e.partition === p.partition)?.high));
};
const started = performance.now();
await consumer.start();
let lastReport = started;
for (;;) {
  await new Promise((r) => setTimeout(r, 500));
  const [{ n }] = await dataSource.query('SELECT count(*)::int AS n FROM inbox_message WHERE consumer = $1', [groupId]);
  if (n >= unique && (await offsetsDone())) break;
  if (performance.now() - lastReport > 30_000) {
    lastReport = performance.now();
    log(`    ... ${n} of ${unique} events in the inbox after ${s(lastReport - started)} s`);
  }
}
const meteringMs = performance.now() - started;
await consumer.stop();
await broker.close();
const [{ items }] = await dataSource.query("SELECT count(*)::int AS items FROM ledger_item WHERE kind = 'open'");
const [{ outbox }] = await dataSource.query('SELECT count(*)::int AS outbox FROM outbox_message');
await app.close();
const meteringRate = rate(total, meteringMs);
log(`  metering ingestion (${config.ITOPS_METERING_CONSUMER_BATCH_SIZE} events of a partition per transaction): ${total} messages (${unique} events, ${duplicates} skipped by the inbox) in ${s(meteringMs)} s: ${meteringRate.toLocaleString('en-US')} events/s; ${items} ledger items, ${outbox} usage events in the outbox`);
log(`  ratio metering / bare kafkajs: ${(meteringRate / bareRate).toFixed(3)} (aim: at least 0.5)`);

// ---- clean up: the bench topics, and the database unless kept ----------------------------------
await admin.deleteTopics({ topics: benchTopics.flatMap(({ name }) => [name, messaging.dlqTopic(name)]) }).catch(() => undefined);
await admin.disconnect();
if (keep) log(`  ledger kept in database ${db.pg.database}: node tools/bench/billing-run.mjs --ledger-db ${db.pg.database}`);
else await db.drop();
if (items !== unique) {
  console.error(`expected ${unique} open ledger items, found ${items}`);
  process.exit(1);
}
