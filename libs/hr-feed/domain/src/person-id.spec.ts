import { HrFeedException } from './hr-feed.exception';
import { normalisePersonnummer, personIdFor } from './person-id';

const SECRET = 'a-test-secret-of-enough-length';

describe('normalisePersonnummer', () => {
  it.each([
    ['198507099805', '198507099805'],
    ['19850709-9805', '198507099805'],
    ['198507699802', '198507699802'], // samordningsnummer
    ['191212121212', '191212121212'],
    ['198507099806', null], // wrong check digit
    ['8507099805', null], // no century
    ['850709-9805', null],
    ['19850709+9805', null],
    ['198502300000', null], // 30 February
    ['', null],
  ])('%s -> %s', (input, expected) => {
    expect(normalisePersonnummer(input)).toBe(expected);
  });
});

describe('personIdFor', () => {
  it('is p- and 32 hex characters, stable and independent of the dash', () => {
    const id = personIdFor('198507099805', SECRET);
    expect(id).toMatch(/^p-[0-9a-f]{32}$/);
    expect(personIdFor('19850709-9805', SECRET)).toBe(id);
  });

  it('is the truncated HMAC-SHA256 of the 12 digits', () => {
    // Independent computation: HMAC-SHA256(key, message) by the RFC 2104 construction.
    const { createHash } = jest.requireActual<typeof import('node:crypto')>('node:crypto');
    const key = Buffer.alloc(64);
    Buffer.from(SECRET).copy(key);
    const pad = (byte: number) => Buffer.from(key.map((b) => b ^ byte));
    const inner = createHash('sha256').update(pad(0x36)).update('198507099805').digest();
    const outer = createHash('sha256').update(pad(0x5c)).update(inner).digest('hex');
    expect(personIdFor('198507099805', SECRET)).toBe(`p-${outer.slice(0, 32)}`);
  });

  it('differs per person and per secret', () => {
    const ids = new Set([
      personIdFor('198507099805', SECRET),
      personIdFor('198507699802', SECRET),
      personIdFor('198507099805', `${SECRET}-other`),
    ]);
    expect(ids.size).toBe(3);
  });

  it.each([
    ['an invalid personnummer', '198507099806', SECRET, /personnummer is not valid/],
    ['a short secret', '198507099805', 'short', /at least 16 characters/],
  ])('refuses %s without echoing the number', (_, pnr, secret, message) => {
    expect(() => personIdFor(pnr, secret)).toThrow(HrFeedException);
    expect(() => personIdFor(pnr, secret)).toThrow(message);
    try {
      personIdFor(pnr, secret);
    } catch (error) {
      expect((error as Error).message).not.toContain(pnr);
    }
  });
});
