import type { PriceListEntry } from '../catalogue/price-list.model';
import { BillingExceptionCode } from '../billing.exception';
import { priceCustomerPeriod, priceCustomerUsage } from './period-pricing.policy';
import { aggregateUsage, checkUsageAggregates, mergeItemIds, type UsageAggregate } from './usage-aggregate.model';
import type { UsageItem } from './usage-item.model';

const entry = (offeringCode: string, measure: PriceListEntry['measure'], priceSek: string): PriceListEntry => ({
  offeringCode,
  offeringName: `Tjänst ${offeringCode}`,
  unit: 'st/mån',
  measure,
  priceSek,
  validFrom: '2024-01-01',
  validTo: null,
  offeringType: 'bas',
});
const priceList = [
  entry('KST01', 'antal-vid-manadsslut', '350.00'),
  entry('BEH01', 'dagar-proportionellt', '10.01'),
  entry('M365E3', 'vidarefakturering', '129.50'),
  entry('SPEC1', 'fast', '5000.00'),
];

const item = (id: string, offeringCode: string, validFrom: string, validTo: string | null, more: Partial<UsageItem> = {}): UsageItem => ({
  id,
  offeringCode,
  subjectId: `subject-${id}`,
  quantity: '1',
  validFrom,
  validTo,
  ...more,
});

/** An aggregate as the billing run's SQL returns it: sums as numeric text (4 decimals), ids in no particular order. */
const sums = (
  offeringCode: string,
  [quantityAtMonthEnd, quantityHeld, quantityDays]: [string, string, string],
  itemIdsAtMonthEnd: string[],
  itemIdsEndedInMonth: string[],
  unitCostSek?: string,
): UsageAggregate => ({ offeringCode, ...(unitCostSek ? { unitCostSek } : {}), quantityAtMonthEnd, quantityHeld, quantityDays, itemIdsAtMonthEnd, itemIdsEndedInMonth });

// April 2025: 30 days. Each case: the items, and the sums PostgreSQL makes of them.
describe('pricing the sums of a month equals pricing its items', () => {
  it.each<[string, UsageItem[], UsageAggregate[]]>([
    [
      'a joiner on the 16th and a leaver on the 10th, by days held',
      [item('b', 'BEH01', '2025-04-16', null), item('a', 'BEH01', '2024-06-01', '2025-04-10'), item('c', 'BEH01', '2024-06-01', null)],
      [sums('BEH01', ['2.0000', '3.0000', '55.0000'], ['c', 'b'], ['a'])],
    ],
    [
      'a leaver before month end is not counted at month end, but named by days',
      [item('p1', 'KST01', '2024-06-01', '2025-04-29'), item('p2', 'KST01', '2025-04-30', null), item('p3', 'KST01', '2024-06-01', '2025-04-30')],
      [sums('KST01', ['2.0000', '3.0000', '60.0000'], ['p3', 'p2'], ['p1'])],
    ],
    [
      'a negative adjustment from the 11th nets within the line',
      [item('x', 'BEH01', '2024-01-01', null, { quantity: '2' }), item('y', 'BEH01', '2025-04-11', null, { quantity: '-1' })],
      [sums('BEH01', ['1.0000', '1.0000', '40.0000'], ['y', 'x'], [])],
    ],
    [
      'an adjustment that cancels a month-end count leaves no line',
      [item('x', 'KST01', '2024-01-01', null), item('y', 'KST01', '2025-04-30', null, { quantity: '-1' })],
      [sums('KST01', ['0.0000', '0.0000', '29.0000'], ['x', 'y'], [])],
    ],
    [
      'several unit costs, one equal to the list price, and items without a cost',
      [
        item('l1', 'M365E3', '2024-06-01', null, { unitCostSek: '389.00' }),
        item('l2', 'M365E3', '2025-04-16', null, { unitCostSek: '250' }),
        item('l3', 'M365E3', '2025-04-01', '2025-04-15', { unitCostSek: '250.00' }),
        item('l4', 'M365E3', '2025-04-21', null),
        item('l5', 'M365E3', '2024-06-01', '2025-04-07', { unitCostSek: '129.5' }),
        item('l6', 'M365E3', '2025-04-01', null, { unitCostSek: '0.0149', quantity: '0.5' }),
      ],
      [
        sums('M365E3', ['1.0000', '1.0000', '10.0000'], ['l4'], []),
        sums('M365E3', ['0.5000', '0.5000', '15.0000'], ['l6'], [], '0.0149'),
        sums('M365E3', ['0.0000', '1.0000', '7.0000'], [], ['l5'], '129.50'),
        sums('M365E3', ['1.0000', '2.0000', '30.0000'], ['l2'], ['l3'], '250.00'),
        sums('M365E3', ['1.0000', '1.0000', '30.0000'], ['l1'], [], '389.00'),
      ],
    ],
    [
      'a fixed fee for usage on a single day',
      [item('s', 'SPEC1', '2025-04-02', '2025-04-02', { quantity: '3' })],
      [sums('SPEC1', ['0.0000', '3.0000', '3.0000'], [], ['s'])],
    ],
    [
      // 10.01 × 15/30 = 5.005: one rounding, half up, from the exact sum.
      'a tie at the öre from the summed days',
      [item('t', 'BEH01', '2025-04-16', null)],
      [sums('BEH01', ['1.0000', '1.0000', '15.0000'], ['t'], [])],
    ],
    ['items of other months only: nothing', [item('o', 'BEH01', '2025-05-01', null), item('q', 'KST01', '2024-01-01', '2025-03-31')], []],
  ])('%s', (_case, items, sqlSums) => {
    const input = { period: '2025-04', customerCode: 'N138', priceList };
    expect(priceCustomerUsage({ ...input, usage: sqlSums })).toEqual(priceCustomerPeriod({ ...input, usage: items }));
    // The domain sums the items as the SQL does (numbers equal, ids the same sets).
    const normal = (aggregates: UsageAggregate[]) =>
      aggregates.map((a) => ({
        ...a,
        ...(a.unitCostSek ? { unitCostSek: Number(a.unitCostSek) } : {}),
        quantityAtMonthEnd: Number(a.quantityAtMonthEnd),
        quantityHeld: Number(a.quantityHeld),
        quantityDays: Number(a.quantityDays),
        itemIdsAtMonthEnd: [...a.itemIdsAtMonthEnd].sort(),
        itemIdsEndedInMonth: [...a.itemIdsEndedInMonth].sort(),
      }));
    expect(normal(aggregateUsage(items, '2025-04'))).toEqual(normal(sqlSums));
  });

  it('names the items of each line sorted, whatever order the sums list them in', () => {
    const [line] = priceCustomerUsage({
      period: '2025-04',
      customerCode: 'N138',
      priceList,
      usage: [sums('BEH01', ['2', '3', '70'], ['c', 'a'], ['b']), sums('BEH01', ['1', '1', '30'], ['0'], [], '5')],
    });
    expect(line).toMatchObject({ quantity: '3.3333', amountSek: '33.37', itemIds: ['0', 'a', 'b', 'c'] });
  });
});

describe('mergeItemIds', () => {
  it.each<[string, string[][], string[]]>([
    ['sorted lists merged', [['0a', '2c', '9f'], [], ['1b', '2c0', 'ff']], ['0a', '1b', '2c', '2c0', '9f', 'ff']],
    ['an unsorted list sorted', [['b', 'a'], ['c']], ['a', 'b', 'c']],
    ['one list copied', [['a', 'b']], ['a', 'b']],
    ['nothing', [], []],
  ])('%s', (_case, lists, expected) => {
    expect(mergeItemIds(lists)).toEqual(expected);
    expect(mergeItemIds(lists)).toEqual(lists.flat().sort());
  });
});

describe('checkUsageAggregates', () => {
  it.each<[string, Partial<UsageAggregate>, string]>([
    ['an item whose close ends it before it began', { invalidItem: { id: 'x', validFrom: '2025-04-10', validTo: '2025-04-05' } }, 'usage item "x": validTo 2025-04-05 is before validFrom 2025-04-10'],
    ['a sum with a comma', { quantityDays: '1,5' }, 'usage of "BEH01": quantityDays "1,5" is not a decimal'],
    ['a negative cost', { unitCostSek: '-1' }, 'unitCostSek "-1" is not a cost'],
    ['no items', { itemIdsAtMonthEnd: [], itemIdsEndedInMonth: [] }, 'itemIds are empty'],
    ['no offering', { offeringCode: '' }, 'offeringCode is empty'],
  ])('refuses %s', (_case, change, says) => {
    const aggregate = { ...sums('BEH01', ['1', '1', '30'], ['a'], []), ...change };
    expect(() => checkUsageAggregates([aggregate])).toThrow(expect.objectContaining({ code: BillingExceptionCode.INVALID_USAGE, message: expect.stringContaining(says) }));
  });
});
