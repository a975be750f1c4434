import { escapeDnValue, rdn } from './dn';

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
});
