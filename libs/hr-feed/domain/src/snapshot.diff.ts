import { isCalendarDate } from './calendar-date';
import { changedFields, classifyChange } from './employment-change.rules';
import { Employment, EmploymentField } from './employment.model';
import { HrFeedException, HrFeedExceptionCode } from './hr-feed.exception';

/** One employment that differs between two snapshots. */
export interface EmploymentChange {
  /** The employment in the previous snapshot; null for a joiner. */
  readonly previous: Employment | null;
  /** The employment as it is now. For a leaver removed from the snapshot: the previous one with its effective end date. */
  readonly next: Employment;
  /** The fields that differ from previous (empty for a joiner). */
  readonly changed: readonly EmploymentField[];
}

export type LeaverReason = 'END_DATE_SET' | 'REMOVED_FROM_SNAPSHOT';

export interface LeaverChange extends EmploymentChange {
  readonly previous: Employment;
  readonly reason: LeaverReason;
}

export interface SnapshotDiff {
  /** Employment ids that are new. */
  readonly joiners: EmploymentChange[];
  /** Same employment, new place: customer, unit, job or cost centre changed. */
  readonly movers: EmploymentChange[];
  /** The end date was set (or moved to before today), or the employment is gone from the (full) snapshot. */
  readonly leavers: LeaverChange[];
  /** Other attributes changed: name, rate, form, dates, manager, protected identity, unit or job name. */
  readonly updated: EmploymentChange[];
  readonly unchanged: Employment[];
  /** Gone from the snapshot only because its row was rejected: kept as it was until HR fixes the row. */
  readonly held: Employment[];
}

export interface DiffSnapshotsOptions {
  /** Employment ids whose rows the new file had but rejected (Rejection.employmentId). */
  readonly rejectedEmploymentIds?: ReadonlySet<string>;
}

/**
 * Compares the last accepted snapshot with a new full snapshot. `today` (YYYY-MM-DD, Europe/Stockholm)
 * is the end date given to an employment that disappeared while still open (its start date when it
 * has not begun yet): a full snapshot that no longer lists an employment says it has ended. Kinds as classifyChange: leaver over mover over updated.
 * Applying the same snapshot twice yields only unchanged.
 */
export function diffSnapshots(
  previous: readonly Employment[],
  next: readonly Employment[],
  today: string,
  options: DiffSnapshotsOptions = {},
): SnapshotDiff {
  if (!isCalendarDate(today)) {
    throw new HrFeedException(HrFeedExceptionCode.INVALID_INPUT, `today '${today}' is not a date; allowed: YYYY-MM-DD`);
  }
  const before = indexById(previous, 'previous');
  const after = indexById(next, 'next');
  const rejected = options.rejectedEmploymentIds ?? new Set<string>();
  const diff: SnapshotDiff = { joiners: [], movers: [], leavers: [], updated: [], unchanged: [], held: [] };

  for (const current of next) {
    const old = before.get(current.employmentId);
    if (old === undefined) {
      diff.joiners.push({ previous: null, next: current, changed: [] });
      continue;
    }
    const changed = changedFields(old, current);
    switch (classifyChange(old, current, today)) {
      case null:
        diff.unchanged.push(current);
        break;
      case 'LEAVER':
        diff.leavers.push({ previous: old, next: current, changed, reason: 'END_DATE_SET' });
        break;
      case 'MOVER':
        diff.movers.push({ previous: old, next: current, changed });
        break;
      default:
        diff.updated.push({ previous: old, next: current, changed });
    }
  }

  for (const old of previous) {
    if (after.has(old.employmentId)) continue;
    if (rejected.has(old.employmentId)) {
      diff.held.push(old);
      continue;
    }
    // An end date already in the past stands; an open or future end becomes today, or the first day
    // of an employment that has not begun: no end may come before the start (HR's rows, the events'
    // contract and the table all refuse one), so a hire withdrawn before the start ends on its start date.
    const endDate = old.endDate !== null && old.endDate <= today ? old.endDate : old.startDate > today ? old.startDate : today;
    diff.leavers.push({
      previous: old,
      next: { ...old, endDate },
      changed: endDate === old.endDate ? [] : ['endDate'],
      reason: 'REMOVED_FROM_SNAPSHOT',
    });
  }
  return diff;
}

function indexById(employments: readonly Employment[], name: string): Map<string, Employment> {
  const byId = new Map<string, Employment>();
  for (const employment of employments) {
    if (byId.has(employment.employmentId)) {
      throw new HrFeedException(
        HrFeedExceptionCode.INVALID_INPUT,
        `${name} snapshot lists employment ${employment.employmentId} twice; allowed: each employment once`,
      );
    }
    byId.set(employment.employmentId, employment);
  }
  return byId;
}
