import type { HarvestCandidate } from './harvest.rules';
import { monthsWithin, savings } from './savings.rules';

const candidate = (fields: Partial<HarvestCandidate>): HarvestCandidate => ({
  account: 'a1', samAccountName: null, customer: 'N138', product: 'M365-E3', reason: 'inactive', downgradeTo: null, monthlySavingSek: '389.00', countsFrom: '2026-11-22', assignmentId: 'x', ...fields,
});

describe('savings per customer and product, honouring true-up dates', () => {
  it.each([
    ['today', '2026-11-22', 12],
    ['in three months and a bit', '2027-03-01', 9],
    ['the last day of the twelve months', '2027-11-21', 1],
    ['after the twelve months', '2027-11-22', 0],
  ])('a saving counting from %s gives %s months', (_name, from, months) => {
    expect(monthsWithin(from, '2026-11-22')).toBe(months);
  });

  it('sums the run rate and the next twelve months per customer and product', () => {
    const result = savings(
      [
        candidate({ account: 'a1', countsFrom: '2026-11-22' }),
        candidate({ account: 'a2', countsFrom: '2027-03-01' }),
        candidate({ account: 'a3', product: 'COPILOT', monthlySavingSek: '315.00', countsFrom: '2027-03-01' }),
        candidate({ account: 'a4', customer: 'B110', monthlySavingSek: '0.10' }),
      ],
      '2026-11-22',
    );
    expect(result).toEqual([
      { customer: 'B110', product: 'M365-E3', licences: 1, monthlySek: '0.10', yearlySek: '1.20', next12MonthsSek: '1.20', countsFrom: '2026-11-22' },
      { customer: 'N138', product: 'COPILOT', licences: 1, monthlySek: '315.00', yearlySek: '3780.00', next12MonthsSek: '2835.00', countsFrom: '2027-03-01' },
      // 389 x 12 + 389 x 9
      { customer: 'N138', product: 'M365-E3', licences: 2, monthlySek: '778.00', yearlySek: '9336.00', next12MonthsSek: '8169.00', countsFrom: '2026-11-22' },
    ]);
  });
});
