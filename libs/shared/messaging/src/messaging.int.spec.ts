import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { eventually, readTopic, uniqueName } from '@itops/shared/testing';
import { KafkajsBroker } from './broker/kafkajs-broker';
import { MessageBroker, OutgoingMessage, dlqTopic } from './broker/message-broker';
import { EventConsumer, EventHandler } from './consumer/event-consumer';
import { PermanentEventError } from './messaging.exception';
import { addToOutbox } from './outbox/outbox.writer';
import { OutboxRelay } from './outbox/outbox.relay';
import { jsonCodec, TestEvent } from './__fixtures__/json-codec';
import { MessagingStack, startMessagingStack } from './__fixtures__/messaging-stack';

const root = join(__dirname, '../../../..');

describe('outbox, inbox and DLQ on the real broker and database', () => {
  let stack: MessagingStack;
  let dataSource: DataSource;
  let broker: KafkajsBroker;
  let topic: string;

  beforeAll(async () => {
    stack = await startMessagingStack('messaging-spec', [
      'CREATE TABLE business (id serial PRIMARY KEY, account text NOT NULL)',
      'CREATE TABLE effect (id serial PRIMARY KEY, account text NOT NULL, amount int NOT NULL)',
    ]);
    ({ dataSource, broker } = stack);
  });

  beforeEach(async () => {
    topic = await stack.newTopic('spec.topic.v1', 1);
  });

  afterAll(async () => {
    await stack?.close();
  });

  const countEffects = async (account: string): Promise<number> =>
    Number((await dataSource.query('SELECT count(*)::int AS n FROM effect WHERE account = $1', [account]))[0].n);

  const recordEffect: EventHandler = async (event, ctx) => {
    const e = event as TestEvent;
    if (e.poison) throw new PermanentEventError(`account ${e.account} cannot be billed: poison`);
    await ctx.manager.query('INSERT INTO effect (account, amount) VALUES ($1, $2)', [e.account, e.amount]);
  };

  it('loses nothing when the process dies between the database commit and the publish', async () => {
    execFileSync(process.execPath, [join(root, 'tools/build.mjs'), '--quiet'], { cwd: root });
    const eventId = randomUUID();
    const child = spawnSync(process.execPath, [join(__dirname, '__fixtures__/crash-after-commit.js'), stack.db.pg.database, topic, eventId], {
      env: { ...process.env, PGHOST: stack.db.pg.host, PGPORT: String(stack.db.pg.port), MESSAGING_DIST: join(root, 'dist/libs/shared/messaging/src/index.js') },
      cwd: root,
      encoding: 'utf8',
    });
    expect(child.signal).toBe('SIGKILL');
    const [{ n: pending }] = await dataSource.query('SELECT count(*)::int AS n FROM outbox_message WHERE published_at IS NULL AND topic = $1', [topic]);
    expect(pending).toBe(1);

    const relay = new OutboxRelay(dataSource, broker, { lockKey: 42 });
    relay.start();
    const [message] = await readTopic(topic, 1);
    await relay.stop();
    expect(message.key).toBe('crash-account');
    expect(JSON.parse(String(message.value))).toMatchObject({ eventId, account: 'crash-account' });
    expect(message.headers['event-id']).toBe(eventId);
  });

  it('gives a redelivered event one effect, also when the relay publishes twice', async () => {
    const codec = jsonCodec(topic);
    const eventId = randomUUID();
    await dataSource.transaction((m) => addToOutbox(m, codec, 'acc-1', { eventId, account: 'acc-1', amount: 5 }));

    // The first relay publishes, then dies before marking the row: the row goes out again.
    const dying: MessageBroker = Object.create(broker);
    dying.publish = async (messages: OutgoingMessage[]) => {
      await broker.publish(messages);
      throw new Error('process died after publish');
    };
    await expect(new OutboxRelay(dataSource, dying, { lockKey: 43 }).publishBatch()).rejects.toThrow('died');
    expect(await new OutboxRelay(dataSource, broker, { lockKey: 43 }).publishBatch()).toBe(1);
    expect(await readTopic(topic, 2)).toHaveLength(2);

    const consumer = new EventConsumer(dataSource, broker, { groupId: uniqueName('effects'), codecs: [codec], handlers: new Map([[topic, recordEffect]]) });
    await consumer.start();
    try {
      await eventually('both deliveries handled', async () => {
        const [{ n }] = await dataSource.query('SELECT count(*)::int AS n FROM inbox_message WHERE event_id = $1', [eventId]);
        return n === 1 && (await countEffects('acc-1')) === 1;
      });
      // Give the second delivery time to be processed too, then check there is still one effect.
      await new Promise((r) => setTimeout(r, 1500));
      expect(await countEffects('acc-1')).toBe(1);
    } finally {
      await consumer.stop();
    }
  });

  it('sends a poison message to the DLQ with its reason and goes on with the next ones', async () => {
    const codec = jsonCodec(topic);
    await broker.publish([
      { topic, key: 'k', value: Buffer.from('{not json'), headers: {} },
      { topic, key: 'k', value: Buffer.from(JSON.stringify({ eventId: randomUUID(), account: 'poisoned', amount: 1, poison: true })), headers: {} },
      { topic, key: 'k', value: Buffer.from(JSON.stringify({ eventId: randomUUID(), account: 'after-poison', amount: 7 })), headers: {} },
    ]);
    const consumer = new EventConsumer(dataSource, broker, { groupId: uniqueName('dlq'), codecs: [codec], handlers: new Map([[topic, recordEffect]]) });
    await consumer.start();
    try {
      await eventually('the message after the poison handled', async () => (await countEffects('after-poison')) === 1);
    } finally {
      await consumer.stop();
    }
    const dead = await readTopic(dlqTopic(topic), 2);
    expect(dead.map((m) => m.headers['dlq-reason'])).toEqual([
      expect.stringMatching(/^undecodable .*: .*JSON/),
      'account poisoned cannot be billed: poison',
    ]);
    expect(dead[1].headers['dlq-topic']).toBe(topic);
    expect(await countEffects('poisoned')).toBe(0);
  });

  it('retries a transient failure with back-off and then succeeds once', async () => {
    const codec = jsonCodec(topic);
    let calls = 0;
    const flaky: EventHandler = async (event, ctx) => {
      calls++;
      if (calls < 3) throw new Error('directory busy');
      await recordEffect(event, ctx);
    };
    await broker.publish([{ topic, key: 'k', value: Buffer.from(JSON.stringify({ eventId: randomUUID(), account: 'flaky', amount: 1 })), headers: {} }]);
    const consumer = new EventConsumer(dataSource, broker, { groupId: uniqueName('retry'), codecs: [codec], handlers: new Map([[topic, flaky]]), backoffMs: 50 });
    await consumer.start();
    try {
      await eventually('the flaky event handled', async () => (await countEffects('flaky')) === 1);
    } finally {
      await consumer.stop();
    }
    expect(calls).toBe(3);
  });
});
