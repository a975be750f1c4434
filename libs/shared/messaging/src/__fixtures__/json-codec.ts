import type { EventCodec } from '../event-codec';

/** A minimal codec for the messaging specs: the mechanism under test does not depend on any one contract. */
export interface TestEvent {
  eventId: string;
  account: string;
  amount: number;
  poison?: boolean;
}

export const jsonCodec = (topic: string): EventCodec<TestEvent> => ({
  topic,
  encode: (e) => Buffer.from(JSON.stringify(e)),
  decode: (bytes) => JSON.parse(Buffer.from(bytes).toString('utf8')) as TestEvent,
  validate: (e) => (typeof e.eventId === 'string' && typeof e.account === 'string' ? [] : ['eventId and account are required']),
  ids: (e) => ({ eventId: e.eventId, eventType: 'test.event', correlationId: e.eventId }),
});
