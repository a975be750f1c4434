// The allocation key (fördelningsnyckel) "antal anställda": how many people each customer
// employs, read from the ledger like every other volume. Metering records one open item per
// person and customer while the person is employed there, so a person employed by two
// customers counts once for each, and the customers' counts add up to the total exactly.
import { BillingException, BillingExceptionCode } from '../billing.exception';
import { isActiveOn, isIsoDate, type IsoDate } from '../common/calendar.util';
import { groupBy } from '../common/collection.util';
import { Money } from '../common/money.util';
import type { Headcount } from './period-pricing.policy';
import { checkUsageItems, type UsageItem } from './usage-item.model';

/** A headcount item of the ledger: one person (subjectId) employed by a customer for a range of days. */
export interface HeadcountItem extends UsageItem {
  customerCode: string;
}

export interface HeadcountCount {
  /** The day counted, usually the period's last day. */
  day: IsoDate;
  /** Persons per customer code; customers with nobody are absent. */
  byCustomer: ReadonlyMap<string, number>;
  /** The sum over all customers. */
  total: number;
}

/**
 * Counts the persons employed per customer on one day: a person counts when the quantities
 * of its items held that day sum to more than zero, so an item cancelled by an adjustment
 * does not count, and a person with two items at one customer counts once.
 * @throws BillingException INVALID_USAGE for a malformed item or a bad day.
 */
export function countHeadcount(items: readonly HeadcountItem[], day: IsoDate): HeadcountCount {
  if (!isIsoDate(day)) {
    throw new BillingException(BillingExceptionCode.INVALID_USAGE, `headcount day "${day}" is not a date; expected YYYY-MM-DD`);
  }
  checkUsageItems(items);
  const persons = new Map<string, number>();
  const held = items.filter((item) => isActiveOn(item.validFrom, item.validTo, day));
  for (const [customerCode, customerItems] of groupBy(held, (item) => item.customerCode)) {
    let counted = 0;
    for (const personItems of groupBy(customerItems, (item) => item.subjectId).values()) {
      const net = personItems.reduce((sum, item) => sum.plus(item.quantity), new Money(0));
      if (net.greaterThan(0)) counted += 1;
    }
    persons.set(customerCode, counted);
  }
  return headcountFromPersons(persons, day);
}

/**
 * The headcount from persons already counted per customer (the billing run counts them in
 * SQL by the rule of countHeadcount: a person whose items held on the day net above zero).
 * Customers with nobody are left out; the total is the sum over the customers.
 * @throws BillingException INVALID_USAGE for a bad day or a count that is not a whole number ≥ 0.
 */
export function headcountFromPersons(persons: Iterable<readonly [customerCode: string, persons: number]>, day: IsoDate): HeadcountCount {
  if (!isIsoDate(day)) {
    throw new BillingException(BillingExceptionCode.INVALID_USAGE, `headcount day "${day}" is not a date; expected YYYY-MM-DD`);
  }
  const byCustomer = new Map<string, number>();
  for (const [customerCode, count] of persons) {
    if (!Number.isInteger(count) || count < 0) {
      throw new BillingException(BillingExceptionCode.INVALID_USAGE, `headcount of ${customerCode}: ${count} is not a whole number ≥ 0`);
    }
    if (count > 0) byCustomer.set(customerCode, (byCustomer.get(customerCode) ?? 0) + count);
  }
  const total = [...byCustomer.values()].reduce((sum, count) => sum + count, 0);
  return { day, byCustomer, total };
}

/**
 * The headcount to price one customer with, or undefined when nobody is counted at all:
 * a share of nothing is not a share, and pricing then refuses a cost shared by headcount
 * (MISSING_HEADCOUNT) instead of billing it to nobody.
 */
export function headcountOf(count: HeadcountCount, customerCode: string): Headcount | undefined {
  return count.total > 0 ? { customer: count.byCustomer.get(customerCode) ?? 0, total: count.total } : undefined;
}
