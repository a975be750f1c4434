import { CalendarMonth, daysInMonth, isHeldOn, previousMonth } from './calendar-month';
import { MeteringException, MeteringExceptionCode } from './metering.exception';
import { formatQuantity, isDecimalText, Quantity } from './quantity.util';

/** The close item that ended an open item: its last day held, and the event behind it. */
export interface ItemClose {
  readonly id: string;
  readonly validTo: string;
  readonly sourceEventId: string | null;
}

/**
 * A ledger item as volumes read it: an `open` item with the close item that ended it, if any,
 * or an `adjust` item (a correction, its quantity often negative).
 */
export interface VolumeItem {
  readonly id: string;
  readonly kind: 'open' | 'adjust';
  readonly offeringCode: string;
  readonly subjectType: string;
  readonly subjectId: string;
  /** Decimal text, e.g. "1" or "1.0000" or "-1". */
  readonly quantity: string;
  readonly validFrom: string;
  /** The item's own last day (an item recorded with its end), null when open-ended. */
  readonly validTo: string | null;
  readonly close: ItemClose | null;
  readonly sourceEventId: string | null;
  readonly reason: string | null;
  readonly operator: string | null;
}

/** An item behind a volume, as the service desk reads it; `validTo` is the last day held, its close applied. */
export interface VolumeItemView {
  readonly id: string;
  readonly kind: 'open' | 'adjust';
  readonly subjectType: string;
  readonly subjectId: string;
  readonly validFrom: string;
  readonly validTo: string | null;
  readonly quantity: string;
  /** The event the item was recorded for (null for an operator's adjustment). */
  readonly sourceEventId: string | null;
  /** The close item that ended it, and its event: why the subject left. */
  readonly close: ItemClose | null;
  readonly reason: string | null;
  readonly operator: string | null;
}

/** The last day an item is held: its close item's, else its own. */
export const lastDayHeld = (item: Pick<VolumeItem, 'validTo' | 'close'>): string | null => item.close?.validTo ?? item.validTo;

/** A subject that came or went between two month ends, with the quantity it held then. */
export interface SubjectChange {
  readonly subjectType: string;
  readonly subjectId: string;
  readonly quantity: string;
}

export interface OfferingVolume {
  readonly offering: string;
  /** Sum of the quantities of the items held on the month's last day. */
  readonly quantityAtMonthEnd: string;
  /** Sum of quantity x days held in the month, divided by the days of the month. */
  readonly quantityProrated: string;
  /** Only when asked for: the items of the offering that overlap the month. */
  readonly items?: VolumeItemView[];
  /** Held at this month's end, not at the previous month's. */
  readonly added: SubjectChange[];
  /** Held at the previous month's end, not at this month's. */
  readonly left: SubjectChange[];
}

const subjectKey = (item: Pick<VolumeItem, 'subjectType' | 'subjectId'>): string => `${item.subjectType}\u0000${item.subjectId}`;
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** What each subject holds on `day`: the sum of its items' quantities, kept when above zero. */
function heldOn(items: readonly VolumeItem[], day: string): Map<string, { item: VolumeItem; quantity: Quantity }> {
  const sums = new Map<string, { item: VolumeItem; quantity: Quantity }>();
  for (const item of items) {
    if (!isHeldOn(item.validFrom, lastDayHeld(item), day)) continue;
    const key = subjectKey(item);
    const before = sums.get(key);
    sums.set(key, { item: before?.item ?? item, quantity: (before?.quantity ?? new Quantity(0)).plus(item.quantity) });
  }
  for (const [key, { quantity }] of sums) if (quantity.lte(0)) sums.delete(key);
  return sums;
}

const changesBetween = (now: Map<string, { item: VolumeItem; quantity: Quantity }>, before: Map<string, unknown>): SubjectChange[] =>
  [...now]
    .filter(([key]) => !before.has(key))
    .map(([, { item, quantity }]) => ({ subjectType: item.subjectType, subjectId: item.subjectId, quantity: formatQuantity(quantity) }))
    .sort((a, b) => byText(a.subjectType, b.subjectType) || byText(a.subjectId, b.subjectId));

function checkItem(item: VolumeItem): void {
  if (!isDecimalText(item.quantity)) {
    throw new MeteringException(MeteringExceptionCode.INVALID_ITEM, `item ${item.id}: quantity "${item.quantity}" is not a decimal; expected e.g. "1" or "-1"`);
  }
}

/**
 * A customer's volumes of one month, per offering, from the ledger items that overlap the month
 * or the month before (late items included: an item belongs to the days it is valid for, not to
 * when it was recorded):
 * - quantity at month end: the items held on the last day (antal vid månadsslut);
 * - prorated: quantity x days held / days of the month (dagar proportionellt), exact, shown with
 *   at most 4 decimals, rounded once, half up;
 * - added and left: subjects held at this month's end and not the last one's, and the reverse
 *   (a subject holds what its items add up to; an adjustment can take it to nothing).
 * Offerings with items in either month are listed, in code order, so one that went to zero
 * still shows who left.
 */
export function monthlyVolumes(input: { month: CalendarMonth; items: readonly VolumeItem[]; includeItems: boolean }): OfferingVolume[] {
  const { month } = input;
  const before = previousMonth(month);
  const byOffering = new Map<string, VolumeItem[]>();
  for (const item of input.items) {
    checkItem(item);
    byOffering.set(item.offeringCode, [...(byOffering.get(item.offeringCode) ?? []), item]);
  }
  return [...byOffering.keys()].sort(byText).map((offering) => {
    const items = byOffering.get(offering) ?? [];
    const days = (item: VolumeItem): number => daysInMonth(item.validFrom, lastDayHeld(item), month);
    const inMonth = items.filter((item) => days(item) > 0);
    const atMonthEnd = inMonth.filter((item) => isHeldOn(item.validFrom, lastDayHeld(item), month.lastDay));
    const quantityDays = inMonth.reduce((sum, item) => sum.plus(new Quantity(item.quantity).times(days(item))), new Quantity(0));
    const now = heldOn(items, month.lastDay);
    const then = heldOn(items, before.lastDay);
    return {
      offering,
      quantityAtMonthEnd: formatQuantity(atMonthEnd.reduce((sum, item) => sum.plus(item.quantity), new Quantity(0))),
      quantityProrated: formatQuantity(quantityDays.div(month.days)),
      ...(input.includeItems ? { items: [...inMonth].sort(itemOrder).map(view) } : {}),
      added: changesBetween(now, then),
      left: changesBetween(then, now),
    };
  });
}

const itemOrder = (a: VolumeItem, b: VolumeItem): number =>
  byText(a.subjectType, b.subjectType) || byText(a.subjectId, b.subjectId) || byText(a.validFrom, b.validFrom) || byText(a.id, b.id);

const view = (item: VolumeItem): VolumeItemView => ({
  id: item.id,
  kind: item.kind,
  subjectType: item.subjectType,
  subjectId: item.subjectId,
  validFrom: item.validFrom,
  validTo: lastDayHeld(item),
  quantity: formatQuantity(item.quantity),
  sourceEventId: item.sourceEventId,
  close: item.close,
  reason: item.reason,
  operator: item.operator,
});
