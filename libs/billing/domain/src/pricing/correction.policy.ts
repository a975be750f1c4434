// Corrections (rättelser) of an issued period. Issued invoices never change: when the ledger
// of an issued period changes afterwards (a late event, an adjustment, a close dated back),
// the period is priced again from the current ledger with the prices it was issued with, and
// the difference to what has been billed for it so far becomes a credit or debit line on a
// later period's invoice. Both sides are sums of lines already rounded to öre, so the
// difference is exact and the customer pays, over all invoices, exactly the recomputed amount.
import type { Measure } from '../catalogue/price-list.model';
import { BillingException, BillingExceptionCode } from '../billing.exception';
import { periodBounds, type BillingPeriod } from '../common/calendar.util';
import { groupBy } from '../common/collection.util';
import { formatQuantity, formatSek, formatUnitPrice, Money } from '../common/money.util';
import type { InvoiceLine } from './invoice.model';

/** What changed in the ledger after the issue, behind one customer's offering in the corrected period. */
export interface LedgerChanges {
  /** Open items recorded after the issue (late joiners, late events). */
  added: number;
  /** Close items recorded after the issue that end an item within or before the period. */
  ended: number;
  /** Operators' adjustments recorded after the issue. */
  adjusted: number;
  /** The ledger items recorded after the issue, linked from the correction line. */
  itemIds: readonly string[];
}

export interface CorrectionInput {
  /** The period whose invoice carries the corrections; later than correctsPeriod. */
  period: BillingPeriod;
  /** The issued period being corrected. */
  correctsPeriod: BillingPeriod;
  customerCode: string;
  /**
   * Everything billed for correctsPeriod so far for this customer: the issued lines, and the
   * correction lines for it on invoices issued since (correctsPeriod set).
   */
  billed: readonly InvoiceLine[];
  /** correctsPeriod priced again from the current ledger, with the issued run's prices. */
  recomputed: readonly InvoiceLine[];
  /** The ledger changes behind an offering (for a cost shared by headcount: the headcount's changes). */
  changes?: (offeringCode: string, measure: Measure) => LedgerChanges | undefined;
}

/**
 * The credit and debit lines that bring what was billed for an issued period to what it
 * costs by the current ledger: one line per offering and unit price whose amount differs.
 * Each line has quantity = the volume difference, the unit price, amount = the exact
 * difference of the rounded amounts, `correctsPeriod`, a `reason` and the ledger items
 * behind the change.
 * @returns the lines, sorted by offering code and unit price; none when nothing changed.
 * @throws BillingException INVALID_PERIOD, or INVALID_CORRECTION when correctsPeriod is not before period.
 */
export function correctionLines(input: CorrectionInput): InvoiceLine[] {
  const { period, correctsPeriod, customerCode } = input;
  periodBounds(period);
  periodBounds(correctsPeriod);
  if (correctsPeriod >= period) {
    throw new BillingException(
      BillingExceptionCode.INVALID_CORRECTION,
      `correctsPeriod ${correctsPeriod} is not before period ${period}; a correction is carried by a later period`,
    );
  }
  const keyOf = (line: InvoiceLine) => `${line.offeringCode}\u0000${new Money(line.unitPriceSek).toFixed()}`;
  const billed = groupBy(input.billed.filter((line) => line.customerCode === customerCode), keyOf);
  const recomputed = groupBy(input.recomputed.filter((line) => line.customerCode === customerCode), keyOf);

  const lines: InvoiceLine[] = [];
  for (const key of new Set([...billed.keys(), ...recomputed.keys()])) {
    const before = billed.get(key) ?? [];
    const now = recomputed.get(key) ?? [];
    const sum = (group: readonly InvoiceLine[], field: 'amountSek' | 'quantity') =>
      group.reduce((total, line) => total.plus(line[field]), new Money(0));
    const amount = sum(now, 'amountSek').minus(sum(before, 'amountSek'));
    if (amount.isZero()) continue;

    const template = now[0] ?? before[0];
    // The items that came or went between the issued lines and the recomputed ones, plus
    // the ledger items recorded after the issue: what the service desk opens to explain it.
    const issuedItems = new Set(before.filter((line) => line.correctsPeriod === undefined).flatMap((line) => line.itemIds));
    const nowItems = new Set(now.flatMap((line) => line.itemIds));
    const cameItems = [...nowItems].filter((id) => !issuedItems.has(id));
    const wentItems = [...issuedItems].filter((id) => !nowItems.has(id));
    const changes = input.changes?.(template.offeringCode, template.measure);
    lines.push({
      customerCode,
      period,
      offeringCode: template.offeringCode,
      offeringName: template.offeringName,
      offeringType: template.offeringType,
      measure: template.measure,
      unit: template.unit,
      quantity: formatQuantity(sum(now, 'quantity').minus(sum(before, 'quantity'))),
      unitPriceSek: formatUnitPrice(new Money(template.unitPriceSek)),
      amountSek: formatSek(amount),
      priceValidFrom: template.priceValidFrom,
      itemIds: [...new Set([...cameItems, ...wentItems, ...(changes?.itemIds ?? [])])].sort(),
      ...(now[0]?.allocation ? { allocation: now[0].allocation } : {}),
      correctsPeriod,
      reason: correctionReason(template.measure, changes, { came: cameItems.length, went: wentItems.length }),
    });
  }
  return lines.sort(
    (a, b) => a.offeringCode.localeCompare(b.offeringCode) || new Money(a.unitPriceSek).comparedTo(b.unitPriceSek),
  );
}

/**
 * The reason printed on a correction line, from the ledger changes recorded after the
 * issue; without them, from the items that came and went; without those, from what else
 * can move an amount (agreements for a fixed fee, the days held for prorated volumes).
 */
export function correctionReason(
  measure: Measure,
  changes: Pick<LedgerChanges, 'added' | 'ended' | 'adjusted'> | undefined,
  items: { came: number; went: number } = { came: 0, went: 0 },
): string {
  const shared = measure === 'fordelning-antal-anstallda';
  const what = shared ? 'headcount changed after issue' : 'ledger changed after issue';
  const noun = (count: number) => (shared ? (count === 1 ? 'person' : 'persons') : count === 1 ? 'item' : 'items');
  const parts = (counts: [number, string][]) =>
    counts.filter(([count]) => count > 0).map(([count, verb], index) => (index === 0 ? `${count} ${noun(count)} ${verb}` : `${count} ${verb}`));

  const fromLedger = parts([
    [changes?.added ?? 0, 'added'],
    [changes?.ended ?? 0, 'ended'],
    [changes?.adjusted ?? 0, 'adjusted'],
  ]);
  if (fromLedger.length > 0) return `${what}: ${fromLedger.join(', ')}`;
  const fromItems = parts([
    [items.came, 'added'],
    [items.went, 'removed'],
  ]);
  if (fromItems.length > 0) return `${what}: ${fromItems.join(', ')}`;
  if (measure === 'fast') return 'agreements changed after issue';
  return shared ? 'headcount or agreements changed after issue' : 'days held changed after issue';
}
