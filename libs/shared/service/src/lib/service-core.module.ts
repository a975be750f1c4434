import { DynamicModule, INestApplication, Module } from '@nestjs/common';
import { AuthModule } from '@itops/shared/auth';
import { kafkaSettings, postgresSettings, ServiceConfig } from '@itops/shared/config';
import type { TopicDefinition } from '@itops/shared/contracts';
import { codecFor, KafkaEventTransport, MESSAGE_BROKER, MessageBroker, MessagingModule } from '@itops/shared/messaging';
import { assertSchemaCurrent, DataSource, PersistenceModule, ServiceSchema } from '@itops/shared/persistence';
import { HealthModule } from './health/health.module';

export interface ServiceCoreOptions {
  /** Service name: Kafka client id and consumer group. */
  name: string;
  config: ServiceConfig;
  schema: ServiceSchema;
  /** Advisory lock key of the service's outbox relay, unique per service database. */
  relayLockKey: number;
}

/**
 * What every service has: its own database (migrations applied by the migrate job, checked
 * at readiness), Kafka with outbox relay, JWT authentication with roles on every route, and
 * health, readiness and metrics endpoints.
 */
@Module({})
export class ServiceCoreModule {
  static forRoot(options: ServiceCoreOptions): DynamicModule {
    const { config } = options;
    return {
      module: ServiceCoreModule,
      imports: [
        PersistenceModule.forRoot(postgresSettings(config), options.schema),
        MessagingModule.forRoot({ kafka: kafkaSettings(config, options.name), relayLockKey: options.relayLockKey }),
        AuthModule.forRoot({ issuer: config.ITOPS_OIDC_ISSUER, audience: config.ITOPS_OIDC_AUDIENCE, jwksUrl: config.ITOPS_OIDC_JWKS_URL }),
        HealthModule.forRootAsync({
          inject: [DataSource, MESSAGE_BROKER],
          useFactory: (dataSource: DataSource, broker: MessageBroker) => ({
            checks: {
              postgres: () => assertSchemaCurrent(dataSource),
              kafka: async () => {
                if (!broker.isConnected()) throw new Error('not connected to Kafka');
              },
            },
          }),
        }),
      ],
    };
  }
}

/**
 * Serves the app's `@EventPattern(topic)` handlers from Kafka with inbox, retries and DLQ;
 * `batchSize` above 1 handles that many messages of a partition per transaction.
 */
export function connectEventHandlers(app: INestApplication, groupId: string, topics: TopicDefinition[], options: { batchSize?: number } = {}): void {
  app.connectMicroservice(
    {
      strategy: new KafkaEventTransport({
        broker: app.get(MESSAGE_BROKER),
        dataSource: app.get(DataSource),
        groupId,
        codecs: topics.map((t) => codecFor(t)),
        batchSize: options.batchSize,
      }),
    },
    { inheritAppConfig: true },
  );
}
