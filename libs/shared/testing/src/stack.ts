import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { Kafka, logLevel } from 'kafkajs';
import { kafkaSchema, kafkaSettings, loadConfig, postgresSchema, postgresSettings, PostgresSettings, KafkaSettings } from '@itops/shared/config';

/**
 * Helpers for integration tests against the local stack (`itops stack up`). Each test file gets
 * its own database and its own topic names, so files never see each other's data.
 */
export const stackPostgres = (database = 'postgres'): PostgresSettings =>
  postgresSettings(loadConfig(postgresSchema, { ...process.env, ITOPS_PG_DATABASE: database }));

export const stackKafka = (clientId = 'itops-test'): KafkaSettings => kafkaSettings(loadConfig(kafkaSchema, process.env), clientId);

export const uniqueName = (prefix: string): string => `${prefix}_${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

async function admin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const s = stackPostgres('postgres');
  const client = new Client({ host: s.host, port: s.port, user: s.user, password: s.password, database: s.database });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database for one test file; returns its settings and a function that drops it. */
export async function createTestDatabase(prefix = 'itops_t'): Promise<{ pg: PostgresSettings; drop: () => Promise<void> }> {
  const name = uniqueName(prefix).toLowerCase();
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  return {
    pg: stackPostgres(name),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

export interface ReadMessage {
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  partition: number;
  offset: string;
}

/** Reads a topic from the beginning until `count` messages arrived or the timeout passed. */
export async function readTopic(topic: string, count: number, timeoutMs = 20_000): Promise<ReadMessage[]> {
  const kafka = new Kafka({ clientId: 'itops-test-reader', brokers: stackKafka().brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: uniqueName('reader') });
  const messages: ReadMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  try {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      void consumer.run({
        eachMessage: async ({ message, partition }) => {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(message.headers ?? {})) if (v !== undefined) headers[k] = String(v);
          messages.push({ key: message.key?.toString() ?? null, value: message.value, headers, partition, offset: message.offset });
          if (messages.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return messages;
}

/** Polls `probe` until it returns a truthy value or the timeout passes (then throws with `what`). */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 20_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
