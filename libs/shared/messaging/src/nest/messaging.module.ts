import { BeforeApplicationShutdown, DynamicModule, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { DataSource, EntityManager } from 'typeorm';
import type { KafkaSettings } from '@itops/shared/config';
import { allTopics, messageKey, TopicDefinition } from '@itops/shared/contracts';
import { KafkajsBroker } from '../broker/kafkajs-broker';
import { dlqTopic, MessageBroker } from '../broker/message-broker';
import { codecFor } from '../contract-codec';
import { addToOutbox } from '../outbox/outbox.writer';
import { OutboxRelay } from '../outbox/outbox.relay';

export const MESSAGE_BROKER = Symbol('MESSAGE_BROKER');
const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

export interface MessagingModuleOptions {
  kafka: KafkaSettings;
  /** Advisory lock key of this service's outbox relay. */
  relayLockKey: number;
  partitions?: number;
}

/** Writes events to the outbox in the caller's transaction; the relay publishes them. */
@Injectable()
export class EventPublisher {
  constructor(private readonly relay: OutboxRelay) {}

  async publish<Desc extends DescMessage>(manager: EntityManager, topic: TopicDefinition<Desc>, event: MessageShape<Desc>): Promise<void> {
    await addToOutbox(manager, codecFor(topic), messageKey(topic, event), event);
    setTimeout(() => this.relay.nudge(), 10);
  }
}

@Injectable()
class MessagingLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Messaging');

  constructor(
    @Inject(MESSAGE_BROKER) private readonly broker: MessageBroker,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
    private readonly relay: OutboxRelay,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.broker.connect();
    const partitions = this.options.partitions ?? 3;
    await this.broker.ensureTopics(allTopics.flatMap((t) => [{ topic: t.name, partitions }, { topic: dlqTopic(t.name), partitions: 1 }]));
    this.relay.start();
  }

  /** Drains the outbox while the database is still open (TypeORM closes it on shutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
    this.logger.log('outbox drained');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.broker.close();
  }
}

/**
 * Kafka for one service: the broker adapter, the outbox relay (started at boot, drained at
 * shutdown) and the EventPublisher. Consumers are served by KafkaEventTransport.
 */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        {
          provide: MESSAGE_BROKER,
          useFactory: () => {
            const logger = new Logger('Kafka');
            return new KafkajsBroker(options.kafka, {
              warn: (obj, msg) => logger.warn({ ...obj, msg }),
              error: (obj, msg) => logger.error({ ...obj, msg }),
            });
          },
        },
        {
          provide: OutboxRelay,
          inject: [DataSource, MESSAGE_BROKER],
          useFactory: (dataSource: DataSource, broker: MessageBroker) => {
            const logger = new Logger('OutboxRelay');
            return new OutboxRelay(dataSource, broker, { lockKey: options.relayLockKey, onError: (e) => logger.error(`publish failed: ${String(e)}`) });
          },
        },
        EventPublisher,
        MessagingLifecycle,
      ],
      exports: [MESSAGE_BROKER, EventPublisher],
    };
  }
}
