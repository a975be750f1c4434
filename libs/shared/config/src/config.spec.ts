import { z } from 'zod';
import { ConfigException, kafkaSettings, loadConfig, serviceSchema } from './config';

describe('loadConfig', () => {
  const base = { ITOPS_PG_DATABASE: 'itops_billing' };

  it('fills the local-stack defaults', () => {
    const config = loadConfig(serviceSchema, base);
    expect(config.ITOPS_PG_PORT).toBe(55432);
    expect(config.ITOPS_KAFKA_BROKERS).toBe('127.0.0.1:59092');
    expect(config.ITOPS_PG_SSL).toBe(false);
  });

  it.each([
    ['ITOPS_PG_PORT', '70000', /ITOPS_PG_PORT: .*65535.*got "70000"/],
    ['ITOPS_KAFKA_BROKERS', 'localhost', /ITOPS_KAFKA_BROKERS: must be host:port/],
    ['ITOPS_PG_SSL', 'yes', /ITOPS_PG_SSL: must be "true" or "false"/],
    ['ITOPS_LOG_LEVEL', 'loud', /ITOPS_LOG_LEVEL: .*got "loud"/],
    ['ITOPS_PG_DATABASE', 'Bad-Name', /ITOPS_PG_DATABASE: must be a lower-case PostgreSQL identifier/],
  ])('names %s when it is %s', (name, value, message) => {
    expect(() => loadConfig(serviceSchema, { ...base, [name]: value })).toThrow(message);
  });

  it('names a missing mandatory variable', () => {
    expect(() => loadConfig(serviceSchema, {})).toThrow(/ITOPS_PG_DATABASE: .*not set/);
  });

  it('never prints a secret value', () => {
    const schema = z.object({ ITOPS_LDAP_BIND_PASSWORD: z.string().min(12) });
    try {
      loadConfig(schema, { ITOPS_LDAP_BIND_PASSWORD: 'short' });
      throw new Error('expected a ConfigException');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigException);
      expect((error as Error).message).toContain('value hidden');
      expect((error as Error).message).not.toContain('short');
    }
  });

  it('splits brokers and takes SASL only when complete', () => {
    const config = loadConfig(serviceSchema, { ...base, ITOPS_KAFKA_BROKERS: 'a:1, b:2', ITOPS_KAFKA_SASL_MECHANISM: 'plain' });
    expect(kafkaSettings(config, 'billing')).toEqual({ brokers: ['a:1', 'b:2'], clientId: 'billing', ssl: false, sasl: undefined });
  });
});
