import { checkAdjustment } from './adjustment.rules';
import { MeteringException, MeteringExceptionCode } from './metering.exception';

const body = (fields: Record<string, unknown> = {}): Record<string, unknown> => ({
  customer: 'N138',
  offering: 'KONTO',
  subjectType: 'account',
  subjectId: '0193b2a4-acc1-7d2a-9f00-1234567890ab',
  quantity: '-1',
  validFrom: '2026-11-01',
  validTo: '2026-11-30',
  reason: 'double-counted account, INC-4711',
  ...fields,
});

function problemsOf(input: unknown): { field: string; message: string }[] {
  try {
    checkAdjustment(input);
  } catch (error) {
    expect(error).toBeInstanceOf(MeteringException);
    expect((error as MeteringException).code).toBe(MeteringExceptionCode.INVALID_ADJUSTMENT);
    return [...((error as MeteringException).details ?? [])];
  }
  throw new Error('the adjustment was accepted');
}

describe('checkAdjustment', () => {
  it('reads a correction with a negative quantity, the reason trimmed', () => {
    expect(checkAdjustment(body({ reason: '  double-counted account, INC-4711 ' }))).toEqual({
      customer: 'N138',
      offering: 'KONTO',
      subjectType: 'account',
      subjectId: '0193b2a4-acc1-7d2a-9f00-1234567890ab',
      quantity: '-1',
      validFrom: '2026-11-01',
      validTo: '2026-11-30',
      reason: 'double-counted account, INC-4711',
    });
  });

  it.each([{ validTo: undefined }, { validTo: null }, { validTo: '' }])('takes a missing validTo (%p) as open-ended', (fields) => {
    expect(checkAdjustment(body(fields)).validTo).toBeNull();
  });

  it.each(['0.5', '12.25', '-0.0001', '99999999999999.9999'])('takes the quantity %s', (quantity) => {
    expect(checkAdjustment(body({ quantity })).quantity).toBe(quantity);
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ['a customer code in lower case', { customer: 'n138' }, 'customer', /"n138" is not a customer code; expected one upper-case letter and three digits/],
    ['no customer', { customer: undefined }, 'customer', /is not a customer code/],
    ['an offering with a space', { offering: 'KONTO X' }, 'offering', /is not an offering code; expected 1-32 characters without spaces/],
    ['a subject type in capitals', { subjectType: 'ACCOUNT' }, 'subjectType', /is not a subject type; expected 1-32 lower-case letters/],
    ['no subject', { subjectId: '' }, 'subjectId', /is missing or not an id/],
    ['a personnummer as subject', { subjectId: '19121212-1212' }, 'subjectId', /looks like a personal identity number/],
    ['a quantity with a comma', { quantity: '-1,5' }, 'quantity', /"-1,5" is not a decimal; expected up to 14 digits and 4 decimals/],
    ['a quantity with 5 decimals', { quantity: '0.12345' }, 'quantity', /is not a decimal/],
    ['a quantity as a JSON number', { quantity: -1 }, 'quantity', /is the JSON number -1; send it as a decimal string/],
    ['a quantity of zero', { quantity: '-0.000' }, 'quantity', /is zero; a correction must change the volume/],
    ['no quantity', { quantity: undefined }, 'quantity', /is not a decimal/],
    ['a validFrom that is no day', { validFrom: '2026-02-30' }, 'validFrom', /"2026-02-30" is not a date; expected YYYY-MM-DD/],
    ['a validTo before validFrom', { validTo: '2026-10-31' }, 'validTo', /2026-10-31 is before validFrom 2026-11-01; expected the same day or later/],
    ['no reason', { reason: undefined }, 'reason', /is missing; say why the ledger is corrected/],
    ['a blank reason', { reason: '   ' }, 'reason', /is missing/],
    ['a reason as a number', { reason: 42 }, 'reason', /is a number; expected text/],
    ['a field adjustments do not have', { validUntil: '2026-11-30' }, 'validUntil', /is not a field of an adjustment; allowed: customer, offering/],
  ])('refuses %s, naming the field', (_case, fields, field, message) => {
    const problems = problemsOf(body(fields));
    expect(problems.map((p) => p.field)).toEqual([field]);
    expect(problems[0].message).toMatch(new RegExp(`^${field}: `));
    expect(problems[0].message).toMatch(message);
  });

  it('names every field at fault at once, and the message lists them', () => {
    try {
      checkAdjustment(body({ customer: 'X1', quantity: 'many', reason: '' }));
      throw new Error('accepted');
    } catch (error) {
      expect((error as MeteringException).details?.map((p) => p.field)).toEqual(['customer', 'quantity', 'reason']);
      expect((error as Error).message).toMatch(/^customer: .*; quantity: .*; reason: /);
    }
  });

  it('never echoes what looks like a personnummer', () => {
    expect(JSON.stringify(problemsOf(body({ subjectId: '19121212-1212' })))).not.toContain('1212');
  });

  it.each([null, 'text', [1]])('refuses a body that is not an object (%p)', (input) => {
    expect(() => checkAdjustment(input)).toThrow('the body is not a JSON object');
  });
});
