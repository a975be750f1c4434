import { IdentityException, IdentityExceptionCode } from './identity.exception';

/** AD's limit for sAMAccountName (the pre-Windows 2000 logon name). */
export const ACCOUNT_NAME_MAX_LENGTH = 20;
/** The given name is shortened to no fewer than this many characters before the surname gives way. */
const GIVEN_NAME_MIN_LENGTH = 8;
const MAX_NUMBER = 9999;

/**
 * Letters that have a customary ASCII spelling in Swedish use. å/ä/ö/é/ü would also lose their marks
 * through NFD below; they are listed so the Swedish rule is visible. ø, æ, ß and the rest have no
 * decomposition and would otherwise vanish.
 */
const TRANSLITERATION: Readonly<Record<string, string>> = {
  å: 'a',
  ä: 'a',
  ö: 'o',
  é: 'e',
  ü: 'u',
  ø: 'o',
  æ: 'ae',
  ß: 'ss',
  œ: 'oe',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

/**
 * One name as it may appear in an account name: lower case, transliterated, other diacritics
 * stripped, spaces and hyphens between parts as a single `-`, anything else outside [a-z0-9] dropped
 * (so `O'Brien` is `obrien` and `*)(` disappears).
 */
export function accountNamePart(name: string): string {
  const ascii = [...name.toLowerCase()]
    .map((c) => TRANSLITERATION[c] ?? c)
    .join('')
    .normalize('NFD')
    .replace(/\p{M}/gu, '');
  return ascii
    .replace(/[^a-z0-9\s-]/g, '')
    .replace(/[\s-]+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * The sAMAccountName for a new account: `given.surname`, at most 20 characters.
 *
 * - given: the first given name (HR lists all förnamn; the first is the best guess at the one in use),
 *   a hyphenated one kept whole (`anna-karin`); surname: all of it, parts joined by `-` (`af-klercker`).
 * - Too long: the given name is cut first, but to no fewer than 8 characters; the surname takes the
 *   rest (`maximilian.johansson`, `anna.andersson-lindq`).
 * - Taken: numbered from 2 (`anna.svensson2`), the name cut before the number to stay within 20.
 * - A name with nothing usable left leaves the other one alone (`svensson`); neither is an error.
 *
 * `taken` answers whether a candidate (always lower case) already exists in AD or is reserved.
 */
export function accountNameFor(givenName: string, surname: string, taken: (candidate: string) => boolean): string {
  const given = givenName.split(/\s+/).map(accountNamePart).find((part) => part !== '') ?? '';
  const family = accountNamePart(surname);
  if (given === '' && family === '') {
    throw new IdentityException(
      IdentityExceptionCode.INVALID_NAME,
      'given name and surname leave no letters or digits for an account name; allowed: names with at least one letter a-z (after transliteration) or digit',
    );
  }
  for (let n = 1; n <= MAX_NUMBER; n += 1) {
    const suffix = n === 1 ? '' : String(n);
    const candidate = fit(given, family, ACCOUNT_NAME_MAX_LENGTH - suffix.length) + suffix;
    if (!taken(candidate)) return candidate;
  }
  throw new IdentityException(
    IdentityExceptionCode.ACCOUNT_NAME_EXHAUSTED,
    `every account name from '${fit(given, family, ACCOUNT_NAME_MAX_LENGTH)}' to number ${MAX_NUMBER} is taken; assign one by hand`,
  );
}

function fit(given: string, family: string, max: number): string {
  const cut = (part: string, length: number) => part.slice(0, length).replace(/-+$/, '');
  if (given === '') return cut(family, max);
  if (family === '') return cut(given, max);
  const room = max - 1; // the dot
  if (given.length + family.length <= room) return `${given}.${family}`;
  const givenLength = Math.min(given.length, Math.max(room - family.length, GIVEN_NAME_MIN_LENGTH));
  return `${cut(given, givenLength)}.${cut(family, room - givenLength)}`;
}
