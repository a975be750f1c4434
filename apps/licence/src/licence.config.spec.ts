import { ConfigException, loadConfig } from '@itops/shared/config';
import { licenceConfigSchema } from './licence.config';

describe('licence config', () => {
  it('defaults to the local stack: its database, port, directory, 30 days of grace and 90 of inactivity', () => {
    const config = loadConfig(licenceConfigSchema, {});
    expect(config).toMatchObject({
      ITOPS_PG_DATABASE: 'itops_licence',
      ITOPS_HTTP_PORT: 3103,
      ITOPS_LDAP_URL: 'ldaps://127.0.0.1:636',
      ITOPS_LDAP_MANAGED_OU: 'OU=itops,DC=itops,DC=test',
      ITOPS_LICENCE_LEAVER_GRACE_DAYS: 30,
      ITOPS_LICENCE_INACTIVE_DAYS: 90,
      ITOPS_LICENCE_RELEASE_INTERVAL_SECONDS: 300,
    });
  });

  it.each([
    ['ITOPS_LDAP_URL', 'ldap://dc1.example.org', 'must be an ldaps:// URL'],
    ['ITOPS_LICENCE_LEAVER_GRACE_DAYS', '-1', 'ITOPS_LICENCE_LEAVER_GRACE_DAYS'],
    ['ITOPS_LICENCE_INACTIVE_DAYS', '3', 'ITOPS_LICENCE_INACTIVE_DAYS'],
    ['ITOPS_LICENCE_RELEASE_INTERVAL_SECONDS', '1.5', 'must be a whole number of seconds'],
    ['ITOPS_LDAP_CA_FILE', '/no/such/ca.pem', 'must name a readable PEM file'],
    ['ITOPS_LDAP_MANAGED_OU', 'OU=itops,DC=elsewhere,DC=org', 'must be below ITOPS_LDAP_BASE_DN (DC=itops,DC=test)'],
  ])('refuses %s=%s naming it', (name, value, message) => {
    expect(() => loadConfig(licenceConfigSchema, { [name]: value })).toThrow(ConfigException);
    expect(() => loadConfig(licenceConfigSchema, { [name]: value })).toThrow(message);
  });
});
