import { context, propagation } from '@opentelemetry/api';
import type { EntityManager } from 'typeorm';
import type { EventCodec } from '../event-codec';
import { MessagingException, MessagingExceptionCode } from '../messaging.exception';

type OutboxRow = [topic: string, key: string, payload: Buffer, headers: Record<string, string>];

/** Transactions whose outbox rows are collected and written in one statement before they commit. */
const collecting = new WeakMap<EntityManager, OutboxRow[]>();

/**
 * Writes an event into the outbox table inside the caller's transaction, next to the business
 * change it announces: both commit or neither does. The relay publishes it afterwards.
 * In a transaction that collects its outbox rows (a consumer batch, see `collectOutbox`) the
 * row is written with the others before the commit, in the order the events were added.
 */
export async function addToOutbox<T>(manager: EntityManager, codec: EventCodec<T>, key: string, event: T): Promise<void> {
  const problems = codec.validate(event);
  if (problems.length > 0) {
    throw new MessagingException(MessagingExceptionCode.INVALID_EVENT, `refusing to publish an invalid ${codec.topic} event: ${problems.join('; ')}`);
  }
  const ids = codec.ids(event);
  const headers: Record<string, string> = { 'event-id': ids.eventId, 'event-type': ids.eventType, 'correlation-id': ids.correlationId };
  propagation.inject(context.active(), headers);
  const row: OutboxRow = [codec.topic, key, Buffer.from(codec.encode(event)), headers];
  const collected = collecting.get(manager);
  if (collected) {
    collected.push(row);
    return;
  }
  await manager.query('INSERT INTO outbox_message (topic, message_key, payload, headers) VALUES ($1, $2, $3, $4)', row);
}

/**
 * From now on, outbox rows added through `manager` are kept in memory; the returned function
 * writes them with one INSERT (ids in the order they were added, so the relay keeps each
 * key's order) and ends the collecting. Call it before the transaction commits: rows not
 * written are lost with the transaction, never half-published.
 */
export function collectOutbox(manager: EntityManager): () => Promise<void> {
  const rows: OutboxRow[] = [];
  collecting.set(manager, rows);
  return async () => {
    collecting.delete(manager);
    if (rows.length === 0) return;
    // Arrays and unnest: one statement of four parameters however many rows (cheap to parse),
    // ordered by position so the ids follow the order the events were added.
    await manager.query(
      `INSERT INTO outbox_message (topic, message_key, payload, headers)
       SELECT topic, message_key, payload, headers
         FROM unnest($1::text[], $2::text[], $3::bytea[], $4::jsonb[]) WITH ORDINALITY AS r (topic, message_key, payload, headers, position)
        ORDER BY position`,
      [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2]), rows.map((r) => JSON.stringify(r[3]))],
    );
  };
}
