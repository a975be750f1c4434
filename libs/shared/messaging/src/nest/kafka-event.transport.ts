import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { lastValueFrom, isObservable } from 'rxjs';
import type { DataSource } from 'typeorm';
import type { MessageBroker } from '../broker/message-broker';
import { ConsumerLog, EventConsumer, EventContext, EventHandler } from '../consumer/event-consumer';
import type { EventCodec } from '../event-codec';

export interface KafkaEventTransportOptions {
  broker: MessageBroker;
  dataSource: DataSource;
  groupId: string;
  codecs: EventCodec[];
  maxAttempts?: number;
  backoffMs?: number;
  /** Messages of one partition per transaction (EventConsumerOptions.batchSize); default 1. */
  batchSize?: number;
  log?: ConsumerLog;
}

/**
 * Serves `@EventPattern('<topic>')` handlers from our Kafka adapter (see
 * docs/decisions/0002-event-handlers.md). A handler receives the decoded, validated event as
 * its payload and an EventContext (`@Ctx()`) whose `manager` is the inbox transaction.
 */
export class KafkaEventTransport extends Server implements CustomTransportStrategy {
  private consumer?: EventConsumer;

  constructor(private readonly options: KafkaEventTransportOptions) {
    super();
  }

  async listen(callback: (...optionalParams: unknown[]) => void): Promise<void> {
    try {
      const handlers = new Map<string, EventHandler>();
      for (const pattern of this.messageHandlers.keys()) {
        handlers.set(pattern, async (event: unknown, ctx: EventContext) => {
          const handler = this.getHandlerByPattern(pattern);
          if (!handler) throw new Error(`no handler for ${pattern}`);
          const result: unknown = await handler(event, ctx);
          if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
        });
      }
      this.consumer = new EventConsumer(this.options.dataSource, this.options.broker, {
        groupId: this.options.groupId,
        codecs: this.options.codecs,
        handlers,
        maxAttempts: this.options.maxAttempts,
        backoffMs: this.options.backoffMs,
        batchSize: this.options.batchSize,
        log: this.options.log,
      });
      await this.consumer.start();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    await this.consumer?.stop();
  }

  on(): never {
    throw new Error('KafkaEventTransport has no events to listen to');
  }

  unwrap<T>(): T {
    return this.options.broker as T;
  }
}
