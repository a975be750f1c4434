// For the service desk's "why did the invoice change": which subjects came and went.
import { groupBy } from '../common/collection.util';
import { Money } from '../common/money.util';
import { checkUsageItems, type UsageItem } from './usage-item.model';

export interface VolumeDiff {
  offeringCode: string;
  /** Subjects held now but not before, sorted. */
  added: string[];
  /** Subjects held before but not now, sorted. */
  left: string[];
  previousCount: number;
  currentCount: number;
}

/**
 * Compares two sets of usage items per offering, e.g. the items behind last month's lines
 * and this month's (InvoiceLine.itemIds). A subject counts as held when its items' quantities
 * sum to more than zero, so an item cancelled by a correction does not count.
 * @returns one entry per offering present on either side, sorted by offering code.
 * @throws BillingException INVALID_USAGE for a malformed item.
 */
export function diffVolumes(previousItems: readonly UsageItem[], currentItems: readonly UsageItem[]): VolumeDiff[] {
  checkUsageItems(previousItems);
  checkUsageItems(currentItems);
  const previous = heldSubjects(previousItems);
  const current = heldSubjects(currentItems);
  const offeringCodes = [...new Set([...previousItems, ...currentItems].map((item) => item.offeringCode))].sort();
  return offeringCodes.map((offeringCode) => {
    const before = previous.get(offeringCode) ?? new Set<string>();
    const now = current.get(offeringCode) ?? new Set<string>();
    return {
      offeringCode,
      added: [...now].filter((subject) => !before.has(subject)).sort(),
      left: [...before].filter((subject) => !now.has(subject)).sort(),
      previousCount: before.size,
      currentCount: now.size,
    };
  });
}

function heldSubjects(items: readonly UsageItem[]): Map<string, Set<string>> {
  const held = new Map<string, Set<string>>();
  for (const [offeringCode, offeringItems] of groupBy(items, (item) => item.offeringCode)) {
    const subjects = new Set<string>();
    for (const [subjectId, subjectItems] of groupBy(offeringItems, (item) => item.subjectId)) {
      const net = subjectItems.reduce((sum, item) => sum.plus(item.quantity), new Money(0));
      if (net.greaterThan(0)) subjects.add(subjectId);
    }
    held.set(offeringCode, subjects);
  }
  return held;
}
