import { accountNameFor } from './account-name.policy';
import { IdentityException, IdentityExceptionCode } from './identity.exception';

const free = () => false;
const takenFrom = (...names: string[]) => {
  const set = new Set(names);
  return (candidate: string) => set.has(candidate);
};

describe('accountNameFor', () => {
  it.each([
    ['Anna', 'Svensson', 'anna.svensson'],
    ['ANNA', 'SVENSSON', 'anna.svensson'],
    ['Åsa', 'Öberg', 'asa.oberg'],
    ['Märta', 'Ärlig', 'marta.arlig'],
    ['Zoë', 'Ångström', 'zoe.angstrom'],
    ['René', 'Müller', 'rene.muller'],
    ['Søren', 'Kierkegaard', 'soren.kierkegaard'],
    ['Ægir', 'Østergård', 'aegir.ostergard'],
    ['Günther', 'Weiß', 'gunther.weiss'],
    ['Seán', "O'Brien", 'sean.obrien'],
    ['Anna-Karin', 'Svensson', 'anna-karin.svensson'],
    ['Anna Maria', 'Svensson', 'anna.svensson'],
    ['  Anna ', ' Svensson  ', 'anna.svensson'],
    ['Lars', 'af Klercker', 'lars.af-klercker'],
    ['Eva', 'Svensson - Lind', 'eva.svensson-lind'],
    ['Anna*)(', 'Svensson*)(', 'anna.svensson'],
    ['*)(', 'Svensson', 'svensson'],
    ['*)( Anna', 'Svensson', 'anna.svensson'],
    ['Anna', '\\', 'anna'],
    ['=cmd|', '@+Svensson', 'cmd.svensson'],
    ['Maximiliana', 'Johansson', 'maximilian.johansson'],
    ['Anna', 'Andersson Lindqvist', 'anna.andersson-lindq'],
    ['Christoffer', 'Wahlgren-Abrahamsson', 'christof.wahlgren-ab'],
    ['Jo', 'Wallenbergsonsen-Ek', 'jo.wallenbergsonsen'],
    ['Bartholomew-Alexander', 'Li', 'bartholomew-alexa.li'],
    ['Kim', 'Abcdefghijklmnopqrstuvwxyz', 'kim.abcdefghijklmnop'],
  ])('%s %s -> %s', (given, surname, expected) => {
    const name = accountNameFor(given, surname, free);
    expect(name).toBe(expected);
    expect(name.length).toBeLessThanOrEqual(20);
  });

  it.each([
    [['anna.svensson'], 'Anna', 'Svensson', 'anna.svensson2'],
    [['anna.svensson', 'anna.svensson2'], 'Anna', 'Svensson', 'anna.svensson3'],
    [['anna.svensson', 'anna.svensson3'], 'Anna', 'Svensson', 'anna.svensson2'],
    [['maximilian.johansson'], 'Maximiliana', 'Johansson', 'maximilia.johansson2'],
    [['anna.andersson-lindq'], 'Anna', 'Andersson Lindqvist', 'anna.andersson-lind2'],
    [['jo.wallenbergsonsen'], 'Jo', 'Wallenbergsonsen-Ek', 'jo.wallenbergsonsen2'],
    [['kim.abcdefghijklmnop', 'kim.abcdefghijklmno2'], 'Kim', 'Abcdefghijklmnopqrstuvwxyz', 'kim.abcdefghijklmno3'],
  ])('numbers a namesake after %j', (taken, given, surname, expected) => {
    expect(accountNameFor(given, surname, takenFrom(...taken))).toBe(expected);
  });

  it('trims before the number so two-digit numbers stay within 20 characters', () => {
    const taken = ['maximilian.johansson', ...[2, 3, 4, 5, 6, 7, 8, 9].map((n) => `maximilia.johansson${n}`)];
    expect(accountNameFor('Maximiliana', 'Johansson', takenFrom(...taken))).toBe('maximili.johansson10');
  });

  it('only ever proposes names AD accepts', () => {
    const proposals: string[] = [];
    accountNameFor('Ådalbert-Æmilius Öhrwall', 'von Württemberg-Østergaard', (candidate) => {
      proposals.push(candidate);
      return proposals.length < 150;
    });
    expect(proposals).toHaveLength(150);
    for (const candidate of proposals) {
      expect(candidate).toMatch(/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/);
      expect(candidate.length).toBeLessThanOrEqual(20);
    }
    expect(new Set(proposals).size).toBe(150);
  });

  it.each([
    ['nothing usable in either name', '*)(', '', IdentityExceptionCode.INVALID_NAME],
    ['every number taken', 'Anna', 'Svensson', IdentityExceptionCode.ACCOUNT_NAME_EXHAUSTED],
  ])('refuses when %s', (_, given, surname, code) => {
    const all = () => true;
    expect(() => accountNameFor(given, surname, all)).toThrow(IdentityException);
    try {
      accountNameFor(given, surname, all);
    } catch (error) {
      expect((error as IdentityException).code).toBe(code);
    }
  });
});
