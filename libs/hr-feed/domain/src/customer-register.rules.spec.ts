import { checkCustomerEntries } from './customer-register.rules';
import { HrFeedException, HrFeedExceptionCode } from './hr-feed.exception';

describe('checkCustomerEntries', () => {
  it('accepts a list of codes and names, trimming the names', () => {
    expect(
      checkCustomerEntries([
        { code: 'N138', name: ' Socialnämnd Centrum ' },
        { code: 'B110', name: 'Bostadsbolaget', extra: 'ignored' },
      ]),
    ).toEqual([
      { code: 'N138', name: 'Socialnämnd Centrum' },
      { code: 'B110', name: 'Bostadsbolaget' },
    ]);
  });

  it.each<[string, unknown, RegExp]>([
    ['not an array', { code: 'N138', name: 'x' }, /must be a JSON array/],
    ['an empty list', [], /is empty; send at least one/],
    ['an entry that is not an object', [{ code: 'N138', name: 'A' }, 'K171'], /^customers\[1\] is not an object/],
    ['a lower-case code', [{ code: 'n138', name: 'A' }], /^customers\[0\]\.code "n138" is not a customer code; allowed: one upper-case letter and three digits/],
    ['a code with four digits', [{ code: 'N1380', name: 'A' }], /customers\[0\]\.code "N1380"/],
    ['a missing code', [{ name: 'A' }], /customers\[0\]\.code null is not a customer code/],
    ['a numeric code', [{ code: 138, name: 'A' }], /customers\[0\]\.code 138 is not/],
    ['a repeated code', [{ code: 'N138', name: 'A' }, { code: 'K171', name: 'B' }, { code: 'N138', name: 'C' }], /^customers\[2\]\.code N138 repeats customers\[0\]/],
    ['an empty name', [{ code: 'N138', name: '  ' }], /^customers\[0\]\.name of N138 is empty; allowed: 1-200 printable characters/],
    ['a missing name', [{ code: 'N138' }], /customers\[0\]\.name of N138 is missing/],
    ['a name with a line break', [{ code: 'N138', name: 'Social\nnämnd' }], /customers\[0\]\.name of N138 is not allowed/],
    ['a name too long', [{ code: 'N138', name: 'x'.repeat(201) }], /customers\[0\]\.name of N138 is not allowed/],
  ])('refuses %s, naming the entry', (_, input, message) => {
    let caught: unknown;
    try {
      checkCustomerEntries(input);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(HrFeedException);
    expect((caught as HrFeedException).code).toBe(HrFeedExceptionCode.INVALID_INPUT);
    expect((caught as HrFeedException).message).toMatch(message);
  });
});
