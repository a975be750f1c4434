import { DirectoryClient, isEnabled, objectGuid, stringAttribute, tlsOptionsFor } from './directory.client';

describe('objectGuid', () => {
  it('reads AD’s mixed-endian bytes as the GUID string AD shows', () => {
    const bytes = Buffer.from('0403020106050807090a0b0c0d0e0f10', 'hex');
    expect(objectGuid({ dn: 'CN=x', objectGUID: bytes })).toBe('01020304-0506-0708-090a-0b0c0d0e0f10');
  });

  it.each([
    ['missing', { dn: 'CN=x' }],
    ['not 16 bytes', { dn: 'CN=x', objectGUID: Buffer.alloc(4) }],
    ['a string', { dn: 'CN=x', objectGUID: 'abc' }],
  ])('is undefined when %s', (_what, entry) => {
    expect(objectGuid(entry)).toBeUndefined();
  });
});

describe('tlsOptionsFor', () => {
  it('verifies against the CA file and the configured name', () => {
    const options = tlsOptionsFor({ caFile: __filename, tlsServername: 'ITOPS-DC.itops.test' });
    expect(options).toMatchObject({ servername: 'ITOPS-DC.itops.test', minVersion: 'TLSv1.2' });
    expect(options.ca).toBeInstanceOf(Buffer);
    expect(options.rejectUnauthorized).toBeUndefined();
  });

  it('does not verify without a CA file', () => {
    expect(tlsOptionsFor({})).toEqual({ rejectUnauthorized: false, minVersion: 'TLSv1.2' });
  });
});

describe('DirectoryClient', () => {
  it('refuses a plain ldap:// URL', () => {
    expect(() => new DirectoryClient({ url: 'ldap://dc1:389', bindDn: 'CN=a', bindPassword: 'x', baseDn: 'DC=x' })).toThrow(/allowed: an ldaps:\/\/ URL/);
  });
});

describe('entry values', () => {
  it.each([
    [514, false],
    [512, true],
    [66050, false],
  ])('userAccountControl %i is enabled: %p', (uac, enabled) => {
    expect(isEnabled({ dn: 'CN=x', userAccountControl: String(uac) })).toBe(enabled);
  });

  it('takes the first value of a string attribute', () => {
    expect(stringAttribute({ dn: 'CN=x', sn: ['Öberg', 'Other'] }, 'sn')).toBe('Öberg');
    expect(stringAttribute({ dn: 'CN=x', sn: [] }, 'sn')).toBeUndefined();
  });
});
