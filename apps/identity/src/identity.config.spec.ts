import { loadConfig } from '@itops/shared/config';
import { directorySettings, identityConfigSchema } from './identity.config';

describe('identity config', () => {
  it('defaults to the local stack', () => {
    const config = loadConfig(identityConfigSchema, {});
    expect(config).toMatchObject({
      ITOPS_PG_DATABASE: 'itops_identity',
      ITOPS_HTTP_PORT: 3102,
      ITOPS_LDAP_URL: 'ldaps://127.0.0.1:636',
      ITOPS_LDAP_BIND_DN: 'CN=Administrator,CN=Users,DC=itops,DC=test',
      ITOPS_LDAP_BASE_DN: 'DC=itops,DC=test',
      ITOPS_LDAP_MANAGED_OU: 'OU=itops,DC=itops,DC=test',
      ITOPS_AD_UPN_DOMAIN: 'itops.test',
      ITOPS_IDENTITY_LEAD_DAYS: 14,
      ITOPS_IDENTITY_RETENTION_DAYS: 90,
      ITOPS_IDENTITY_MOVER_TRANSITION_DAYS: 30,
      ITOPS_IDENTITY_BOOKING_LEAD_MINUTES: 60,
      ITOPS_IDENTITY_BOOKING_GRACE_MINUTES: 60,
      ITOPS_IDENTITY_LIFECYCLE_INTERVAL_SECONDS: 60,
      ITOPS_IDENTITY_RECONCILE_MAX_REMOVAL_SHARE: 0.05,
      ITOPS_IDENTITY_RECONCILE_INTERVAL_SECONDS: 0,
    });
    expect(config.ITOPS_LDAP_CA_FILE).toBeUndefined();
  });

  it('puts the managed OU below another base DN by default', () => {
    const config = loadConfig(identityConfigSchema, { ITOPS_LDAP_BASE_DN: 'DC=goteborg,DC=se' });
    expect(config.ITOPS_LDAP_MANAGED_OU).toBe('OU=itops,DC=goteborg,DC=se');
  });

  it('hands the TLS settings to the directory client', () => {
    const config = loadConfig(identityConfigSchema, { ITOPS_LDAP_CA_FILE: __filename, ITOPS_LDAP_TLS_SERVERNAME: 'ITOPS-DC.itops.test' });
    expect(directorySettings(config)).toMatchObject({ caFile: __filename, tlsServername: 'ITOPS-DC.itops.test' });
  });

  it.each([
    ['ITOPS_LDAP_URL', 'ldap://127.0.0.1:389', /ITOPS_LDAP_URL: must be an ldaps:\/\/ URL/],
    ['ITOPS_LDAP_URL', 'https://dc1', /ITOPS_LDAP_URL: must be an ldaps:\/\/ URL/],
    ['ITOPS_LDAP_BASE_DN', 'itops.test', /ITOPS_LDAP_BASE_DN: must be a DN/],
    ['ITOPS_LDAP_MANAGED_OU', 'OU=itops,DC=other,DC=test', /ITOPS_LDAP_MANAGED_OU: must be below ITOPS_LDAP_BASE_DN/],
    ['ITOPS_LDAP_MANAGED_OU', 'DC=itops,DC=test', /ITOPS_LDAP_MANAGED_OU: must be below ITOPS_LDAP_BASE_DN/],
    ['ITOPS_LDAP_CA_FILE', '/nonexistent/ca.pem', /ITOPS_LDAP_CA_FILE: must name a readable PEM file/],
    ['ITOPS_LDAP_TLS_SERVERNAME', 'dc 1', /ITOPS_LDAP_TLS_SERVERNAME: must be a DNS name/],
    ['ITOPS_AD_UPN_DOMAIN', 'ITOPS', /ITOPS_AD_UPN_DOMAIN: must be a lower-case DNS name/],
    ['ITOPS_IDENTITY_LEAD_DAYS', '-1', /ITOPS_IDENTITY_LEAD_DAYS: .*(0|greater)/],
    ['ITOPS_IDENTITY_LEAD_DAYS', '2.5', /ITOPS_IDENTITY_LEAD_DAYS: must be a whole number of days/],
    ['ITOPS_IDENTITY_RETENTION_DAYS', '-1', /ITOPS_IDENTITY_RETENTION_DAYS: .*(0|greater)/],
    ['ITOPS_IDENTITY_RETENTION_DAYS', '1.5', /ITOPS_IDENTITY_RETENTION_DAYS: must be a whole number of days/],
    ['ITOPS_IDENTITY_MOVER_TRANSITION_DAYS', '366', /ITOPS_IDENTITY_MOVER_TRANSITION_DAYS: .*365/],
    ['ITOPS_IDENTITY_BOOKING_LEAD_MINUTES', '1441', /ITOPS_IDENTITY_BOOKING_LEAD_MINUTES: .*1440/],
    ['ITOPS_IDENTITY_BOOKING_GRACE_MINUTES', 'soon', /ITOPS_IDENTITY_BOOKING_GRACE_MINUTES: /],
    ['ITOPS_IDENTITY_LIFECYCLE_INTERVAL_SECONDS', '-5', /ITOPS_IDENTITY_LIFECYCLE_INTERVAL_SECONDS: .*(0|greater)/],
    ['ITOPS_IDENTITY_RECONCILE_MAX_REMOVAL_SHARE', '1.5', /ITOPS_IDENTITY_RECONCILE_MAX_REMOVAL_SHARE: must be a share from 0 to 1/],
    ['ITOPS_IDENTITY_RECONCILE_MAX_REMOVAL_SHARE', '-0.1', /ITOPS_IDENTITY_RECONCILE_MAX_REMOVAL_SHARE: must be a share from 0 to 1/],
    ['ITOPS_IDENTITY_RECONCILE_INTERVAL_SECONDS', '60.5', /ITOPS_IDENTITY_RECONCILE_INTERVAL_SECONDS: must be a whole number of seconds/],
  ])('names %s when it is %j', (name, value, message) => {
    expect(() => loadConfig(identityConfigSchema, { [name]: value })).toThrow(message);
  });

  it('turns the scheduled lifecycle off with an interval of 0', () => {
    expect(loadConfig(identityConfigSchema, { ITOPS_IDENTITY_LIFECYCLE_INTERVAL_SECONDS: '0' }).ITOPS_IDENTITY_LIFECYCLE_INTERVAL_SECONDS).toBe(0);
  });

  it('never prints the bind password', () => {
    expect(() => loadConfig(identityConfigSchema, { ITOPS_LDAP_BIND_PASSWORD: '' })).toThrow(/ITOPS_LDAP_BIND_PASSWORD: .*\(value hidden\)/);
  });

  it('accepts a managed OU below the base, whatever the case', () => {
    const config = loadConfig(identityConfigSchema, { ITOPS_LDAP_MANAGED_OU: 'OU=Konton,OU=itops,dc=itops,dc=test' });
    expect(config.ITOPS_LDAP_MANAGED_OU).toBe('OU=Konton,OU=itops,dc=itops,dc=test');
  });
});
