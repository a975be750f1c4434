import type { Agreement } from '../catalogue/agreement.model';
import type { Measure, OfferingType, PriceListEntry } from '../catalogue/price-list.model';
import { BillingExceptionCode } from '../billing.exception';
import { findPriceEntry, priceCustomerPeriod, type PeriodPricingInput } from './period-pricing.policy';
import type { UsageItem } from './usage-item.model';

const entry = (
  offeringCode: string,
  measure: Measure,
  priceSek: string,
  more: Partial<PriceListEntry> = {},
): PriceListEntry => ({
  offeringCode,
  offeringName: `Tjänst ${offeringCode}`,
  unit: 'st/mån',
  measure,
  priceSek,
  validFrom: '2024-01-01',
  validTo: null,
  offeringType: 'bas' as OfferingType,
  ...more,
});

let nextId = 0;
const item = (offeringCode: string, validFrom: string, validTo: string | null, more: Partial<UsageItem> = {}): UsageItem => ({
  id: `item-${++nextId}`,
  offeringCode,
  subjectId: `subject-${nextId}`,
  quantity: '1',
  validFrom,
  validTo,
  ...more,
});

const priceList: PriceListEntry[] = [
  entry('KST01', 'antal-vid-manadsslut', '350.00'),
  entry('BEH01', 'dagar-proportionellt', '100.00'),
  entry('M365E3', 'vidarefakturering', '150.00', { offeringType: 'digital-infrastruktur' }),
  entry('SPEC1', 'fast', '5000.00', { offeringType: 'specialist' }),
  entry('IDM01', 'fordelning-antal-anstallda', '1000000.00'),
  entry('SAM01', 'fordelning-antal-anstallda', '200000.00', { offeringType: 'tillagg' }),
];

const price = (input: Partial<PeriodPricingInput>) =>
  priceCustomerPeriod({
    period: '2025-04',
    customerCode: 'N138',
    priceList,
    usage: [],
    headcount: { customer: 0, total: 57000 },
    ...input,
  });

/** One offering's lines as [quantity, unit price, amount]. */
const linesOf = (offeringCode: string, input: Partial<PeriodPricingInput>) =>
  price(input)
    .filter((line) => line.offeringCode === offeringCode)
    .map((line) => [line.quantity, line.unitPriceSek, line.amountSek]);

describe('priceCustomerPeriod', () => {
  // April 2025 has 30 days.
  describe('antal-vid-manadsslut: the count held on the last day', () => {
    it.each<[string, UsageItem[], string[][]]>([
      ['held all month', [item('KST01', '2024-06-01', null)], [['1', '350.00', '350.00']]],
      ['a joiner from the 16th', [item('KST01', '2025-04-16', null)], [['1', '350.00', '350.00']]],
      ['a leaver on the 15th', [item('KST01', '2024-06-01', '2025-04-15')], []],
      ['a leaver on the last day', [item('KST01', '2024-06-01', '2025-04-30')], [['1', '350.00', '350.00']]],
      ['a joiner next month', [item('KST01', '2025-05-01', null)], []],
      ['quantity 2 and a correction', [item('KST01', '2025-01-01', null, { quantity: '2' }), item('KST01', '2025-04-02', null, { quantity: '-1' })], [['1', '350.00', '350.00']]],
      [
        'three devices, one leaver',
        [item('KST01', '2024-06-01', null), item('KST01', '2025-04-16', null), item('KST01', '2024-06-01', '2025-04-29')],
        [['2', '350.00', '700.00']],
      ],
    ])('%s', (_case, usage, expected) => {
      expect(linesOf('KST01', { usage })).toEqual(expected);
    });

    it('carries the ids of the items counted, not of the leavers', () => {
      const usage = [
        item('KST01', '2024-06-01', null, { id: 'b' }),
        item('KST01', '2024-06-01', '2025-04-10', { id: 'c' }),
        item('KST01', '2025-04-16', null, { id: 'a' }),
      ];
      expect(price({ usage })[0].itemIds).toEqual(['a', 'b']);
    });
  });

  describe('dagar-proportionellt: days held / days in month', () => {
    it.each<[string, UsageItem[], string[][]]>([
      ['held all month', [item('BEH01', '2024-06-01', null)], [['1', '100.00', '100.00']]],
      ['a joiner from the 16th of a 30-day month', [item('BEH01', '2025-04-16', null)], [['0.5', '100.00', '50.00']]],
      ['a leaver on the 10th', [item('BEH01', '2024-06-01', '2025-04-10')], [['0.3333', '100.00', '33.33']]],
      ['a joiner on the 16th and a leaver on the 10th', [item('BEH01', '2025-04-16', null), item('BEH01', '2024-06-01', '2025-04-10')], [['0.8333', '100.00', '83.33']]],
      ['one day', [item('BEH01', '2025-04-30', '2025-04-30')], [['0.0333', '100.00', '3.33']]],
      ['gone before the month', [item('BEH01', '2024-06-01', '2025-03-31')], []],
      // Three thirds of a month are one month: rounded once, not 3 × 33.33 = 99.99.
      [
        'three items of 10 days each',
        [item('BEH01', '2025-04-01', '2025-04-10'), item('BEH01', '2025-04-11', '2025-04-20'), item('BEH01', '2025-04-21', '2025-04-30')],
        [['1', '100.00', '100.00']],
      ],
      ['quantity 0.5 all month', [item('BEH01', '2024-06-01', null, { quantity: '0.5' })], [['0.5', '100.00', '50.00']]],
    ])('%s', (_case, usage, expected) => {
      expect(linesOf('BEH01', { usage })).toEqual(expected);
    });

    it.each([
      ['2024-02', '2024-02-15', '290.00', '0.5172', '150.00'], // leap year: 15 of 29 days
      ['2024-02', '2024-02-29', '290.00', '0.0345', '10.00'], // 1 of 29 days
      ['2025-02', '2025-02-15', '280.00', '0.5', '140.00'], // 14 of 28 days
      ['2025-03', '2025-03-16', '310.00', '0.5161', '160.00'], // 16 of 31 days
    ])('%s: a joiner from %s at %s holds %s of the month, %s SEK', (period, from, unitPrice, quantity, amount) => {
      const lines = price({ period, priceList: [entry('BEH01', 'dagar-proportionellt', unitPrice)], usage: [item('BEH01', from, null)] });
      expect(lines.map((line) => [line.quantity, line.amountSek])).toEqual([[quantity, amount]]);
    });
  });

  describe('vidarefakturering: the cost passed through, prorated by days held', () => {
    it.each<[string, UsageItem[], string[][]]>([
      ['a licence held all month', [item('M365E3', '2024-06-01', null, { unitCostSek: '129.50' })], [['1', '129.50', '129.50']]],
      ['a licence from the 16th', [item('M365E3', '2025-04-16', null, { unitCostSek: '129.50' })], [['0.5', '129.50', '64.75']]],
      ['no cost on the item: the list price', [item('M365E3', '2024-06-01', '2025-04-15')], [['0.5', '150.00', '75.00']]],
      [
        'two costs give two lines, cheapest first',
        [
          item('M365E3', '2024-06-01', null, { unitCostSek: '129.5' }),
          item('M365E3', '2024-06-01', null, { unitCostSek: '99.90' }),
          item('M365E3', '2024-06-01', null, { unitCostSek: '129.50' }),
        ],
        [
          ['1', '99.90', '99.90'],
          ['2', '129.50', '259.00'],
        ],
      ],
    ])('%s', (_case, usage, expected) => {
      expect(linesOf('M365E3', { usage })).toEqual(expected);
    });
  });

  describe('fast: one per month under agreement or in use', () => {
    const agreement = (validFrom: string, validTo: string | null, customerCode = 'N138'): Agreement => ({
      customerCode,
      offeringCode: 'SPEC1',
      validFrom,
      validTo,
    });
    it.each<[string, Partial<PeriodPricingInput>, string[][]]>([
      ['an agreement all month', { agreements: [agreement('2025-01-01', null)] }, [['1', '5000.00', '5000.00']]],
      ['an agreement from the 20th: the whole month', { agreements: [agreement('2025-04-20', null)] }, [['1', '5000.00', '5000.00']]],
      ['an agreement ending on the 10th: the whole month', { agreements: [agreement('2025-01-01', '2025-04-10')] }, [['1', '5000.00', '5000.00']]],
      ['an agreement that ended last month', { agreements: [agreement('2025-01-01', '2025-03-31')] }, []],
      ["another customer's agreement", { agreements: [agreement('2025-01-01', null, 'B110')] }, []],
      ['usage without agreement', { usage: [item('SPEC1', '2025-04-16', null, { quantity: '3' })] }, [['1', '5000.00', '5000.00']]],
      ['nothing', {}, []],
    ])('%s', (_case, input, expected) => {
      expect(linesOf('SPEC1', input)).toEqual(expected);
    });
  });

  describe('fordelning-antal-anstallda: the cost × customer headcount / total headcount', () => {
    it.each<[string, Partial<PeriodPricingInput>, string[][]]>([
      ['1 234 of 57 000 employees', { headcount: { customer: 1234, total: 57000 } }, [['0.0216', '1000000.00', '21649.12']]],
      ['half the employees', { headcount: { customer: 100, total: 200 } }, [['0.5', '1000000.00', '500000.00']]],
      ['no employees: no line', { headcount: { customer: 0, total: 57000 } }, []],
      ['the actual cost replaces the list price', { headcount: { customer: 1, total: 3 }, sharedCosts: { IDM01: '900000.01' } }, [['0.3333', '900000.01', '300000.00']]],
    ])('%s', (_case, input, expected) => {
      expect(linesOf('IDM01', input)).toEqual(expected);
    });

    it('shows the headcounts behind the share', () => {
      const [line] = price({ headcount: { customer: 1234, total: 57000 } });
      expect(line).toMatchObject({ offeringCode: 'IDM01', allocation: { customerHeadcount: 1234, totalHeadcount: 57000 }, itemIds: [] });
    });

    it('bills an add-on shared cost only under agreement', () => {
      const headcount = { customer: 10, total: 100 };
      expect(linesOf('SAM01', { headcount })).toEqual([]);
      const agreements = [{ customerCode: 'N138', offeringCode: 'SAM01', validFrom: '2025-01-01', validTo: null }];
      expect(linesOf('SAM01', { headcount, agreements })).toEqual([['0.1', '200000.00', '20000.00']]);
    });

    it('refuses to drop a shared cost when the headcount is missing', () => {
      expect(() => price({ headcount: undefined })).toThrow(
        expect.objectContaining({ code: BillingExceptionCode.MISSING_HEADCOUNT, message: expect.stringContaining('IDM01') }),
      );
    });

    it.each([
      [{ customer: 10, total: 0 }, 'total 0'],
      [{ customer: 11, total: 10 }, 'customer 11 exceeds total 10'],
      [{ customer: 1.5, total: 10 }, 'customer 1.5 is not a whole number'],
    ])('refuses headcount %j', (headcount, says) => {
      expect(() => price({ headcount })).toThrow(
        expect.objectContaining({ code: BillingExceptionCode.INVALID_HEADCOUNT, message: expect.stringContaining(says) }),
      );
    });

    it.each([
      [{ IDM01: '-5' }, 'is not an amount'],
      [{ IDM01: '1.005' }, 'is not an amount'],
      [{ KST01: '100' }, 'not shared by headcount'],
    ])('refuses sharedCosts %j', (sharedCosts, says) => {
      expect(() => price({ sharedCosts })).toThrow(
        expect.objectContaining({ code: BillingExceptionCode.INVALID_SHARED_COST, message: expect.stringContaining(says) }),
      );
    });
  });

  describe('rounding: exact, once per line, to öre, half up', () => {
    it.each<[string, PriceListEntry, UsageItem[], Partial<PeriodPricingInput>, string]>([
      // 10.01 × 15/30 = 5.005 exactly; binary floating point would give 5.00.
      ['5.005 rounds up', entry('BEH01', 'dagar-proportionellt', '10.01'), [item('BEH01', '2025-04-16', null)], {}, '5.01'],
      ['0.075 rounds up', entry('BEH01', 'dagar-proportionellt', '0.15'), [item('BEH01', '2025-04-16', null)], {}, '0.08'],
      ['1.005 from quantity 0.5 × 2.01', entry('KST01', 'antal-vid-manadsslut', '2.01'), [item('KST01', '2025-01-01', null, { quantity: '0.5' })], {}, '1.01'],
      ['a cost of 0.125', entry('M365E3', 'vidarefakturering', '0'), [item('M365E3', '2025-01-01', null, { unitCostSek: '0.125' })], {}, '0.13'],
      ['a cost of 0.0149', entry('M365E3', 'vidarefakturering', '0'), [item('M365E3', '2025-01-01', null, { unitCostSek: '0.0149' })], {}, '0.01'],
      ['500.005 from a shared cost', entry('IDM01', 'fordelning-antal-anstallda', '1000.01'), [], { headcount: { customer: 1, total: 2 } }, '500.01'],
      ['a correction of -5.005 rounds away from zero', entry('BEH01', 'dagar-proportionellt', '10.01'), [item('BEH01', '2025-04-16', null, { quantity: '-1' })], {}, '-5.01'],
      // 7 × 13/30 = 3.0333…: the repeating decimal is not a tie.
      ['a repeating decimal', entry('BEH01', 'dagar-proportionellt', '7.00'), [item('BEH01', '2025-04-18', null)], {}, '3.03'],
    ])('%s', (_case, priced, usage, input, amount) => {
      const lines = price({ priceList: [priced], usage, ...input });
      expect(lines.map((line) => line.amountSek)).toEqual([amount]);
    });
  });

  describe('which price', () => {
    const changed = [
      entry('KST01', 'antal-vid-manadsslut', '350.00', { validTo: '2025-04-15' }),
      entry('KST01', 'antal-vid-manadsslut', '375.00', { validFrom: '2025-04-16' }),
    ];

    it('uses the price valid on the last day; a change mid-month does not split the line', () => {
      const lines = price({ priceList: changed, usage: [item('KST01', '2024-06-01', null)] });
      expect(lines).toEqual([expect.objectContaining({ unitPriceSek: '375.00', amountSek: '375.00', priceValidFrom: '2025-04-16' })]);
      expect(price({ period: '2025-03', priceList: changed, usage: [item('KST01', '2024-06-01', null)] })[0].unitPriceSek).toBe('350.00');
    });

    it('uses the last price of the month for an offering withdrawn mid-month', () => {
      const withdrawn = [entry('BEH01', 'dagar-proportionellt', '90.00', { validTo: '2025-04-15' })];
      expect(price({ priceList: withdrawn, usage: [item('BEH01', '2024-06-01', '2025-04-15')] })[0]).toMatchObject({
        quantity: '0.5',
        amountSek: '45.00',
      });
    });

    it('refuses usage of an offering without a price in the month', () => {
      expect(() => price({ usage: [item('NOPE1', '2025-01-01', null)] })).toThrow(
        expect.objectContaining({ code: BillingExceptionCode.PRICE_MISSING, message: expect.stringContaining('NOPE1') }),
      );
      const ended = [entry('KST01', 'antal-vid-manadsslut', '350.00', { validTo: '2025-03-31' })];
      expect(() => price({ priceList: ended, usage: [item('KST01', '2025-01-01', null)] })).toThrow(
        expect.objectContaining({ code: BillingExceptionCode.PRICE_MISSING }),
      );
    });

    it('finds no entry for a month outside every validity', () => {
      expect(findPriceEntry(changed, 'KST01', '2023-12')).toBeUndefined();
      expect(findPriceEntry(changed, 'KST01', '2025-04')?.priceSek).toBe('375.00');
    });
  });

  it('prices a whole customer month into lines sorted by offering, each naming its items', () => {
    const usage = [
      item('KST01', '2024-06-01', null, { id: 'pc-1' }),
      item('BEH01', '2025-04-16', null, { id: 'acc-1' }),
      item('M365E3', '2024-06-01', null, { id: 'lic-1', unitCostSek: '129.50' }),
    ];
    const lines = price({ usage, headcount: { customer: 570, total: 57000 } });
    expect(lines.map((line) => [line.offeringCode, line.measure, line.amountSek, line.itemIds])).toEqual([
      ['BEH01', 'dagar-proportionellt', '50.00', ['acc-1']],
      ['IDM01', 'fordelning-antal-anstallda', '10000.00', []],
      ['KST01', 'antal-vid-manadsslut', '350.00', ['pc-1']],
      ['M365E3', 'vidarefakturering', '129.50', ['lic-1']],
    ]);
    expect(lines[0]).toEqual({
      customerCode: 'N138',
      period: '2025-04',
      offeringCode: 'BEH01',
      offeringName: 'Tjänst BEH01',
      offeringType: 'bas',
      measure: 'dagar-proportionellt',
      unit: 'st/mån',
      quantity: '0.5',
      unitPriceSek: '100.00',
      amountSek: '50.00',
      priceValidFrom: '2024-01-01',
      itemIds: ['acc-1'],
    });
  });

  describe('refuses bad input', () => {
    it.each<[string, Partial<PeriodPricingInput>, BillingExceptionCode, string]>([
      ['a bad period', { period: '2025-13' }, BillingExceptionCode.INVALID_PERIOD, 'period "2025-13"'],
      ['a bad customer code', { customerCode: 'n138' }, BillingExceptionCode.INVALID_CUSTOMER_CODE, 'customerCode "n138"'],
      ['a quantity with a comma', { usage: [item('KST01', '2025-01-01', null, { id: 'x', quantity: '1,5' })] }, BillingExceptionCode.INVALID_USAGE, 'usage item "x": quantity "1,5"'],
      ['a repeated id', { usage: [item('KST01', '2025-01-01', null, { id: 'x' }), item('KST01', '2025-01-01', null, { id: 'x' })] }, BillingExceptionCode.INVALID_USAGE, 'id appears twice'],
      ['an end before the start', { usage: [item('KST01', '2025-04-10', '2025-04-09', { id: 'x' })] }, BillingExceptionCode.INVALID_USAGE, 'validTo 2025-04-09 is before'],
      ['a bad date', { usage: [item('KST01', '2025-04-31', null, { id: 'x' })] }, BillingExceptionCode.INVALID_USAGE, 'validFrom "2025-04-31"'],
      ['a negative cost', { usage: [item('M365E3', '2025-01-01', null, { id: 'x', unitCostSek: '-1' })] }, BillingExceptionCode.INVALID_USAGE, 'unitCostSek "-1"'],
    ])('%s', (_case, input, code, says) => {
      expect(() => price(input)).toThrow(expect.objectContaining({ code, message: expect.stringContaining(says) }));
    });
  });
});
