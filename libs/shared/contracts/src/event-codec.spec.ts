import { equals } from '@bufbuild/protobuf';
import { ContractException, ContractExceptionCode } from './contract.exception';
import { decodeEvent, encodeEvent } from './event-codec';
import { validEventsByTopic, validEmploymentChanged } from './__fixtures__/valid-events';
import { EmploymentChangedSchema } from './gen/itops/hr/v1/employment_pb';
import { allTopics } from './topic.catalogue';

describe('encodeEvent / decodeEvent', () => {
  it.each(allTopics.map((topic) => [topic.name, topic] as const))('round-trips a %s message', (name, topic) => {
    const message = validEventsByTopic[name]();
    const bytes = encodeEvent(topic.schema, message);
    expect(bytes.length).toBeGreaterThan(0);
    const decoded = decodeEvent(topic.schema, bytes);
    expect(equals(topic.schema, decoded, message)).toBe(true);
    expect(decoded.$typeName).toBe(topic.schema.typeName);
  });

  it('keeps the envelope, Swedish characters and the protected-identity flag intact', () => {
    const message = validEmploymentChanged();
    const decoded = decodeEvent(EmploymentChangedSchema, encodeEvent(EmploymentChangedSchema, message));
    expect(decoded.envelope?.eventId).toBe(message.envelope?.eventId);
    expect(decoded.envelope?.occurredAt?.seconds).toBe(message.envelope?.occurredAt?.seconds);
    expect(decoded.givenName).toBe('Åsa');
    expect(decoded.employmentRate).toBe(100);
  });

  it('decodes from a Node Buffer, as kafkajs delivers it', () => {
    const message = validEmploymentChanged();
    const buffer = Buffer.from(encodeEvent(EmploymentChangedSchema, message));
    expect(decodeEvent(EmploymentChangedSchema, buffer).personId).toBe(message.personId);
  });

  it('throws UNDECODABLE_EVENT for bytes that are not the schema', () => {
    // Field 1 (envelope) claims 255 bytes but the buffer ends after the length.
    const truncated = new Uint8Array([0x0a, 0xff, 0x01]);
    let thrown: unknown;
    try {
      decodeEvent(EmploymentChangedSchema, truncated);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ContractException);
    expect((thrown as ContractException).code).toBe(ContractExceptionCode.UNDECODABLE_EVENT);
    expect((thrown as ContractException).message).toContain('itops.hr.v1.EmploymentChanged');
  });
});
