import { dateOfDayNumber } from '@itops/shared/calendar';
import { DayRange, DaySpan, mergeSpans, OPEN_END, toRange } from './day-span';
import { MeteringException, MeteringExceptionCode } from './metering.exception';
import { lastDayHeld, type VolumeItem } from './monthly-volumes.rules';
import { formatQuantity, isDecimalText, Quantity } from './quantity.util';

/** A ledger item of one subject, customer and offering that a derived volume (headcount) consists of. */
export type HeldItem = Pick<VolumeItem, 'id' | 'kind' | 'quantity' | 'validFrom' | 'validTo' | 'close'>;

/** One ledger item to append so that the ledger holds what is wanted. */
export type CoverageStep =
  | { readonly kind: 'open'; readonly validFrom: string; readonly validTo: string | null; readonly quantity: string }
  | { readonly kind: 'close'; readonly refersTo: string; readonly validFrom: string; readonly validTo: string }
  | { readonly kind: 'adjust'; readonly validFrom: string; readonly validTo: string | null; readonly quantity: string };

interface Segment extends DayRange {
  delta: Quantity;
}

/**
 * The items to append so that a subject is held (quantity 1) on exactly the `wanted` days, given
 * what the ledger already holds. The ledger is append-only, so nothing already there changes:
 * - an open-ended item is closed at the end of the wanted span it starts in (a leaver, a move
 *   away); when its first day is no longer wanted at all (withdrawn before it began) it is
 *   closed on that first day, the least a close can say, and the day is taken back below;
 * - days wanted but not held get a new `open` item (a joiner, a move here, an end date moved
 *   later after the close);
 * - days held but no longer wanted (an end date moved earlier after the close) get an `adjust`
 *   item with the negative quantity.
 * Only open-ended items are ever closed, and each at most once: billing reads one close per item.
 */
export function planCoverage(wanted: readonly DaySpan[], held: readonly HeldItem[]): CoverageStep[] {
  const want = mergeSpans(wanted).map((span) => toRange(span, 'wanted'));
  const effective = held.map((item) => {
    if (!isDecimalText(item.quantity)) {
      throw new MeteringException(MeteringExceptionCode.INVALID_ITEM, `item ${item.id}: quantity "${item.quantity}" is not a decimal; expected e.g. "1" or "-1"`);
    }
    return { ...toRange({ from: item.validFrom, to: lastDayHeld(item) }, `item ${item.id}`), quantity: new Quantity(item.quantity) };
  });

  const steps: CoverageStep[] = [];
  held.forEach((item, index) => {
    if (item.kind !== 'open' || item.close !== null || item.validTo !== null) return;
    const first = effective[index].from;
    const span = want.find((range) => range.from <= first && first <= range.to);
    if (span?.to === OPEN_END) return;
    const last = span ? span.to : first;
    steps.push({ kind: 'close', refersTo: item.id, validFrom: item.validFrom, validTo: dateOfDayNumber(last) });
    effective[index].to = last;
  });

  for (const segment of differences(want, effective)) {
    const validFrom = dateOfDayNumber(segment.from);
    const validTo = segment.to === OPEN_END ? null : dateOfDayNumber(segment.to);
    const quantity = formatQuantity(segment.delta);
    steps.push(segment.delta.isPositive() ? { kind: 'open', validFrom, validTo, quantity } : { kind: 'adjust', validFrom, validTo, quantity });
  }
  return steps;
}

/** Where wanted (1 a day) and held differ, as maximal runs of days with the same difference. */
function differences(want: readonly DayRange[], held: readonly (DayRange & { quantity: Quantity })[]): Segment[] {
  const points = new Set<number>();
  for (const range of [...want, ...held]) {
    points.add(range.from);
    if (range.to !== OPEN_END) points.add(range.to + 1);
  }
  const starts = [...points].sort((a, b) => a - b);
  const segments: Segment[] = [];
  starts.forEach((from, index) => {
    const to = index + 1 < starts.length ? starts[index + 1] - 1 : OPEN_END;
    const wantedThen = want.some((range) => range.from <= from && from <= range.to) ? 1 : 0;
    const heldThen = held.filter((range) => range.from <= from && from <= range.to).reduce((sum, range) => sum.plus(range.quantity), new Quantity(0));
    const delta = new Quantity(wantedThen).minus(heldThen);
    const last = segments[segments.length - 1];
    if (last && last.delta.equals(delta)) last.to = to;
    else segments.push({ from, to, delta });
  });
  return segments.filter((segment) => !segment.delta.isZero());
}
