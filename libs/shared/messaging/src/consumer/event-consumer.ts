import { context, Link, propagation, ROOT_CONTEXT, trace, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { DataSource, EntityManager } from 'typeorm';
import { BatchSession, dlqTopic, IncomingMessage, MessageBroker, Subscription } from '../broker/message-broker';
import type { EventCodec } from '../event-codec';
import { isPermanent } from '../messaging.exception';
import { collectOutbox } from '../outbox/outbox.writer';

/** What a handler gets beside the event: where it came from, and the transaction to act in. */
export interface EventContext {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  eventId: string;
  correlationId: string;
  /** The inbox transaction: write the handler's effect through it so effect and inbox row commit together. */
  manager: EntityManager;
  /** Present when the event is handled in a batch (one transaction for several events). */
  batch?: EventBatch;
}

/**
 * The batch an event is handled in: the handlers of its events share one transaction, so they
 * may read ahead (`events`), keep what they learnt (`state`) and write late (`beforeCommit`).
 */
export interface EventBatch {
  /** The batch's events to handle (duplicates already dropped), in partition order. */
  readonly events: readonly unknown[];
  /** State the batch's handlers share (a cache, rows to write), keyed by its owner; gone with the batch. */
  readonly state: Map<unknown, unknown>;
  /** Runs `write` after the last handler and before the commit, in the order registered. */
  beforeCommit(write: () => Promise<void>): void;
}

export type EventHandler = (event: unknown, ctx: EventContext) => Promise<void>;

export interface ConsumerLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface EventConsumerOptions {
  /** Kafka consumer group, also the inbox's consumer name. */
  groupId: string;
  codecs: EventCodec[];
  handlers: Map<string, EventHandler>;
  /** Attempts for a transient failure before the message goes to the DLQ. */
  maxAttempts?: number;
  /** First back-off; doubles per attempt. */
  backoffMs?: number;
  /** Partitions of a topic this consumer creates when it is missing; default 3. */
  partitions?: number;
  /**
   * Most messages of one partition handled in one transaction; 1 (the default) handles each
   * message in a transaction of its own. A batch that fails is rolled back and its messages are
   * handled one by one, so retries and the DLQ stay per message.
   */
  batchSize?: number;
  log?: ConsumerLog;
}

const tracer = trace.getTracer('itops-messaging');

interface DecodedMessage {
  message: IncomingMessage;
  event: unknown;
  handler: EventHandler;
  eventId: string;
  correlationId: string;
}

/**
 * Runs handlers for Kafka events with the delivery guarantees of DESIGN.md:
 * decode and validate first (a bad message goes to `<topic>.dlq` with its reason), then the
 * handler's effect and an inbox row in one transaction (a redelivered event has no second
 * effect), transient failures retried with exponential back-off, permanent failures and
 * exhausted retries to the DLQ, so no message blocks its partition for long.
 */
export class EventConsumer {
  private subscription?: Subscription;
  private readonly codecs: Map<string, EventCodec>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly broker: MessageBroker,
    private readonly options: EventConsumerOptions,
  ) {
    this.codecs = new Map(options.codecs.map((c) => [c.topic, c]));
  }

  async start(): Promise<void> {
    const topics = [...this.options.handlers.keys()];
    for (const topic of topics) {
      if (!this.codecs.has(topic)) throw new Error(`no codec for topic ${topic}`);
    }
    // Topics may not exist yet on a new cluster; subscribing to a missing topic fails.
    const partitions = this.options.partitions ?? 3;
    const batchSize = this.options.batchSize ?? 1;
    await this.broker.ensureTopics(topics.flatMap((topic) => [{ topic, partitions }, { topic: dlqTopic(topic), partitions: 1 }]));
    this.subscription = await this.broker.subscribe({
      groupId: this.options.groupId,
      topics,
      handle: (message) => this.handle(message),
      ...(batchSize > 1 ? { batchSize, handleBatch: (messages: IncomingMessage[], session: BatchSession) => this.handleBatch(messages, session) } : {}),
    });
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = undefined;
  }

  /** One message, start to end; throws only when the DLQ itself cannot be written. */
  async handle(message: IncomingMessage): Promise<void> {
    const parent = propagation.extract(context.active(), message.headers);
    await context.with(parent, () =>
      tracer.startActiveSpan(
        `${message.topic} process`,
        { kind: SpanKind.CONSUMER, attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': message.topic, 'messaging.kafka.offset': message.offset } },
        async (span) => {
          try {
            await this.process(message);
          } catch (error) {
            span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
            throw error;
          } finally {
            span.end();
          }
        },
      ),
    );
  }

  /**
   * Consecutive messages of one partition in one transaction: decoded and validated first, their
   * inbox rows in one INSERT (an event id already there, or twice in the batch, is handled
   * once), each new event's handler in order with the same manager, one commit. If any message
   * cannot be decoded or any handler fails, nothing of the batch is kept and its messages go
   * through `handle` one by one: a poison message reaches the DLQ alone, retries stay per message.
   * Throws only when the DLQ itself cannot be written.
   */
  async handleBatch(messages: IncomingMessage[], session?: BatchSession): Promise<void> {
    if (messages.length === 0) return;
    const decoded = messages.length > 1 ? this.decodeAll(messages) : undefined;
    if (decoded && (await this.tryBatch(messages, decoded))) return;
    for (const message of messages) {
      await this.handle(message);
      // Retries with back-off can make a batch handled one by one take long.
      await session?.heartbeat();
    }
  }

  /** Every message decoded and valid, with its handler; undefined when any is not. */
  private decodeAll(messages: IncomingMessage[]): DecodedMessage[] | undefined {
    const decoded: DecodedMessage[] = [];
    for (const message of messages) {
      const codec = this.codecs.get(message.topic);
      const handler = this.options.handlers.get(message.topic);
      if (!codec || !handler || !message.value) return undefined;
      try {
        const event = codec.decode(message.value);
        if (codec.validate(event).length > 0) return undefined;
        decoded.push({ message, event, handler, ...codec.ids(event) });
      } catch {
        return undefined;
      }
    }
    return decoded;
  }

  /** The batch in one transaction; false (rolled back) when anything in it failed. */
  private async tryBatch(messages: IncomingMessage[], decoded: DecodedMessage[]): Promise<boolean> {
    const { topic, partition } = messages[0];
    return tracer.startActiveSpan(
      `${topic} process batch`,
      {
        kind: SpanKind.CONSUMER,
        attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': topic, 'messaging.kafka.offset': messages[0].offset, 'messaging.batch.message_count': messages.length },
        // One span for the batch, linked to each message's producer trace.
        links: messages.flatMap((m): Link[] => {
          const linked = trace.getSpanContext(propagation.extract(ROOT_CONTEXT, m.headers));
          return linked ? [{ context: linked }] : [];
        }),
      },
      async (span) => {
        try {
          const handled = await this.dataSource.transaction(async (manager) => {
            // An event delivered twice in the batch is handled at its first delivery. Ids compared
            // as PostgreSQL returns them (uuid: lower case).
            const idOf = (d: DecodedMessage) => d.eventId.toLowerCase();
            const seen = new Set<string>();
            const unique = decoded.filter((d) => !seen.has(idOf(d)) && seen.add(idOf(d)));
            const inserted: Array<{ event_id: string }> = await manager.query(
              `INSERT INTO inbox_message (consumer, event_id, topic, partition, "offset")
               SELECT $1, * FROM unnest($2::uuid[], $3::text[], $4::int[], $5::bigint[])
               ON CONFLICT (consumer, event_id) DO NOTHING RETURNING event_id`,
              [this.options.groupId, unique.map((d) => d.eventId), unique.map((d) => d.message.topic), unique.map((d) => d.message.partition), unique.map((d) => d.message.offset)],
            );
            const fresh = new Set(inserted.map((row) => row.event_id));
            const todo = unique.filter((d) => fresh.has(idOf(d)));
            const writes: Array<() => Promise<void>> = [];
            const batch: EventBatch = { events: todo.map((d) => d.event), state: new Map(), beforeCommit: (write) => void writes.push(write) };
            const flushOutbox = collectOutbox(manager);
            for (const d of todo) {
              await d.handler(d.event, { ...d.message, eventId: d.eventId, correlationId: d.correlationId, manager, batch });
            }
            for (const write of writes) await write();
            await flushOutbox();
            return todo.length;
          });
          if (handled < messages.length) this.options.log?.info({ topic, partition, skipped: messages.length - handled }, 'duplicate events skipped');
          return true;
        } catch (error) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
          this.options.log?.warn({ topic, partition, offset: messages[0].offset, messages: messages.length, err: (error as Error).message }, 'batch failed, handling its messages one by one');
          return false;
        } finally {
          span.end();
        }
      },
    );
  }

  private async process(message: IncomingMessage): Promise<void> {
    const codec = this.codecs.get(message.topic);
    const handler = this.options.handlers.get(message.topic);
    if (!codec || !handler) return this.toDlq(message, `no handler for topic ${message.topic} in ${this.options.groupId}`);
    let event: unknown;
    try {
      if (!message.value) throw new Error('message has no value');
      event = codec.decode(message.value);
    } catch (error) {
      return this.toDlq(message, `undecodable ${message.topic} message: ${(error as Error).message}`);
    }
    const problems = codec.validate(event);
    if (problems.length > 0) return this.toDlq(message, `invalid ${message.topic} event: ${problems.join('; ')}`);
    const ids = codec.ids(event);

    const maxAttempts = this.options.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.dataSource.transaction(async (manager) => {
          const fresh = await manager.query(
            `INSERT INTO inbox_message (consumer, event_id, topic, partition, "offset") VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (consumer, event_id) DO NOTHING RETURNING event_id`,
            [this.options.groupId, ids.eventId, message.topic, message.partition, message.offset],
          );
          if (fresh.length === 0) {
            this.options.log?.info({ topic: message.topic, eventId: ids.eventId }, 'duplicate event skipped');
            return;
          }
          await handler(event, { ...message, eventId: ids.eventId, correlationId: ids.correlationId, manager });
        });
        return;
      } catch (error) {
        if (isPermanent(error)) return this.toDlq(message, (error as Error).message);
        if (attempt >= maxAttempts) {
          return this.toDlq(message, `gave up after ${attempt} attempts: ${(error as Error).message}`);
        }
        const wait = (this.options.backoffMs ?? 200) * 2 ** (attempt - 1);
        this.options.log?.warn({ topic: message.topic, eventId: ids.eventId, attempt, wait, err: (error as Error).message }, 'event failed, retrying');
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  private async toDlq(message: IncomingMessage, reason: string): Promise<void> {
    this.options.log?.error({ topic: message.topic, partition: message.partition, offset: message.offset, reason }, 'event sent to DLQ');
    await this.broker.publish([
      {
        topic: dlqTopic(message.topic),
        key: message.key ?? '',
        value: message.value ?? Buffer.alloc(0),
        headers: {
          ...message.headers,
          'dlq-reason': reason,
          'dlq-topic': message.topic,
          'dlq-partition': String(message.partition),
          'dlq-offset': message.offset,
          'dlq-consumer': this.options.groupId,
          'dlq-failed-at': new Date().toISOString(),
        },
      },
    ]);
  }
}
