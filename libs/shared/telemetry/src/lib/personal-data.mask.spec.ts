import { REDACTED, maskPersonalData, maskPersonnummer } from './personal-data.mask';

describe('maskPersonnummer', () => {
  it.each([
    ['12 digits with hyphen', 'person 19800101-1234 hired', `person ${REDACTED} hired`],
    ['12 digits without separator', 'pnr=198001011234', `pnr=${REDACTED}`],
    ['10 digits with hyphen', 'id 800101-1234.', `id ${REDACTED}.`],
    ['10 digits with plus (aged 100+)', '191212+1212', REDACTED],
    ['10 digits without separator', '8001011234', REDACTED],
    ['samordningsnummer (day + 60)', '19800161-1234', REDACTED],
    ['inside JSON text', '{"x":"20010229-9876"}', `{"x":"${REDACTED}"}`],
    ['glued to letters', 'abc198001011234def', `abc${REDACTED}def`],
    ['two in one text', '19800101-1234 and 19900505-4321', `${REDACTED} and ${REDACTED}`],
    ['after an escaped newline', 'a\\n19800101-1234', `a\\n${REDACTED}`],
  ])('masks %s', (_case, input, expected) => {
    expect(maskPersonnummer(input)).toBe(expected);
  });

  it.each([
    ['an ISO date', '2024-01-05T10:00:00.000Z'],
    ['epoch milliseconds (13 digits)', '1736071200000'],
    ['a number with an impossible month', '1700000000'],
    ['an 11-digit number', '19800101123'],
    ['a 14-digit number', '19800101123456'],
    ['a customer code and an amount', 'N138 1234.50 SEK'],
    ['a UUIDv7', '0190f5c2-6a3b-7cde-8f01-23456789abcd'],
  ])('leaves %s alone', (_case, input) => {
    expect(maskPersonnummer(input)).toBe(input);
  });
});

describe('maskPersonalData', () => {
  it('masks strings and 12-digit integers in nested objects and arrays without changing the input', () => {
    const input = { person: { note: 'pnr 19800101-1234', ids: ['800101-1234', 'N138'] }, raw: 198001011234, count: 3 };
    const masked = maskPersonalData(input);
    expect(masked).toEqual({ person: { note: `pnr ${REDACTED}`, ids: [REDACTED, 'N138'] }, raw: REDACTED, count: 3 });
    expect(input.person.note).toBe('pnr 19800101-1234');
  });

  it('masks the message, stack and own fields of an error and keeps its class', () => {
    class HrFeedError extends Error {
      readonly detail = 'row for 19800101-1234';
    }
    const error = new HrFeedError('invalid personnummer 19800101-1234');
    const masked = maskPersonalData(error);
    expect(masked).toBeInstanceOf(HrFeedError);
    expect(masked.message).toBe(`invalid personnummer ${REDACTED}`);
    expect(masked.stack).not.toContain('19800101-1234');
    expect(masked.stack).toContain(REDACTED);
    expect(masked.detail).toBe(`row for ${REDACTED}`);
    expect(error.message).toContain('19800101-1234');
  });

  it('survives cycles', () => {
    const node: Record<string, unknown> = { text: '19800101-1234' };
    node['self'] = node;
    expect(maskPersonalData(node)['text']).toBe(REDACTED);
  });
});
