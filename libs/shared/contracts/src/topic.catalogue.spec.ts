import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validEmploymentChanged, validEventsByTopic, validInvoiceIssued } from './__fixtures__/valid-events';
import { allTopics, findTopic, messageKey, topicForSchema, Topics } from './topic.catalogue';
import { UsageRecordedSchema } from './gen/itops/metering/v1/usage_pb';

const repoRoot = join(__dirname, '../../../..');

describe('topic catalogue', () => {
  it.each(allTopics.map((t) => [t.name, t] as const))('%s is named <domain>.<entity>.v<N> and typed', (name, topic) => {
    expect(name).toMatch(/^[a-z]+\.[a-z]+\.v[1-9]\d*$/);
    expect(topic.eventType).toBe(topic.schema.typeName);
    // The key field exists on the message and is set on a valid one.
    const message = validEventsByTopic[name]();
    expect(messageKey(topic, message)).not.toBe('');
    expect(topic.consumers).not.toContain(topic.producer);
  });

  it('has one topic per name and per message type', () => {
    expect(new Set(allTopics.map((t) => t.name)).size).toBe(allTopics.length);
    expect(new Set(allTopics.map((t) => t.schema.typeName)).size).toBe(allTopics.length);
  });

  it('keys messages by their aggregate id', () => {
    const employment = validEmploymentChanged();
    expect(messageKey(Topics.hrEmployment, employment)).toBe(employment.personId);
    const invoice = validInvoiceIssued();
    expect(messageKey(Topics.billingInvoice, invoice)).toBe('N138');
  });

  it('finds topics by name and by schema', () => {
    expect(findTopic('metering.usage.v1')).toBe(Topics.meteringUsage);
    expect(findTopic('metering.usage.v2')).toBeUndefined();
    expect(topicForSchema(UsageRecordedSchema)).toBe(Topics.meteringUsage);
  });

  it('is documented in docs/topics.md with its key, producer and consumers', () => {
    const doc = readFileSync(join(repoRoot, 'docs/topics.md'), 'utf8');
    for (const topic of allTopics) {
      const row = doc.split('\n').find((line) => line.startsWith(`| \`${topic.name}\``));
      expect(row).toBeDefined();
      const snakeKey = topic.keyField.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
      expect(row).toContain(`\`${snakeKey}\``);
      expect(row).toContain(topic.schema.typeName);
      expect(row).toContain(topic.producer);
      for (const consumer of topic.consumers) expect(row).toContain(consumer);
    }
  });
});
