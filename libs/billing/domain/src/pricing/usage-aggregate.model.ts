// A month's ledger items summed per offering and unit cost: what pricing needs of them, and
// all it needs. The billing run has PostgreSQL sum the month (one GROUP BY over the ledger)
// instead of reading every item into the process; aggregateUsage sums items the same way, so
// pricing items and pricing their sums is one rule (period-pricing.policy.ts).
import { BillingException, BillingExceptionCode } from '../billing.exception';
import { daysOverlapping, isActiveOn, periodBounds, type BillingPeriod, type IsoDate } from '../common/calendar.util';
import { isDecimalText, Money } from '../common/money.util';
import type { UsageItem } from './usage-item.model';

/**
 * The items of one offering at one unit cost held on at least one day of a month. Quantities
 * are exact decimal text ("." separator); the item ids are those of the items summed, each
 * item in exactly one aggregate.
 */
export interface UsageAggregate {
  offeringCode: string;
  /** The unit cost the items carry (vidarefakturering); absent for items without one (the list price applies). */
  unitCostSek?: string;
  /** Σ quantity of the items held on the month's last day (antal-vid-manadsslut). */
  quantityAtMonthEnd: string;
  /** Σ quantity of all the items (fast: in use when above zero). */
  quantityHeld: string;
  /** Σ quantity × days held within the month, the item's first and last day clipped to the month (dagar-proportionellt). */
  quantityDays: string;
  /** Ids of the items held on the month's last day; lines sort them (quickest when they come sorted). */
  itemIdsAtMonthEnd: readonly string[];
  /** Ids of the items whose last day is before the month's last day; as itemIdsAtMonthEnd. */
  itemIdsEndedInMonth: readonly string[];
  /**
   * An item of the group whose last day (as its latest close gives it) is before its first
   * day: the ledger contradicts itself, and pricing refuses rather than guess.
   */
  invalidItem?: { id: string; validFrom: IsoDate; validTo: IsoDate };
}

/**
 * Sums one customer's items of a month as the billing run's SQL does: per offering and unit
 * cost (costs equal as numbers are one group), items not held on any day of the month left out.
 * @returns the aggregates sorted by offering code, then unit cost (items without one first).
 * @throws BillingException INVALID_PERIOD.
 */
export function aggregateUsage(items: readonly UsageItem[], period: BillingPeriod): UsageAggregate[] {
  const month = periodBounds(period);
  const groups = new Map<string, { offeringCode: string; unitCostSek?: string; atMonthEnd: Money; held: Money; days: Money; atEnd: string[]; ended: string[] }>();
  for (const item of items) {
    const days = daysOverlapping(item.validFrom, item.validTo, month.firstDay, month.lastDay);
    if (days <= 0) continue;
    const cost = item.unitCostSek === undefined ? undefined : new Money(item.unitCostSek);
    const key = `${item.offeringCode}\u0000${cost?.toFixed() ?? ''}`;
    let group = groups.get(key);
    if (!group) {
      group = { offeringCode: item.offeringCode, ...(cost ? { unitCostSek: cost.toFixed() } : {}), atMonthEnd: new Money(0), held: new Money(0), days: new Money(0), atEnd: [], ended: [] };
      groups.set(key, group);
    }
    const quantity = new Money(item.quantity);
    group.held = group.held.plus(quantity);
    group.days = group.days.plus(quantity.times(days));
    if (isActiveOn(item.validFrom, item.validTo, month.lastDay)) {
      group.atMonthEnd = group.atMonthEnd.plus(quantity);
      group.atEnd.push(item.id);
    } else {
      group.ended.push(item.id);
    }
  }
  return [...groups.values()]
    .sort((a, b) => compareText(a.offeringCode, b.offeringCode) || compareCosts(a.unitCostSek, b.unitCostSek))
    .map((group) => ({
      offeringCode: group.offeringCode,
      ...(group.unitCostSek === undefined ? {} : { unitCostSek: group.unitCostSek }),
      quantityAtMonthEnd: group.atMonthEnd.toFixed(),
      quantityHeld: group.held.toFixed(),
      quantityDays: group.days.toFixed(),
      itemIdsAtMonthEnd: group.atEnd.sort(),
      itemIdsEndedInMonth: group.ended.sort(),
    }));
}

/**
 * Refuses aggregates that would make a wrong invoice rather than a refused one.
 * @throws BillingException INVALID_USAGE naming the offering (or the item) and the field.
 */
export function checkUsageAggregates(aggregates: readonly UsageAggregate[]): void {
  for (const aggregate of aggregates) {
    const invalid = aggregate.invalidItem;
    if (invalid) {
      // The message the item itself gets (checkUsageItems): the service desk looks up the item.
      throw new BillingException(
        BillingExceptionCode.INVALID_USAGE,
        `usage item ${JSON.stringify(invalid.id)}: validTo ${invalid.validTo} is before validFrom ${invalid.validFrom}; the last day must be on or after the first`,
      );
    }
    const refuse = (field: string, problem: string): never => {
      throw new BillingException(BillingExceptionCode.INVALID_USAGE, `usage of ${JSON.stringify(aggregate.offeringCode)}: ${field} ${problem}`);
    };
    if (!aggregate.offeringCode) refuse('offeringCode', 'is empty; an offering code from the price list is required');
    for (const field of ['quantityAtMonthEnd', 'quantityHeld', 'quantityDays'] as const) {
      if (!isDecimalText(aggregate[field])) refuse(field, `"${aggregate[field]}" is not a decimal; use "." as separator, e.g. "1" or "0.5"`);
    }
    if (aggregate.unitCostSek !== undefined && (!isDecimalText(aggregate.unitCostSek) || aggregate.unitCostSek.startsWith('-'))) {
      refuse('unitCostSek', `"${aggregate.unitCostSek}" is not a cost; use a decimal ≥ 0 with "." as separator, e.g. "129.50"`);
    }
    if (aggregate.itemIdsAtMonthEnd.length + aggregate.itemIdsEndedInMonth.length === 0) {
      refuse('itemIds', 'are empty; an aggregate sums at least one ledger item, and its lines name them');
    }
  }
}

/**
 * The ids of several lists as one sorted list (the order of a plain sort()). Lists already
 * sorted, as the billing run's SQL gives them, are merged in one pass: a city's month has
 * 10^5 ids, and sorting them again costs more than pricing the whole month.
 */
export function mergeItemIds(lists: readonly (readonly string[])[]): string[] {
  const runs = lists.filter((list) => list.length > 0);
  if (!runs.every(isSorted)) return runs.flat().sort();
  if (runs.length <= 1) return [...(runs[0] ?? [])];
  let merged = runs[0] as readonly string[];
  for (const run of runs.slice(1)) merged = mergeTwo(merged, run);
  return merged as string[];
}

function isSorted(list: readonly string[]): boolean {
  for (let k = 1; k < list.length; k++) if (list[k - 1] > list[k]) return false;
  return true;
}

function mergeTwo(a: readonly string[], b: readonly string[]): string[] {
  const merged = new Array<string>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) merged[k++] = a[i] <= b[j] ? a[i++] : b[j++];
  while (i < a.length) merged[k++] = a[i++];
  while (j < b.length) merged[k++] = b[j++];
  return merged;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareCosts(a: string | undefined, b: string | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  return new Money(a).comparedTo(b);
}
