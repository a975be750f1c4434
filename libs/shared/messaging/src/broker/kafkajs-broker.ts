import { Kafka, logLevel, Producer, Consumer, LogEntry, IHeaders, KafkaMessage } from 'kafkajs';
import type { KafkaSettings } from '@itops/shared/config';
import type { IncomingMessage, MessageBroker, OutgoingMessage, SubscribeOptions, Subscription, TopicSpec } from './message-broker';

export interface BrokerLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

const toStringHeaders = (headers: IHeaders | undefined): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const first = Array.isArray(value) ? value[0] : value;
    out[name] = Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
  }
  return out;
};

/**
 * kafkajs behind MessageBroker. One idempotent producer per process; consumers use batch
 * consumption with explicit offset resolution, so an offset is committed only after its
 * message was handled.
 */
export class KafkajsBroker implements MessageBroker {
  private readonly kafka: Kafka;
  private producer?: Producer;
  private readonly consumers = new Set<Consumer>();
  private connected = false;

  constructor(settings: KafkaSettings, private readonly log?: BrokerLog) {
    this.kafka = new Kafka({
      clientId: settings.clientId,
      brokers: settings.brokers,
      ssl: settings.ssl,
      sasl: settings.sasl as never,
      logLevel: logLevel.WARN,
      logCreator: () => (entry: LogEntry) => {
        const { message, ...rest } = entry.log;
        if (entry.level <= logLevel.ERROR) this.log?.error({ namespace: entry.namespace, ...rest }, message);
        else this.log?.warn({ namespace: entry.namespace, ...rest }, message);
      },
      retry: { retries: 8, initialRetryTime: 200 },
    });
  }

  async connect(): Promise<void> {
    await this.connectedProducer();
  }

  private async connectedProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: true });
    producer.on(producer.events.DISCONNECT, () => (this.connected = false));
    await producer.connect();
    this.producer = producer;
    this.connected = true;
    return producer;
  }

  isConnected(): boolean {
    return this.connected;
  }

  async publish(messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const producer = await this.connectedProducer();
    const byTopic = new Map<string, OutgoingMessage[]>();
    for (const m of messages) byTopic.set(m.topic, [...(byTopic.get(m.topic) ?? []), m]);
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({
        topic,
        messages: list.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
      })),
    });
  }

  async ensureTopics(topics: TopicSpec[]): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = topics.filter((t) => !existing.has(t.topic));
      if (missing.length > 0) {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((t) => ({ topic: t.topic, numPartitions: t.partitions })),
        });
      }
    } finally {
      await admin.disconnect();
    }
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    const consumer = this.kafka.consumer({ groupId: options.groupId, allowAutoTopicCreation: false, retry: { retries: 10 } });
    this.consumers.add(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning ?? true });
    await consumer.run({
      autoCommit: true,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 3,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary }) => {
        const incoming = (message: KafkaMessage): IncomingMessage => ({
          topic: batch.topic,
          partition: batch.partition,
          offset: message.offset,
          key: message.key ? message.key.toString('utf8') : null,
          value: message.value,
          headers: toStringHeaders(message.headers),
        });
        const { handleBatch } = options;
        // Per message unless the subscriber handles batches: a chunk of the fetched batch at a
        // time, its last offset resolved only after the whole chunk was handled.
        const size = handleBatch ? Math.max(1, options.batchSize ?? 100) : 1;
        for (let start = 0; start < batch.messages.length; start += size) {
          if (!isRunning() || isStale()) break;
          const chunk = batch.messages.slice(start, start + size);
          if (handleBatch) await handleBatch(chunk.map(incoming), { heartbeat });
          else await options.handle(incoming(chunk[0]));
          resolveOffset(chunk[chunk.length - 1].offset);
          await heartbeat();
        }
        await commitOffsetsIfNecessary();
      },
    });
    return {
      stop: async () => {
        await consumer.disconnect();
        this.consumers.delete(consumer);
      },
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.consumers].map((c) => c.disconnect()));
    this.consumers.clear();
    await this.producer?.disconnect();
    this.producer = undefined;
    this.connected = false;
  }
}
