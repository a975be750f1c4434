import { accountNameFor } from './account-name.policy';
import { accountNameCandidates, neutralAccountNameBase } from './account-name-candidates.policy';
import { IdentityException, IdentityExceptionCode } from './identity.exception';

describe('accountNameCandidates', () => {
  it.each([
    ['Anna', 'Svensson', 3, ['anna.svensson', 'anna.svensson2', 'anna.svensson3']],
    ['Åsa', 'Öberg', 2, ['asa.oberg', 'asa.oberg2']],
    ['Maximiliana', 'Johansson', 2, ['maximilian.johansson', 'maximilia.johansson2']],
    ['*)(', 'Svensson', 1, ['svensson']],
  ])('%s %s, %i: %j', (given, surname, count, expected) => {
    expect(accountNameCandidates(given, surname, count)).toEqual(expected);
  });

  it('lists the names in the order accountNameFor tries them, so it picks the first free one', () => {
    const candidates = accountNameCandidates('Maximiliana', 'Johansson', 12);
    const taken = new Set(candidates.slice(0, 9));
    expect(accountNameFor('Maximiliana', 'Johansson', (c) => taken.has(c))).toBe(candidates[9]);
  });

  it('stops where the numbers run out', () => {
    expect(accountNameCandidates('Anna', 'Svensson', 20_000)).toHaveLength(9999);
  });

  it.each([0, -1, 1.5])('refuses count %p', (count) => {
    expect(() => accountNameCandidates('Anna', 'Svensson', count)).toThrow(/count .* allowed: a whole number >= 1/);
  });

  it('passes on a name with nothing usable', () => {
    expect(() => accountNameCandidates('*)(', '\\', 5)).toThrow(expect.objectContaining({ code: IdentityExceptionCode.INVALID_NAME }));
  });
});

describe('neutralAccountNameBase', () => {
  it.each([
    ['12345678', 'u12345678'],
    ['A-1234', 'ua1234'],
    [' 0042 ', 'u0042'],
  ])('%j -> %j', (employmentId, base) => {
    expect(neutralAccountNameBase(employmentId)).toBe(base);
  });

  it('makes account names without a given name or a dot', () => {
    expect(accountNameFor('', neutralAccountNameBase('12345678'), (c) => c === 'u12345678')).toBe('u123456782');
  });

  it('refuses an id with nothing usable', () => {
    expect(() => neutralAccountNameBase('*)(')).toThrow(IdentityException);
  });
});
