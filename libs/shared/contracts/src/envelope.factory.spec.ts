import { timestampDate } from '@bufbuild/protobuf/wkt';
import type { Timestamp } from '@bufbuild/protobuf/wkt';
import { validate, version } from 'uuid';
import { newEnvelope } from './envelope.factory';

function millis(timestamp: Timestamp | undefined): number {
  if (!timestamp) throw new Error('occurred_at is missing');
  return timestampDate(timestamp).getTime();
}

describe('newEnvelope', () => {
  const base = { source: 'hr-feed', eventType: 'itops.hr.v1.EmploymentChanged' };

  it('gives a UUIDv7 event id, distinct for every envelope and increasing in time', () => {
    const ids = Array.from({ length: 1000 }, () => newEnvelope(base).eventId);
    for (const id of ids) {
      expect(validate(id)).toBe(true);
      expect(version(id)).toBe(7);
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('stamps occurred_at with now unless given', () => {
    const before = Date.now();
    const envelope = newEnvelope(base);
    const occurred = millis(envelope.occurredAt);
    expect(occurred).toBeGreaterThanOrEqual(before - 1);
    expect(occurred).toBeLessThanOrEqual(Date.now() + 1);

    const when = new Date('2025-08-01T06:30:00+02:00');
    expect(new Date(millis(newEnvelope({ ...base, occurredAt: when }).occurredAt)).toISOString()).toBe(
      '2025-08-01T04:30:00.000Z',
    );
  });

  it('starts a new chain when no correlation id is given', () => {
    const envelope = newEnvelope(base);
    expect(envelope.correlationId).toBe(envelope.eventId);
    expect(envelope.causationId).toBe('');
  });

  it('continues the chain of the event that caused it', () => {
    const cause = newEnvelope(base);
    const effect = newEnvelope({
      source: 'identity',
      eventType: 'itops.identity.v1.AccountChanged',
      correlationId: cause.correlationId,
      causationId: cause.eventId,
    });
    expect(effect.correlationId).toBe(cause.eventId);
    expect(effect.causationId).toBe(cause.eventId);
    expect(effect.eventId).not.toBe(cause.eventId);
    expect(effect.source).toBe('identity');
    expect(effect.eventType).toBe('itops.identity.v1.AccountChanged');
  });

  it('sets schema version 1 by default and the given one otherwise', () => {
    expect(newEnvelope(base).schemaVersion).toBe(1);
    expect(newEnvelope({ ...base, schemaVersion: 2 }).schemaVersion).toBe(2);
  });
});
