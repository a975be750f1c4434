import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { v7 as uuidv7 } from 'uuid';
import { EnvelopeSchema } from './gen/itops/common/v1/envelope_pb';
import type { Envelope } from './gen/itops/common/v1/envelope_pb';

export interface NewEnvelopeOptions {
  /** Producing service, e.g. 'hr-feed'. */
  source: string;
  /** Full protobuf name of the payload, e.g. `Topics.hrEmployment.eventType`. */
  eventType: string;
  /** Correlation id of the chain this event continues; a new chain starts with the event id. */
  correlationId?: string;
  /** Event id (or request id) that directly caused this event; empty when none. */
  causationId?: string;
  /** Payload schema version within the topic version; 1 unless the payload has evolved. */
  schemaVersion?: number;
  /** When the business change happened; now unless given. */
  occurredAt?: Date;
}

/** A fresh envelope: a new UUIDv7 event id (time-ordered, so inbox indexes stay compact). */
export function newEnvelope(options: NewEnvelopeOptions): Envelope {
  const eventId = uuidv7();
  return create(EnvelopeSchema, {
    eventId,
    occurredAt: timestampFromDate(options.occurredAt ?? new Date()),
    source: options.source,
    correlationId: options.correlationId || eventId,
    causationId: options.causationId ?? '',
    schemaVersion: options.schemaVersion ?? 1,
    eventType: options.eventType,
  });
}
