import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { eventually, readTopic, uniqueName } from '@itops/shared/testing';
import { KafkajsBroker } from '../broker/kafkajs-broker';
import { dlqTopic, MessageBroker, SubscribeOptions } from '../broker/message-broker';
import { PermanentEventError } from '../messaging.exception';
import { addToOutbox } from '../outbox/outbox.writer';
import { jsonCodec, TestEvent } from '../__fixtures__/json-codec';
import { MessagingStack, startMessagingStack } from '../__fixtures__/messaging-stack';
import { EventConsumer, EventHandler } from './event-consumer';

describe('EventConsumer in batch mode on the real broker and database', () => {
  let stack: MessagingStack;
  let dataSource: DataSource;
  let broker: KafkajsBroker;
  let topic: string;

  beforeAll(async () => {
    stack = await startMessagingStack('messaging-batch-spec', ['CREATE TABLE effect (id serial PRIMARY KEY, account text NOT NULL, amount int NOT NULL, batch_size int)']);
    ({ dataSource, broker } = stack);
  });

  beforeEach(async () => {
    topic = await stack.newTopic('spec.batch.v1', 3);
  });

  afterAll(async () => {
    await stack?.close();
  });

  const event = (account: string, amount: number, extra: Partial<TestEvent> = {}): TestEvent => ({ eventId: randomUUID(), account, amount, ...extra });
  const send = (key: string, events: Array<TestEvent | string>) =>
    broker.publish(events.map((e) => ({ topic, key, value: Buffer.from(typeof e === 'string' ? e : JSON.stringify(e)), headers: {} })));
  const effects = async (account: string): Promise<Array<{ amount: number; batch_size: number | null }>> =>
    dataSource.query('SELECT amount, batch_size FROM effect WHERE account = $1 ORDER BY id', [account]);

  /** Records the event's effect and announces it in the outbox; a poison event fails permanently. */
  const recordEffect: EventHandler = async (e, ctx) => {
    const { account, amount, poison } = e as TestEvent;
    if (poison) throw new PermanentEventError(`account ${account} cannot be billed: poison`);
    await ctx.manager.query('INSERT INTO effect (account, amount, batch_size) VALUES ($1, $2, $3)', [account, amount, ctx.batch?.events.length ?? null]);
    await addToOutbox(ctx.manager, jsonCodec(`${topic}.out`), account, { eventId: randomUUID(), account, amount });
  };

  const consume = async (handler: EventHandler, until: () => Promise<boolean>, viaBroker: MessageBroker = broker): Promise<void> => {
    const consumer = new EventConsumer(dataSource, viaBroker, { groupId: uniqueName('batch'), codecs: [jsonCodec(topic)], handlers: new Map([[topic, handler]]), batchSize: 50, backoffMs: 20 });
    await consumer.start();
    try {
      await eventually('the batch handled', until);
    } finally {
      await consumer.stop();
    }
  };

  it('handles a batch in one transaction and counts an event delivered twice in it once', async () => {
    const account = uniqueName('dup');
    const events = [1, 2, 3, 4].map((n) => event(account, n));
    await send(account, [...events.slice(0, 3), events[1], events[3], events[0]]);
    let calls = 0;
    await consume(
      async (e, ctx) => {
        calls++;
        await recordEffect(e, ctx);
      },
      async () => (await effects(account)).length === 4,
    );
    await new Promise((r) => setTimeout(r, 500));
    const rows = await effects(account);
    expect(rows.map((r) => r.amount)).toEqual([1, 2, 3, 4]);
    // The handlers saw a batch of the four distinct events, not six one-event transactions.
    expect(rows.map((r) => r.batch_size)).toEqual([4, 4, 4, 4]);
    expect(calls).toBe(4);
    const outbox: Array<{ payload: Buffer }> = await dataSource.query('SELECT payload FROM outbox_message WHERE topic = $1 ORDER BY id', [`${topic}.out`]);
    expect(outbox.map((row) => JSON.parse(row.payload.toString()).amount)).toEqual([1, 2, 3, 4]);
  });

  it('sends a poison message of a batch to the DLQ alone and handles the others exactly once', async () => {
    const account = uniqueName('poison');
    await send(account, [event(account, 1), event(account, 2, { poison: true }), event(account, 3), '{not json', event(account, 4)]);
    await consume(recordEffect, async () => (await effects(account)).length === 3);
    const dead = await readTopic(dlqTopic(topic), 2);
    expect(dead.map((m) => m.headers['dlq-reason'])).toEqual([`account ${account} cannot be billed: poison`, expect.stringMatching(/^undecodable .*JSON/)]);
    await new Promise((r) => setTimeout(r, 500));
    // After the failed batch, each message was handled in a transaction of its own.
    expect(await effects(account)).toEqual([1, 3, 4].map((amount) => ({ amount, batch_size: null })));
    const [{ n }] = await dataSource.query('SELECT count(*)::int AS n FROM outbox_message WHERE topic = $1 AND message_key = $2', [`${topic}.out`, account]);
    expect(n).toBe(3);
  });

  it('keeps the order of each key across partitions and batches', async () => {
    const accounts = [1, 2, 3, 4, 5].map((k) => uniqueName(`order${k}`));
    for (let round = 0; round < 4; round++) {
      for (const account of accounts) await send(account, Array.from({ length: 30 }, (_, i) => event(account, round * 30 + i)));
    }
    await consume(recordEffect, async () => (await Promise.all(accounts.map(effects))).every((rows) => rows.length === 120));
    for (const account of accounts) {
      expect((await effects(account)).map((r) => r.amount)).toEqual(Array.from({ length: 120 }, (_, i) => i));
    }
  });

  it('gives a batch redelivered after its commit (offsets not committed) one effect', async () => {
    const account = uniqueName('crash');
    await send(account, [1, 2, 3, 4, 5].map((n) => event(account, n)));
    // The process "dies" after the batch's transaction committed and before its offsets were
    // resolved: the broker delivers the same messages again.
    let deliveries = 0;
    const dying: MessageBroker = Object.create(broker);
    dying.subscribe = (options: SubscribeOptions) =>
      broker.subscribe({
        ...options,
        handleBatch: async (messages, session) => {
          deliveries++;
          await options.handleBatch?.(messages, session);
          if (deliveries === 1) throw new Error('process died after the commit');
        },
      });
    let calls = 0;
    await consume(
      async (e, ctx) => {
        calls++;
        await recordEffect(e, ctx);
      },
      async () => deliveries >= 2,
      dying,
    );
    expect((await effects(account)).map((r) => r.amount)).toEqual([1, 2, 3, 4, 5]);
    expect(calls).toBe(5);
    const [{ n }] = await dataSource.query('SELECT count(*)::int AS n FROM outbox_message WHERE topic = $1 AND message_key = $2', [`${topic}.out`, account]);
    expect(n).toBe(5);
  });

  it('retries a transient failure in a batch per message and then handles it once', async () => {
    const account = uniqueName('flaky');
    await send(account, [event(account, 1), event(account, 2, { account: `${account}-flaky` }), event(account, 3)]);
    let failures = 0;
    await consume(
      async (e, ctx) => {
        if ((e as TestEvent).account.endsWith('-flaky') && failures++ < 2) throw new Error('directory busy');
        await recordEffect(e, ctx);
      },
      async () => (await effects(account)).length === 2 && (await effects(`${account}-flaky`)).length === 1,
    );
    expect((await effects(account)).map((r) => r.amount)).toEqual([1, 3]);
    expect(await effects(`${account}-flaky`)).toEqual([{ amount: 2, batch_size: null }]);
    expect(failures).toBe(3);
  });
});
