import { context, propagation, trace, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { DataSource, EntityManager } from 'typeorm';
import { dlqTopic, IncomingMessage, MessageBroker, Subscription } from '../broker/message-broker';
import type { EventCodec } from '../event-codec';
import { isPermanent } from '../messaging.exception';

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
  log?: ConsumerLog;
}

const tracer = trace.getTracer('itops-messaging');

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
    await this.broker.ensureTopics(topics.flatMap((topic) => [{ topic, partitions }, { topic: dlqTopic(topic), partitions: 1 }]));
    this.subscription = await this.broker.subscribe({
      groupId: this.options.groupId,
      topics,
      handle: (message) => this.handle(message),
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
