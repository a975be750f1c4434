/**
 * Our small interface to the event broker. Services and the outbox/inbox machinery speak only
 * this; the Kafka client behind it (kafkajs today) can be swapped without touching them.
 */
export interface OutgoingMessage {
  topic: string;
  /** The aggregate id (person, account, device, customer), so one aggregate's events stay in order. */
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

export interface IncomingMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

export interface SubscribeOptions {
  groupId: string;
  topics: string[];
  fromBeginning?: boolean;
  /**
   * Called once per message, in order within a partition. The offset is committed after it
   * returns; a throw means "the infrastructure is failing, try this message again later".
   */
  handle: (message: IncomingMessage) => Promise<void>;
  /**
   * Opt-in batch handling: when given, up to `batchSize` consecutive messages of one partition
   * (in partition order) are handed over at once, and their offsets are committed after it
   * returns; a throw means "try these messages again later", as for `handle`.
   */
  handleBatch?: (messages: IncomingMessage[], session: BatchSession) => Promise<void>;
  /** Most messages per `handleBatch` call; default 100. */
  batchSize?: number;
}

/** What a batch handler may tell the broker while it works through a long batch. */
export interface BatchSession {
  /** Keeps the consumer's group membership alive (cheap: the broker sends one only when due). */
  heartbeat(): Promise<void>;
}

export interface Subscription {
  stop(): Promise<void>;
}

export interface TopicSpec {
  topic: string;
  partitions: number;
}

export interface MessageBroker {
  connect(): Promise<void>;
  publish(messages: OutgoingMessage[]): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  ensureTopics(topics: TopicSpec[]): Promise<void>;
  isConnected(): boolean;
  close(): Promise<void>;
}

/** Kafka topic for messages that failed permanently on `topic`. */
export const dlqTopic = (topic: string): string => `${topic}.dlq`;
