/** How the messaging layer reads and writes one topic's events; built from the contracts catalogue. */
export interface EventCodec<T = unknown> {
  topic: string;
  encode(event: T): Uint8Array;
  decode(bytes: Uint8Array): T;
  /** Problems that make the event unusable; empty when it is valid. */
  validate(event: T): string[];
  /** The envelope's ids, for the inbox (dedup) and the headers. */
  ids(event: T): { eventId: string; eventType: string; correlationId: string };
}
