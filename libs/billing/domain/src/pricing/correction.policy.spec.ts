import type { Measure, PriceListEntry } from '../catalogue/price-list.model';
import { BillingExceptionCode } from '../billing.exception';
import { correctionLines, correctionReason, type LedgerChanges } from './correction.policy';
import type { InvoiceLine } from './invoice.model';
import { priceCustomerPeriod } from './period-pricing.policy';
import type { UsageItem } from './usage-item.model';

const entry = (offeringCode: string, measure: Measure, priceSek: string): PriceListEntry => ({
  offeringCode,
  offeringName: `Tjänst ${offeringCode}`,
  unit: 'st/mån',
  measure,
  priceSek,
  validFrom: '2024-01-01',
  validTo: null,
  offeringType: 'bas',
});
const priceList = [entry('KST01', 'antal-vid-manadsslut', '350.00'), entry('BEH01', 'dagar-proportionellt', '100.00')];
const item = (id: string, offeringCode: string, validFrom: string, validTo: string | null): UsageItem => ({
  id,
  offeringCode,
  subjectId: `s-${id}`,
  quantity: '1',
  validFrom,
  validTo,
});
/** April 2025 (30 days) for N138, priced as the run prices it. */
const april = (usage: UsageItem[]) => priceCustomerPeriod({ period: '2025-04', customerCode: 'N138', priceList, usage });
const correct = (billed: InvoiceLine[], recomputed: InvoiceLine[], changes?: (offering: string) => LedgerChanges | undefined) =>
  correctionLines({ period: '2025-05', correctsPeriod: '2025-04', customerCode: 'N138', billed, recomputed, changes });
const shown = (lines: InvoiceLine[]) => lines.map((line) => [line.offeringCode, line.quantity, line.unitPriceSek, line.amountSek, line.reason]);

describe('correctionLines', () => {
  const issued = april([item('a', 'KST01', '2024-06-01', null), item('b', 'BEH01', '2024-06-01', null), item('c', 'BEH01', '2025-04-16', null)]);

  it('adds nothing when the recomputed period bills the same', () => {
    expect(correct(issued, april([item('a', 'KST01', '2024-06-01', null), item('b', 'BEH01', '2024-06-01', null), item('c', 'BEH01', '2025-04-16', null)]))).toEqual([]);
  });

  it.each<[string, UsageItem[], LedgerChanges | undefined, (string | undefined)[][]]>([
    [
      'a late joiner is a debit',
      [item('a', 'KST01', '2024-06-01', null), item('d', 'KST01', '2025-04-20', null), item('b', 'BEH01', '2024-06-01', null), item('c', 'BEH01', '2025-04-16', null)],
      { added: 1, ended: 0, adjusted: 0, itemIds: ['d'] },
      [['KST01', '1', '350.00', '350.00', 'ledger changed after issue: 1 item added']],
    ],
    [
      // Held 30 of 30 days, now 10: 100.00 became 33.33.
      'a close dated back is a credit of the days no longer held',
      [item('a', 'KST01', '2024-06-01', null), item('b', 'BEH01', '2024-06-01', '2025-04-10'), item('c', 'BEH01', '2025-04-16', null)],
      { added: 0, ended: 1, adjusted: 0, itemIds: ['close-b'] },
      [['BEH01', '-0.6667', '100.00', '-66.67', 'ledger changed after issue: 1 item ended']],
    ],
    [
      'an item gone altogether is credited in full, and reasons fall back to the items that went',
      [item('b', 'BEH01', '2024-06-01', null), item('c', 'BEH01', '2025-04-16', null)],
      undefined,
      [['KST01', '-1', '350.00', '-350.00', 'ledger changed after issue: 1 item removed']],
    ],
  ])('%s', (_case, usageNow, changes, expected) => {
    expect(shown(correct(issued, april(usageNow), () => changes))).toEqual(expected);
  });

  it('is exact in öre: three thirds billed 33.33 each, recomputed as one whole month', () => {
    const thirds = april([item('x', 'BEH01', '2025-04-01', '2025-04-10'), item('y', 'BEH01', '2025-04-11', '2025-04-20')]);
    const whole = april([item('x', 'BEH01', '2025-04-01', '2025-04-10'), item('y', 'BEH01', '2025-04-11', '2025-04-20'), item('z', 'BEH01', '2025-04-21', '2025-04-30')]);
    const [line] = correct(thirds, whole);
    // 66.67 billed (20 of 30 days, rounded once); 100.00 now: the debit is 33.33, not 33.34 or 33.3333.
    expect([line.quantity, line.amountSek]).toEqual(['0.3333', '33.33']);
    expect(line.itemIds).toEqual(['z']);
  });

  it('nets out corrections already issued, so a change is billed once', () => {
    const now = april([item('a', 'KST01', '2024-06-01', null), item('d', 'KST01', '2025-04-20', null), item('b', 'BEH01', '2024-06-01', null), item('c', 'BEH01', '2025-04-16', null)]);
    const [first] = correct(issued, now);
    expect(first.amountSek).toBe('350.00');
    // The May run that carried it was issued; June sees the same ledger and adds nothing.
    const june = correctionLines({ period: '2025-06', correctsPeriod: '2025-04', customerCode: 'N138', billed: [...issued, first], recomputed: now });
    expect(june).toEqual([]);
  });

  it('marks the line as a correction of the issued period on the carrying period', () => {
    const [line] = correct(issued, april([item('b', 'BEH01', '2024-06-01', null), item('c', 'BEH01', '2025-04-16', null)]));
    expect(line).toMatchObject({ customerCode: 'N138', period: '2025-05', correctsPeriod: '2025-04', offeringName: 'Tjänst KST01', measure: 'antal-vid-manadsslut', itemIds: ['a'] });
  });

  it("leaves other customers' lines alone", () => {
    const other = issued.map((line) => ({ ...line, customerCode: 'B110' }));
    expect(correct([...issued, ...other], issued)).toEqual([]);
  });

  it.each([
    ['2025-04', '2025-04'],
    ['2025-05', '2025-04'],
  ])('refuses to correct %s from %s', (correctsPeriod, period) => {
    expect(() => correctionLines({ period, correctsPeriod, customerCode: 'N138', billed: [], recomputed: [] })).toThrow(
      expect.objectContaining({ code: BillingExceptionCode.INVALID_CORRECTION }),
    );
  });
});

describe('correctionReason', () => {
  it.each<[Measure, Partial<LedgerChanges> | undefined, { came: number; went: number } | undefined, string]>([
    ['antal-vid-manadsslut', { added: 2, ended: 1, adjusted: 0 }, undefined, 'ledger changed after issue: 2 items added, 1 ended'],
    ['dagar-proportionellt', { added: 0, ended: 0, adjusted: 3 }, undefined, 'ledger changed after issue: 3 items adjusted'],
    ['fordelning-antal-anstallda', { added: 1, ended: 4, adjusted: 0 }, undefined, 'headcount changed after issue: 1 person added, 4 ended'],
    ['antal-vid-manadsslut', undefined, { came: 0, went: 2 }, 'ledger changed after issue: 2 items removed'],
    ['fast', undefined, undefined, 'agreements changed after issue'],
    ['dagar-proportionellt', { added: 0, ended: 0, adjusted: 0 }, undefined, 'days held changed after issue'],
    ['fordelning-antal-anstallda', undefined, undefined, 'headcount or agreements changed after issue'],
  ])('%s with %j and %j: "%s"', (measure, changes, items, expected) => {
    const counts = changes ? { added: 0, ended: 0, adjusted: 0, ...changes } : undefined;
    expect(correctionReason(measure, counts, items)).toBe(expected);
  });
});
