import { randomInt } from 'node:crypto';

const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const DIGITS = '23456789';
const SYMBOLS = '!#%+-.:=?@_';
const ALL = UPPER + LOWER + DIGITS + SYMBOLS;

/** Length of an initial password; far beyond AD's default minimum of 7. */
export const INITIAL_PASSWORD_LENGTH = 24;

/**
 * A strong random password for a new account: 24 characters from a cryptographic source, with
 * upper and lower case letters, digits and symbols (AD's complexity rule asks for three of the
 * four). AD also refuses a password that contains the sAMAccountName or any part of the display
 * name of three or more characters, so those are passed in `avoid` and a password that happens to
 * contain one is drawn again. Nobody ever learns this password: the holder gets theirs through
 * the password reset of the onboarding, so it is never logged, returned or stored.
 */
export function initialPassword(avoid: readonly string[] = []): string {
  const tokens = avoid
    .flatMap((value) => value.split(/[\s,.\-_#\t]+/))
    .map((token) => token.toLowerCase())
    .filter((token) => token.length >= 3);
  for (;;) {
    const chars = [pick(UPPER), pick(LOWER), pick(DIGITS), pick(SYMBOLS)];
    while (chars.length < INITIAL_PASSWORD_LENGTH) chars.push(pick(ALL));
    // Fisher-Yates, so the guaranteed classes are not always in front.
    for (let i = chars.length - 1; i > 0; i -= 1) {
      const j = randomInt(i + 1);
      [chars[i], chars[j]] = [chars[j], chars[i]];
    }
    const password = chars.join('');
    const lower = password.toLowerCase();
    if (!tokens.some((token) => lower.includes(token))) return password;
  }
}

const pick = (alphabet: string): string => alphabet[randomInt(alphabet.length)];
