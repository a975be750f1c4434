import { planCoverage, type HeldItem } from './coverage.plan';
import type { DaySpan } from './day-span';

const open = (id: string, validFrom: string, validTo: string | null = null, closedOn: string | null = null): HeldItem => ({
  id,
  kind: 'open',
  quantity: '1.0000',
  validFrom,
  validTo,
  close: closedOn === null ? null : { id: `close-of-${id}`, validTo: closedOn, sourceEventId: null },
});
const adjusted = (id: string, quantity: string, validFrom: string, validTo: string | null): HeldItem => ({ id, kind: 'adjust', quantity, validFrom, validTo, close: null });
const span = (from: string, to: string | null = null): DaySpan => ({ from, to });

/** Steps as short text: "open 2026-03-01..", "close o1 ..2026-11-15", "adjust -1 2026-11-01..2026-11-15". */
const shown = (wanted: DaySpan[], held: HeldItem[]) =>
  planCoverage(wanted, held).map((step) =>
    step.kind === 'close' ? `close ${step.refersTo} ..${step.validTo}` : `${step.kind} ${step.quantity} ${step.validFrom}..${step.validTo ?? ''}`,
  );

describe('planCoverage: the ledger items that make a subject held on exactly the wanted days', () => {
  it.each<[string, DaySpan[], HeldItem[], string[]]>([
    ['a joiner: one open item from the first day', [span('2026-03-01')], [], ['open 1 2026-03-01..']],
    ['a fixed-term joiner: one open item with its last day', [span('2026-03-01', '2026-08-31')], [], ['open 1 2026-03-01..2026-08-31']],
    ['nothing new: nothing to append', [span('2026-03-01')], [open('o1', '2026-03-01')], []],
    ['a redelivered leaver that is already closed: nothing', [span('2026-03-01', '2026-11-15')], [open('o1', '2026-03-01', null, '2026-11-15')], []],
    ['a leaver: the open item closed on the last day', [span('2026-03-01', '2026-11-15')], [open('o1', '2026-03-01')], ['close o1 ..2026-11-15']],
    ['moved away (nothing wanted here from the move): closed the day before', [span('2026-03-01', '2026-11-15')], [open('o1', '2026-03-01')], ['close o1 ..2026-11-15']],
    ['moved here: a new open item from the move', [span('2026-11-16')], [], ['open 1 2026-11-16..']],
    [
      'the end date moved later after the close: a new item for the extra days',
      [span('2026-03-01', '2026-12-31')],
      [open('o1', '2026-03-01', null, '2026-11-15')],
      ['open 1 2026-11-16..2026-12-31'],
    ],
    ['the end date removed after the close: a new open-ended item', [span('2026-03-01')], [open('o1', '2026-03-01', null, '2026-11-15')], ['open 1 2026-11-16..']],
    [
      'the end date moved earlier after the close: the extra days taken back',
      [span('2026-03-01', '2026-10-31')],
      [open('o1', '2026-03-01', null, '2026-11-15')],
      ['adjust -1 2026-11-01..2026-11-15'],
    ],
    [
      'withdrawn before it began: closed on its first day, that day taken back',
      [],
      [open('o1', '2026-12-01')],
      ['close o1 ..2026-12-01', 'adjust -1 2026-12-01..2026-12-01'],
    ],
    [
      'an old employment ends when the next one is already known: closed, and the next one opened',
      [span('2026-03-01', '2026-11-30'), span('2027-01-10')],
      [open('o1', '2026-03-01')],
      ['close o1 ..2026-11-30', 'open 1 2027-01-10..'],
    ],
    [
      'a start date moved earlier: the days before the open item added',
      [span('2026-02-15')],
      [open('o1', '2026-03-01')],
      ['open 1 2026-02-15..2026-02-28'],
    ],
    [
      'a correction taken back when the days are wanted again',
      [span('2026-12-01')],
      [open('o1', '2026-12-01', null, '2026-12-01'), adjusted('a1', '-1', '2026-12-01', '2026-12-01')],
      ['open 1 2026-12-01..'],
    ],
  ])('%s', (_case, wanted, held, steps) => {
    expect(shown(wanted, held)).toEqual(steps);
  });

  it('closes only open-ended items, each once: an item with its own last day is never closed', () => {
    expect(shown([span('2026-03-01', '2026-05-31')], [open('o1', '2026-03-01', '2026-08-31')])).toEqual(['adjust -1 2026-06-01..2026-08-31']);
  });
});
