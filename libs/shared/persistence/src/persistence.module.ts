import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { PostgresSettings } from '@itops/shared/config';
import { dataSourceOptions, ServiceSchema } from './data-source';

/** The service's own PostgreSQL database through TypeORM; exports DataSource and the repositories. */
@Module({})
export class PersistenceModule {
  static forRoot(pg: PostgresSettings, schema: ServiceSchema): DynamicModule {
    return {
      module: PersistenceModule,
      global: true,
      imports: [TypeOrmModule.forRoot({ ...dataSourceOptions(pg, schema), retryAttempts: 3, retryDelay: 1000 })],
      exports: [TypeOrmModule],
    };
  }
}
