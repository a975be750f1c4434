import { EmploymentTerms } from './employment-terms.model';
import { IdentityException } from './identity.exception';
import { primaryEmployment } from './primary-employment.policy';

const e = (employmentId: string, rate: number, startDate: string): EmploymentTerms => ({
  employmentId,
  rate,
  startDate,
  endDate: null,
});

describe('primaryEmployment', () => {
  it.each<[string, EmploymentTerms[], string]>([
    ['a single employment', [e('1', 40, '2024-01-01')], '1'],
    ['the highest rate', [e('1', 50, '2020-01-01'), e('2', 100, '2024-01-01'), e('3', 75, '2019-01-01')], '2'],
    ['on equal rate, the earliest start', [e('1', 50, '2024-01-01'), e('2', 50, '2023-06-01')], '2'],
    ['on equal rate and start, the lowest id', [e('7', 50, '2024-01-01'), e('3', 50, '2024-01-01')], '3'],
    ['numeric ids compared as numbers', [e('10', 50, '2024-01-01'), e('9', 50, '2024-01-01')], '9'],
    ['other ids compared character by character', [e('E2', 50, '2024-01-01'), e('E10', 50, '2024-01-01')], 'E10'],
    ['an hourly 0 % employment only when nothing else', [e('1', 0, '2020-01-01'), e('2', 10, '2024-01-01')], '2'],
  ])('picks %s', (_, employments, expected) => {
    expect(primaryEmployment(employments).employmentId).toBe(expected);
    expect(primaryEmployment([...employments].reverse()).employmentId).toBe(expected);
  });

  it('gives back the caller’s own object', () => {
    const rich = { ...e('1', 100, '2024-01-01'), customerCode: 'N138' };
    expect(primaryEmployment([rich])).toBe(rich);
  });

  it('refuses an empty list', () => {
    expect(() => primaryEmployment([])).toThrow(IdentityException);
  });
});
