// Pricing of one customer's month: volume × price per offering, rounded once per line.
// The rules, per measure (mått), are in README.md; the why of each choice is noted here.
import type { Agreement } from '../catalogue/agreement.model';
import { isCustomerCode } from '../catalogue/customer.model';
import type { PriceListEntry } from '../catalogue/price-list.model';
import { BillingException, BillingExceptionCode } from '../billing.exception';
import { daysOverlapping, periodBounds, type BillingPeriod } from '../common/calendar.util';
import { groupBy } from '../common/collection.util';
import { formatQuantity, formatSek, formatUnitPrice, isDecimalText, Money } from '../common/money.util';
import type { InvoiceLine } from './invoice.model';
import { aggregateUsage, checkUsageAggregates, mergeItemIds, type UsageAggregate } from './usage-aggregate.model';
import { checkUsageItems, type UsageItem } from './usage-item.model';

/** Employees for a cost shared by headcount (fördelningsnyckel antal anställda). */
export interface Headcount {
  /** The customer's employees. */
  customer: number;
  /** All employees of the customers that share the cost. */
  total: number;
}

export interface PeriodPricingInput {
  /** YYYY-MM, a calendar month in Europe/Stockholm. */
  period: BillingPeriod;
  customerCode: string;
  priceList: readonly PriceListEntry[];
  /** The customer's ledger items; items not held on any day of the month are ignored. */
  usage: readonly UsageItem[];
  /** Agreements (any customer's; only this customer's count): they make a `fast` or add-on shared offering billable. */
  agreements?: readonly Agreement[];
  /** Needed when the customer shares a cost by headcount. */
  headcount?: Headcount;
  /**
   * The month's actual total cost per offering code for fordelning-antal-anstallda
   * offerings, exact decimal text ≥ 0 with at most 2 decimals; it replaces the price list
   * price (the budgeted cost) when the real cost is known.
   */
  sharedCosts?: Readonly<Record<string, string>>;
}

/** As PeriodPricingInput, with the customer's month already summed per offering and unit cost. */
export interface AggregatePricingInput extends Omit<PeriodPricingInput, 'usage'> {
  /** The customer's items of the month summed (aggregateUsage, or the billing run's SQL). */
  usage: readonly UsageAggregate[];
}

/** A volume as an exact fraction: amounts are rounded from numerator × price / denominator. */
interface Volume {
  numerator: Money;
  denominator: number;
}

/**
 * Prices one customer's month from its ledger items: the items are summed per offering and
 * unit cost (aggregateUsage) and the sums priced (priceCustomerUsage), so a month priced from
 * items and one priced from the sums PostgreSQL made of the same items are the same lines.
 *
 * @returns the lines, sorted by offering code and unit price.
 * @throws BillingException INVALID_PERIOD, INVALID_CUSTOMER_CODE, INVALID_USAGE,
 *   INVALID_HEADCOUNT, MISSING_HEADCOUNT, INVALID_SHARED_COST or PRICE_MISSING.
 */
export function priceCustomerPeriod(input: PeriodPricingInput): InvoiceLine[] {
  periodBounds(input.period);
  checkCustomerCode(input.customerCode);
  checkUsageItems(input.usage);
  return priceCustomerUsage({ ...input, usage: aggregateUsage(input.usage, input.period) });
}

/**
 * Prices one customer's month from its usage summed per offering and unit cost.
 *
 * The price used is the price list entry valid on the period's last day; a price change
 * in the middle of the month does not split the line. When no entry is valid on the last
 * day (the offering was withdrawn during the month) the entry valid latest in the month is
 * used. Lines with a volume of exactly zero (everything corrected away) are left out.
 *
 * @returns the lines, sorted by offering code and unit price.
 * @throws BillingException INVALID_PERIOD, INVALID_CUSTOMER_CODE, INVALID_USAGE,
 *   INVALID_HEADCOUNT, MISSING_HEADCOUNT, INVALID_SHARED_COST or PRICE_MISSING.
 */
export function priceCustomerUsage(input: AggregatePricingInput): InvoiceLine[] {
  const { period, customerCode, priceList } = input;
  const month = periodBounds(period);
  checkCustomerCode(customerCode);
  checkUsageAggregates(input.usage);
  checkHeadcount(input.headcount);

  const usageByOffering = groupBy(input.usage, (aggregate) => aggregate.offeringCode);
  const agreed = new Set(
    (input.agreements ?? [])
      .filter((agreement) => agreement.customerCode === customerCode)
      .filter((agreement) => daysOverlapping(agreement.validFrom, agreement.validTo, month.firstDay, month.lastDay) > 0)
      .map((agreement) => agreement.offeringCode),
  );
  const entryFor = (offeringCode: string) => findPriceEntry(priceList, offeringCode, period);

  // A base (bas) cost shared by headcount is carried by every customer, agreement or not:
  // the allocation key is the whole population.
  const sharedBase = [...new Set(priceList.map((entry) => entry.offeringCode))].filter((code) => {
    const entry = entryFor(code);
    return entry?.measure === 'fordelning-antal-anstallda' && entry.offeringType === 'bas';
  });
  checkSharedCosts(input.sharedCosts, entryFor);

  const offeringCodes = [...new Set([...usageByOffering.keys(), ...agreed, ...sharedBase])].sort();
  const lines: InvoiceLine[] = [];
  for (const offeringCode of offeringCodes) {
    const entry = entryFor(offeringCode);
    if (!entry) {
      throw new BillingException(
        BillingExceptionCode.PRICE_MISSING,
        `offering ${offeringCode}: ${customerCode} has ${usageByOffering.has(offeringCode) ? 'usage' : 'an agreement'} in ${period} ` +
          `but the price list has no entry valid in ${month.firstDay}..${month.lastDay}; add a price for the period`,
      );
    }
    const aggregates = usageByOffering.get(offeringCode) ?? [];
    const line = (volume: Volume, unitPrice: string, itemIds: string[], extra: Partial<InvoiceLine> = {}) => {
      if (volume.numerator.isZero()) return;
      const price = new Money(unitPrice);
      lines.push({
        customerCode,
        period,
        offeringCode,
        offeringName: entry.offeringName,
        offeringType: entry.offeringType,
        measure: entry.measure,
        unit: entry.unit,
        quantity: formatQuantity(volume.numerator.div(volume.denominator)),
        unitPriceSek: formatUnitPrice(price),
        // Multiply before dividing, so the only inexact step is the one division, carried
        // with 40 significant digits, before the single rounding to öre.
        amountSek: formatSek(price.times(volume.numerator).div(volume.denominator)),
        priceValidFrom: entry.validFrom,
        itemIds,
        ...extra,
      });
    };
    const sum = (of: readonly UsageAggregate[], field: 'quantityAtMonthEnd' | 'quantityHeld' | 'quantityDays') =>
      of.reduce((total, aggregate) => total.plus(aggregate[field]), new Money(0));
    const idsOf = (of: readonly UsageAggregate[], atMonthEndOnly = false) =>
      mergeItemIds(of.flatMap((aggregate) => (atMonthEndOnly ? [aggregate.itemIdsAtMonthEnd] : [aggregate.itemIdsAtMonthEnd, aggregate.itemIdsEndedInMonth])));
    // Σ quantity × days held over the days of the month.
    const prorated = (of: readonly UsageAggregate[]): Volume => ({ numerator: sum(of, 'quantityDays'), denominator: month.days });

    switch (entry.measure) {
      case 'antal-vid-manadsslut':
        // Held on the month's last day: a leaver before month end is not billed for the month.
        line({ numerator: sum(aggregates, 'quantityAtMonthEnd'), denominator: 1 }, entry.priceSek, idsOf(aggregates, true));
        break;
      case 'dagar-proportionellt':
        line(prorated(aggregates), entry.priceSek, idsOf(aggregates));
        break;
      case 'vidarefakturering': {
        // Pass-through at the cost of each item (the list price when the ledger has none),
        // prorated by the days held like dagar-proportionellt: the customer pays for the
        // part of the month it held the licence. One line per unit cost, so that every
        // line still reads quantity × unit price.
        const byCost = groupBy(aggregates, (aggregate) => new Money(aggregate.unitCostSek ?? entry.priceSek).toFixed());
        for (const [cost, costAggregates] of [...byCost].sort(([a], [b]) => new Money(a).comparedTo(b))) {
          line(prorated(costAggregates), cost, idsOf(costAggregates));
        }
        break;
      }
      case 'fast': {
        // A fixed fee for the month is due for any day of the month under agreement or in use.
        const used = sum(aggregates, 'quantityHeld').greaterThan(0);
        if (agreed.has(offeringCode) || used) line({ numerator: new Money(1), denominator: 1 }, entry.priceSek, idsOf(aggregates));
        break;
      }
      case 'fordelning-antal-anstallda': {
        const headcount = input.headcount;
        if (!headcount) {
          throw new BillingException(
            BillingExceptionCode.MISSING_HEADCOUNT,
            `offering ${offeringCode}: ${customerCode} shares its cost by headcount in ${period} but headcount is missing; ` +
              'give { customer, total } employees',
          );
        }
        line(
          { numerator: new Money(headcount.customer), denominator: headcount.total },
          input.sharedCosts?.[offeringCode] ?? entry.priceSek,
          idsOf(aggregates),
          { allocation: { customerHeadcount: headcount.customer, totalHeadcount: headcount.total } },
        );
        break;
      }
    }
  }
  return lines;
}

/**
 * The price list entry for an offering in a period: the one valid on the period's last
 * day, else the one valid latest within the period; undefined when none is valid in it.
 */
export function findPriceEntry(
  priceList: readonly PriceListEntry[],
  offeringCode: string,
  period: BillingPeriod,
): PriceListEntry | undefined {
  const { firstDay, lastDay } = periodBounds(period);
  const inPeriod = priceList.filter(
    (entry) => entry.offeringCode === offeringCode && daysOverlapping(entry.validFrom, entry.validTo, firstDay, lastDay) > 0,
  );
  const lastDayHeld = (entry: PriceListEntry) => (entry.validTo === null || entry.validTo > lastDay ? lastDay : entry.validTo);
  return inPeriod.reduce<PriceListEntry | undefined>(
    (best, entry) => (best === undefined || lastDayHeld(entry) > lastDayHeld(best) ? entry : best),
    undefined,
  );
}

function checkCustomerCode(customerCode: string): void {
  if (!isCustomerCode(customerCode)) {
    throw new BillingException(
      BillingExceptionCode.INVALID_CUSTOMER_CODE,
      `customerCode "${customerCode}" is not a customer code; expected one upper-case letter and three digits, e.g. N138`,
    );
  }
}

function checkHeadcount(headcount: Headcount | undefined): void {
  if (!headcount) return;
  const { customer, total } = headcount;
  const problem =
    !Number.isInteger(customer) || customer < 0
      ? `customer ${customer} is not a whole number ≥ 0`
      : !Number.isInteger(total) || total <= 0
        ? `total ${total} is not a whole number > 0`
        : customer > total
          ? `customer ${customer} exceeds total ${total}`
          : undefined;
  if (problem) {
    throw new BillingException(
      BillingExceptionCode.INVALID_HEADCOUNT,
      `headcount: ${problem}; expected whole numbers with 0 ≤ customer ≤ total and total > 0`,
    );
  }
}

function checkSharedCosts(
  sharedCosts: Readonly<Record<string, string>> | undefined,
  entryFor: (offeringCode: string) => PriceListEntry | undefined,
): void {
  for (const [offeringCode, cost] of Object.entries(sharedCosts ?? {})) {
    if (!isDecimalText(cost) || cost.startsWith('-') || (cost.split('.')[1]?.length ?? 0) > 2) {
      throw new BillingException(
        BillingExceptionCode.INVALID_SHARED_COST,
        `sharedCosts.${offeringCode}: "${cost}" is not an amount; use a decimal ≥ 0 with at most 2 decimals and "." as separator`,
      );
    }
    if (entryFor(offeringCode)?.measure !== 'fordelning-antal-anstallda') {
      throw new BillingException(
        BillingExceptionCode.INVALID_SHARED_COST,
        `sharedCosts.${offeringCode}: the offering is not shared by headcount in the period; ` +
          'shared costs are only for fordelning-antal-anstallda offerings',
      );
    }
  }
}
