import { INITIAL_PASSWORD_LENGTH, initialPassword } from './initial-password';

describe('initialPassword', () => {
  it.each([
    ['an upper-case letter', /[A-Z]/],
    ['a lower-case letter', /[a-z]/],
    ['a digit', /\d/],
    ['a symbol', /[^A-Za-z0-9]/],
  ])('always has %s', (_what, pattern) => {
    for (let i = 0; i < 200; i += 1) expect(initialPassword()).toMatch(pattern);
  });

  it(`is ${INITIAL_PASSWORD_LENGTH} characters and different every time`, () => {
    const passwords = new Set(Array.from({ length: 500 }, () => initialPassword()));
    expect(passwords.size).toBe(500);
    for (const password of passwords) expect(password).toHaveLength(INITIAL_PASSWORD_LENGTH);
  });

  it('never contains a name token of three or more characters, whatever the case', () => {
    // Tokens made of the commonest password letters, so a collision would show within the loop.
    const avoid = ['ab.cd', 'Abc Def-Ghi'];
    for (let i = 0; i < 2000; i += 1) {
      const lower = initialPassword(avoid).toLowerCase();
      for (const token of ['abc', 'def', 'ghi']) expect(lower).not.toContain(token);
    }
  });

  it('ignores name parts shorter than three characters, as AD does', () => {
    expect(() => initialPassword(['a', 'Li', 'Bo'])).not.toThrow();
  });
});
