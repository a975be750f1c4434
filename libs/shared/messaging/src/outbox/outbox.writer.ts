import { context, propagation } from '@opentelemetry/api';
import type { EntityManager } from 'typeorm';
import type { EventCodec } from '../event-codec';
import { MessagingException, MessagingExceptionCode } from '../messaging.exception';

/**
 * Writes an event into the outbox table inside the caller's transaction, next to the business
 * change it announces: both commit or neither does. The relay publishes it afterwards.
 */
export async function addToOutbox<T>(manager: EntityManager, codec: EventCodec<T>, key: string, event: T): Promise<void> {
  const problems = codec.validate(event);
  if (problems.length > 0) {
    throw new MessagingException(MessagingExceptionCode.INVALID_EVENT, `refusing to publish an invalid ${codec.topic} event: ${problems.join('; ')}`);
  }
  const ids = codec.ids(event);
  const headers: Record<string, string> = { 'event-id': ids.eventId, 'event-type': ids.eventType, 'correlation-id': ids.correlationId };
  propagation.inject(context.active(), headers);
  await manager.query('INSERT INTO outbox_message (topic, message_key, payload, headers) VALUES ($1, $2, $3, $4)', [
    codec.topic,
    key,
    Buffer.from(codec.encode(event)),
    headers,
  ]);
}
