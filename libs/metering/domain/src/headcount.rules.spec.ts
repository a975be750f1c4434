import { applyEmploymentChange, employmentSpans, headcountSpans, type EmploymentChange, type HeadcountEmployment } from './headcount.rules';

const change = (fields: Partial<EmploymentChange> = {}): EmploymentChange => ({
  kind: 'JOINER',
  employmentId: 'E1',
  personId: 'p-1',
  customerCode: 'N138',
  startDate: '2026-03-01',
  endDate: null,
  changedOn: '2026-02-10',
  ...fields,
});

/** The employment after the changes, one after the other, from nothing. */
const after = (...changes: Partial<EmploymentChange>[]): HeadcountEmployment =>
  changes.reduce<HeadcountEmployment | null>((state, fields) => applyEmploymentChange(state, change(fields)), null) as HeadcountEmployment;

const spansOf = (employment: HeadcountEmployment) => Object.fromEntries([...employmentSpans(employment)].map(([customer, spans]) => [customer, spans.map((s) => `${s.from}..${s.to ?? ''}`)]));

describe('applyEmploymentChange and employmentSpans: the days an employment counts at each customer', () => {
  it.each<[string, Partial<EmploymentChange>[], Record<string, string[]>]>([
    ['a joiner from the start date, open-ended', [{}], { N138: ['2026-03-01..'] }],
    ['a fixed-term joiner to its end date', [{ endDate: '2026-08-31' }], { N138: ['2026-03-01..2026-08-31'] }],
    ['a leaver to the end date, its last day', [{}, { kind: 'LEAVER', endDate: '2026-11-15', changedOn: '2026-11-02' }], { N138: ['2026-03-01..2026-11-15'] }],
    ['a leaver without an end date: gone from HR, held through the day before', [{}, { kind: 'LEAVER', endDate: null, changedOn: '2026-11-02' }], { N138: ['2026-03-01..2026-11-01'] }],
    [
      'a mover to another customer: the old one to the day before the change, the new one from it',
      [{}, { kind: 'MOVER', customerCode: 'B110', changedOn: '2026-11-16' }],
      { N138: ['2026-03-01..2026-11-15'], B110: ['2026-11-16..'] },
    ],
    ['a move before the first day: the old customer never held it', [{}, { kind: 'MOVER', customerCode: 'B110', changedOn: '2026-02-20' }], { B110: ['2026-03-01..'] }],
    ['a move within the customer (another unit) changes nothing', [{}, { kind: 'MOVER', changedOn: '2026-11-16' }], { N138: ['2026-03-01..'] }],
    [
      'moved away and back: three placements',
      [{}, { kind: 'MOVER', customerCode: 'B110', changedOn: '2026-06-01' }, { kind: 'MOVER', customerCode: 'N138', changedOn: '2026-09-01' }],
      { N138: ['2026-03-01..2026-05-31', '2026-09-01..'], B110: ['2026-06-01..2026-08-31'] },
    ],
    [
      'a leaver after a move ends the new placement only',
      [{}, { kind: 'MOVER', customerCode: 'B110', changedOn: '2026-06-01' }, { kind: 'LEAVER', customerCode: 'B110', endDate: '2026-10-31', changedOn: '2026-10-20' }],
      { N138: ['2026-03-01..2026-05-31'], B110: ['2026-06-01..2026-10-31'] },
    ],
    ['an end date removed again (UPDATED): open-ended once more', [{ endDate: '2026-08-31' }, { kind: 'UPDATED', endDate: null }], { N138: ['2026-03-01..'] }],
    ['withdrawn before it began (ends before it starts): no days at all', [{}, { kind: 'LEAVER', endDate: '2026-02-20', changedOn: '2026-02-20' }], {}],
    ['the first event seen is a MOVER: placed where it is now', [{ kind: 'MOVER', customerCode: 'B110', changedOn: '2026-11-16' }], { B110: ['2026-03-01..'] }],
  ])('%s', (_case, changes, spans) => {
    expect(spansOf(after(...changes))).toEqual(spans);
  });

  it('refuses a start date that is not a date, naming the employment and the field', () => {
    expect(() => applyEmploymentChange(null, change({ startDate: '2026-02-30' }))).toThrow('employment E1: startDate "2026-02-30" is not a date; expected YYYY-MM-DD');
  });
});

describe('headcountSpans: a person counts once per customer and day', () => {
  it.each<[string, HeadcountEmployment[], Record<string, string[]>]>([
    ['two employments at one customer, overlapping: one span', [after({ employmentId: 'E1' }), after({ employmentId: 'E2', startDate: '2026-05-01', endDate: '2026-12-31' })], { N138: ['2026-03-01..'] }],
    [
      'two employments at one customer, back to back: one span',
      [after({ employmentId: 'E1', endDate: '2026-04-30' }), after({ employmentId: 'E2', startDate: '2026-05-01' })],
      { N138: ['2026-03-01..'] },
    ],
    [
      'two employments at one customer with a gap: two spans',
      [after({ employmentId: 'E1', endDate: '2026-04-30' }), after({ employmentId: 'E2', startDate: '2026-06-01' })],
      { N138: ['2026-03-01..2026-04-30', '2026-06-01..'] },
    ],
    ['employments at two customers: counted at each', [after({ employmentId: 'E1' }), after({ employmentId: 'E2', customerCode: 'B110' })], { N138: ['2026-03-01..'], B110: ['2026-03-01..'] }],
  ])('%s', (_case, employments, spans) => {
    const byCustomer = headcountSpans(employments);
    expect(Object.fromEntries([...byCustomer].map(([customer, list]) => [customer, list.map((s) => `${s.from}..${s.to ?? ''}`)]))).toEqual(spans);
  });
});
