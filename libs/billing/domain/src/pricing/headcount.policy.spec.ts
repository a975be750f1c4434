import { BillingExceptionCode } from '../billing.exception';
import { countHeadcount, headcountOf, type HeadcountItem } from './headcount.policy';

let nextId = 0;
const person = (customerCode: string, subjectId: string, validFrom: string, validTo: string | null, quantity = '1'): HeadcountItem => ({
  id: `hc-${++nextId}`,
  customerCode,
  offeringCode: 'ANSTALLDA',
  subjectId,
  quantity,
  validFrom,
  validTo,
});

describe('countHeadcount', () => {
  // Counted on 2025-04-30, the last day of April.
  it.each<[string, HeadcountItem[], Record<string, number>, number]>([
    ['nobody', [], {}, 0],
    ['one employed all month', [person('N138', 'p1', '2024-01-01', null)], { N138: 1 }, 1],
    ['a joiner on the last day counts', [person('N138', 'p1', '2025-04-30', null)], { N138: 1 }, 1],
    ['a joiner next month does not', [person('N138', 'p1', '2025-05-01', null)], {}, 0],
    ['a leaver on the 29th does not', [person('N138', 'p1', '2024-01-01', '2025-04-29')], {}, 0],
    ['a leaver on the last day counts', [person('N138', 'p1', '2024-01-01', '2025-04-30')], { N138: 1 }, 1],
    ['a person with two items at one customer counts once', [person('N138', 'p1', '2024-01-01', null), person('N138', 'p1', '2025-02-01', null)], { N138: 1 }, 1],
    [
      'a person employed by two customers counts for each',
      [person('N138', 'p1', '2024-01-01', null), person('B110', 'p1', '2025-01-01', null), person('B110', 'p2', '2025-01-01', null)],
      { N138: 1, B110: 2 },
      3,
    ],
    ['an item cancelled by an adjustment does not count', [person('N138', 'p1', '2024-01-01', null), person('N138', 'p1', '2025-04-01', null, '-1')], {}, 0],
  ])('%s', (_case, items, byCustomer, total) => {
    const count = countHeadcount(items, '2025-04-30');
    expect(Object.fromEntries(count.byCustomer)).toEqual(byCustomer);
    expect(count.total).toBe(total);
  });

  it('refuses a bad day or a malformed item', () => {
    expect(() => countHeadcount([], '2025-04-31')).toThrow(expect.objectContaining({ code: BillingExceptionCode.INVALID_USAGE }));
    expect(() => countHeadcount([person('N138', 'p1', '2025-04-01', null, 'one')], '2025-04-30')).toThrow(
      expect.objectContaining({ code: BillingExceptionCode.INVALID_USAGE, message: expect.stringContaining('quantity') }),
    );
  });
});

describe('headcountOf', () => {
  const count = countHeadcount([person('N138', 'p1', '2024-01-01', null), person('B110', 'p2', '2024-01-01', null), person('B110', 'p3', '2024-01-01', null)], '2025-04-30');

  it.each([
    ['N138', { customer: 1, total: 3 }],
    ['B110', { customer: 2, total: 3 }],
    ['K171', { customer: 0, total: 3 }],
  ])('gives %s its share of the total', (customerCode, expected) => {
    expect(headcountOf(count, customerCode)).toEqual(expected);
  });

  it('gives no headcount when nobody is counted, so a shared cost is refused rather than billed to nobody', () => {
    expect(headcountOf(countHeadcount([], '2025-04-30'), 'N138')).toBeUndefined();
  });
});
