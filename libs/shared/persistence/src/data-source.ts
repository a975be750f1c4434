import { DataSource, DataSourceOptions } from 'typeorm';
import type { PostgresSettings } from '@itops/shared/config';
import { QueryErrorLogger } from './query-error.logger';

export interface ServiceSchema {
  /** Entity classes of the service. */
  entities: NonNullable<DataSourceOptions['entities']>;
  /** Migration classes, oldest first. `synchronize` is never used: the schema is what the migrations say. */
  migrations: NonNullable<DataSourceOptions['migrations']>;
}

export function dataSourceOptions(pg: PostgresSettings, schema: ServiceSchema): DataSourceOptions {
  return {
    type: 'postgres',
    host: pg.host,
    port: pg.port,
    database: pg.database,
    username: pg.user,
    password: pg.password,
    ssl: pg.ssl ? { rejectUnauthorized: true } : false,
    entities: schema.entities,
    migrations: schema.migrations,
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: ['error', 'warn', 'migration'],
    logger: new QueryErrorLogger(),
    extra: { max: 10, application_name: pg.database },
  };
}

/** Applies pending migrations and returns their names. Used by each service's migrate entry (a Helm hook Job). */
export async function runMigrations(pg: PostgresSettings, schema: ServiceSchema): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(pg, schema));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}

/** Fails unless migrations are all applied: a service never runs on a schema it does not know. */
export async function assertSchemaCurrent(dataSource: DataSource): Promise<void> {
  if (await dataSource.showMigrations()) {
    throw new Error(`database ${String(dataSource.options.database)} has pending migrations: run the migrate job first`);
  }
}
