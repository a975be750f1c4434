import { mergeSpans } from './day-span';

describe('mergeSpans', () => {
  it.each([
    ['overlapping spans join', [['2026-03-01', '2026-06-30'], ['2026-05-01', '2026-08-31']], ['2026-03-01..2026-08-31']],
    ['adjacent spans join', [['2026-03-01', '2026-03-31'], ['2026-04-01', null]], ['2026-03-01..']],
    ['a gap keeps them apart, sorted', [['2026-06-01', null], ['2026-03-01', '2026-04-30']], ['2026-03-01..2026-04-30', '2026-06-01..']],
    ['an open-ended span swallows later ones', [['2026-03-01', null], ['2026-05-01', '2026-05-31']], ['2026-03-01..']],
    ['an empty span (ends before it starts) is dropped', [['2026-03-01', '2026-02-28']], []],
    ['across February of a leap year', [['2028-01-01', '2028-02-28'], ['2028-02-29', '2028-03-31']], ['2028-01-01..2028-03-31']],
  ])('%s', (_case, spans, merged) => {
    expect(mergeSpans((spans as [string, string | null][]).map(([from, to]) => ({ from, to }))).map((s) => `${s.from}..${s.to ?? ''}`)).toEqual(merged);
  });
});
