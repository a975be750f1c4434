import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { decodeEvent, encodeEvent, formatProblems, TopicDefinition, validateEvent } from '@itops/shared/contracts';
import type { EventCodec } from './event-codec';

interface WithEnvelope {
  envelope?: { eventId: string; eventType: string; correlationId: string };
}

/** The codec of a catalogue topic: protobuf on the wire, validated on both sides. */
export function codecFor<Desc extends DescMessage>(topic: TopicDefinition<Desc>): EventCodec<MessageShape<Desc>> {
  return {
    topic: topic.name,
    encode: (event) => encodeEvent(topic.schema, event),
    decode: (bytes) => decodeEvent(topic.schema, bytes),
    validate: (event) => {
      const problems = validateEvent(topic, event);
      return problems.length > 0 ? [formatProblems(problems)] : [];
    },
    ids: (event) => {
      const envelope = (event as WithEnvelope).envelope;
      return { eventId: envelope?.eventId ?? '', eventType: envelope?.eventType ?? topic.eventType, correlationId: envelope?.correlationId ?? '' };
    },
  };
}

