import { escapeDnValue, rdn, sameDn, splitDn, unescapeDnValue } from './dn';

describe('escapeDnValue', () => {
  it.each([
    ['Anna Svensson', 'Anna Svensson'],
    ['Svensson, Anna', 'Svensson\\, Anna'],
    ['*)(uid=*', '*)(uid\\=*'],
    ['a+b', 'a\\+b'],
    ['back\\slash', 'back\\\\slash'],
    ['"quoted"', '\\"quoted\\"'],
    ['<tag>;', '\\<tag\\>\\;'],
    [' leading', '\\ leading'],
    ['trailing ', 'trailing\\ '],
    ['#hash', '\\#hash'],
    ['Åsa Öberg-Ängström', 'Åsa Öberg-Ängström'],
  ])('%j becomes %j', (value, escaped) => {
    expect(escapeDnValue(value)).toBe(escaped);
  });

  it('builds an RDN with the value escaped', () => {
    expect(rdn('CN', 'Nilsson, Per')).toBe('CN=Nilsson\\, Per');
  });

  it.each(['Anna Svensson', 'Svensson, Anna', '*)(uid=*', 'back\\slash', 'trailing\\', ' lead', 'Åsa Öberg'])('unescapes what it escaped: %j', (value) => {
    expect(unescapeDnValue(escapeDnValue(value))).toBe(value);
  });
});

describe('splitDn', () => {
  it.each([
    ['CN=Anna Svensson,OU=N138,DC=itops,DC=test', 'CN', 'Anna Svensson', 'OU=N138,DC=itops,DC=test'],
    ['CN=Svensson\\, Anna,OU=N138,DC=itops,DC=test', 'CN', 'Svensson, Anna', 'OU=N138,DC=itops,DC=test'],
    // AD's own escaping: '=' as \3D, a trailing backslash as \\ right before the separator.
    ['CN=Ny*)(cn\\3D*)\\, Jr\\\\,OU=Z990,DC=itops,DC=test', 'CN', 'Ny*)(cn=*), Jr\\', 'OU=Z990,DC=itops,DC=test'],
    ['CN=\\C3\\96rjan,OU=A', 'CN', 'Örjan', 'OU=A'],
    ['DC=test', 'DC', 'test', ''],
  ])('%s', (dn, type, value, parent) => {
    expect(splitDn(dn)).toMatchObject({ type, value, parent });
  });

  it('refuses what is not a DN', () => {
    expect(() => splitDn('not a dn')).toThrow(/expected type=value/);
  });
});

describe('sameDn', () => {
  it.each([
    ['OU=N138,OU=itops,DC=itops,DC=test', 'ou=n138, ou=itops, dc=itops, dc=test', true],
    ['CN=Ny\\3D1,OU=A', 'CN=Ny\\=1,OU=A', true],
    ['OU=N138,OU=itops,DC=itops,DC=test', 'OU=B110,OU=itops,DC=itops,DC=test', false],
    ['OU=N138,DC=test', 'OU=N138,OU=x,DC=test', false],
  ])('%s and %s: %p', (a, b, same) => {
    expect(sameDn(a, b)).toBe(same);
  });
});
