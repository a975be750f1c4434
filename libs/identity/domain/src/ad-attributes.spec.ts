import { displayName, ouFor, userPrincipalName } from './ad-attributes';
import { IdentityException } from './identity.exception';

describe('userPrincipalName', () => {
  it.each([
    ['anna.svensson', 'itops.test', 'anna.svensson@itops.test'],
    ['anna.svensson2', 'ITOPS.Test', 'anna.svensson2@itops.test'],
    ['anna-karin.svensson', 'goteborg.se', 'anna-karin.svensson@goteborg.se'],
  ])('%s at %s -> %s', (sam, domain, expected) => {
    expect(userPrincipalName(sam, domain)).toBe(expected);
  });

  it.each([
    ['', 'itops.test'],
    ['anna svensson', 'itops.test'],
    ['anna@svensson', 'itops.test'],
    ['a'.repeat(21), 'itops.test'],
    ['anna', 'itops'],
    ['anna', 'itops..test'],
    ['anna', '-itops.test'],
  ])('refuses %j at %j', (sam, domain) => {
    expect(() => userPrincipalName(sam, domain)).toThrow(IdentityException);
  });
});

describe('displayName', () => {
  it.each([
    ['Anna', 'Svensson', 'Anna Svensson'],
    ['Åsa', 'Öberg-Ärlig', 'Åsa Öberg-Ärlig'],
    ['  Anna   Maria ', ' Svensson', 'Anna Maria Svensson'],
    ['Anna*)(', 'Svensson\\', 'Anna*)( Svensson\\'], // kept as data; the LDAP layer escapes
    ['', 'Svensson', 'Svensson'],
  ])('%j %j -> %j', (given, surname, expected) => {
    expect(displayName(given, surname)).toBe(expected);
  });

  it('refuses two empty names', () => {
    expect(() => displayName(' ', '')).toThrow(IdentityException);
  });
});

describe('ouFor', () => {
  it.each([
    ['N138', 'OU=itops,DC=itops,DC=test', 'OU=N138,OU=itops,DC=itops,DC=test'],
    ['B110', ' OU=Users, DC=goteborg,DC=se ', 'OU=B110,OU=Users, DC=goteborg,DC=se'],
  ])('%s under %s -> %s', (code, base, expected) => {
    expect(ouFor(code, base)).toBe(expected);
  });

  it.each([
    ['n138', 'OU=itops,DC=itops,DC=test'],
    ['N1380', 'OU=itops,DC=itops,DC=test'],
    ['N13,', 'OU=itops,DC=itops,DC=test'],
    ['N138', ''],
    ['N138', 'itops.test'],
    ['N138', 'OU=itops,,DC=test'],
  ])('refuses %j under %j', (code, base) => {
    expect(() => ouFor(code, base)).toThrow(IdentityException);
  });
});
