import { DataSource } from 'typeorm';
import { createTestDatabase, stackKafka, uniqueName } from '@itops/shared/testing';
import { KafkajsBroker } from '../broker/kafkajs-broker';
import { dlqTopic } from '../broker/message-broker';
import { CreateOutboxAndInbox1763800000000 } from '../migrations/1763800000000-CreateOutboxAndInbox';

/** What the messaging specs run on: a fresh database with the outbox and inbox, and a connected broker. */
export interface MessagingStack {
  db: Awaited<ReturnType<typeof createTestDatabase>>;
  dataSource: DataSource;
  broker: KafkajsBroker;
  /** A new topic of `partitions` with its DLQ, named after `prefix`. */
  newTopic(prefix: string, partitions: number): Promise<string>;
  close(): Promise<void>;
}

/** `tables`: the specs' own effect tables, created after the migrations. */
export async function startMessagingStack(clientId: string, tables: readonly string[]): Promise<MessagingStack> {
  const db = await createTestDatabase();
  const dataSource = new DataSource({
    type: 'postgres', host: db.pg.host, port: db.pg.port, username: db.pg.user, password: db.pg.password, database: db.pg.database,
    migrations: [CreateOutboxAndInbox1763800000000],
  });
  await dataSource.initialize();
  await dataSource.runMigrations();
  for (const table of tables) await dataSource.query(table);
  const broker = new KafkajsBroker(stackKafka(clientId));
  await broker.connect();
  return {
    db,
    dataSource,
    broker,
    newTopic: async (prefix, partitions) => {
      const topic = uniqueName(prefix).replace(/_/g, '.');
      await broker.ensureTopics([{ topic, partitions }, { topic: dlqTopic(topic), partitions: 1 }]);
      return topic;
    },
    close: async () => {
      await broker.close();
      await dataSource.destroy();
      await db.drop();
    },
  };
}
