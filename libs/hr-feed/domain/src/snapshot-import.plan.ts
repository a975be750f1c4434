import type { EmploymentChangeKind } from './employment-change.rules';
import { Employment } from './employment.model';
import { HrFeedException, HrFeedExceptionCode } from './hr-feed.exception';
import { massLeaverCheck, MassLeaverVerdict } from './mass-leaver.policy';
import { diffSnapshots } from './snapshot.diff';
import { Rejection } from './snapshot.parser';

/**
 * What a file holds. `full`: every employment HR lists (a snapshot), so one missing from it has
 * ended. `changes`: only the employments that changed (a change file, förändringsfil), so one
 * missing from it is simply not part of it and stays as it is.
 */
export const SNAPSHOT_SCOPES = ['full', 'changes'] as const;
export type SnapshotScope = (typeof SNAPSHOT_SCOPES)[number];

/** What an import tells the other services about one employment (the kind of its hr.employment event). */
export type PlannedChangeKind = EmploymentChangeKind;

export interface PlannedChange {
  readonly kind: PlannedChangeKind;
  /** The employment after the import; for one gone from the export, with its effective end date. */
  readonly employment: Employment;
  /** False when the employment is gone from HR's export: it leaves the set later snapshots are diffed against. */
  readonly inSnapshot: boolean;
}

export interface SnapshotImportCounts {
  readonly joiners: number;
  readonly movers: number;
  readonly leavers: number;
  readonly updated: number;
  readonly unchanged: number;
}

export interface SnapshotImportPlan {
  /** One per event to send, joiners first, then movers, leavers and updated. */
  readonly changes: PlannedChange[];
  /**
   * Employment ids gone from the export whose end date had already passed: HR stops listing ended
   * employments after a while. Nothing changes for them and no event is sent (the end date went
   * out earlier); they only leave the set later snapshots are diffed against.
   */
  readonly retired: string[];
  readonly counts: SnapshotImportCounts;
  /**
   * Employments not ended before today in the whole current set (for a change file too, not only
   * the file's ids): the base of the mass-leaver share.
   */
  readonly activeCount: number;
  readonly verdict: MassLeaverVerdict;
  /** Why the snapshot must wait for an operator, or null when it may be applied. */
  readonly heldReason: string | null;
}

export interface PlanSnapshotImportOptions {
  /** The new file's rejections: an employment whose row was rejected is held as it was, not ended. */
  readonly rejected?: readonly Pick<Rejection, 'employmentId'>[];
  /** Largest share of active employments that may leave in one snapshot (default 0.05). */
  readonly maxLeaverShare?: number;
  /** `full` (default): `next` is every employment; `changes`: `next` holds only changed employments. */
  readonly scope?: SnapshotScope;
}

/**
 * Decides what importing a file means against the current employments (those listed by the last
 * applied snapshot and the pushes since): the events to send, what to store, and whether the
 * mass-leaver brake holds it. `today` is the Europe/Stockholm date of the import. Importing the same
 * file again plans no change.
 *
 * A change file is compared only with the stored employments of its own ids: joiners, movers,
 * updates and leavers by end date; an employment it does not list is untouched. The brake still
 * weighs its leavers against every active employment: a change file ending a large part of the city
 * is as suspect as a truncated snapshot.
 */
export function planSnapshotImport(
  current: readonly Employment[],
  next: readonly Employment[],
  today: string,
  options: PlanSnapshotImportOptions = {},
): SnapshotImportPlan {
  const rejectedEmploymentIds = new Set((options.rejected ?? []).flatMap((r) => (r.employmentId ? [r.employmentId] : [])));
  const scope = options.scope ?? 'full';
  if (!SNAPSHOT_SCOPES.includes(scope)) {
    throw new HrFeedException(HrFeedExceptionCode.INVALID_INPUT, `scope '${String(scope)}' is not allowed; allowed: ${SNAPSHOT_SCOPES.join(' or ')}`);
  }
  const inFile = new Set(next.map((e) => e.employmentId));
  const compared = scope === 'changes' ? current.filter((e) => inFile.has(e.employmentId)) : current;
  const diff = diffSnapshots(compared, next, today, { rejectedEmploymentIds });

  const leavers: PlannedChange[] = [];
  const retired: string[] = [];
  for (const leaver of diff.leavers) {
    const gone = leaver.reason === 'REMOVED_FROM_SNAPSHOT';
    if (gone && leaver.changed.length === 0) {
      retired.push(leaver.next.employmentId);
    } else {
      leavers.push({ kind: 'LEAVER', employment: leaver.next, inSnapshot: !gone });
    }
  }
  const changes: PlannedChange[] = [
    ...diff.joiners.map((c) => ({ kind: 'JOINER' as const, employment: c.next, inSnapshot: true })),
    ...diff.movers.map((c) => ({ kind: 'MOVER' as const, employment: c.next, inSnapshot: true })),
    ...leavers,
    ...diff.updated.map((c) => ({ kind: 'UPDATED' as const, employment: c.next, inSnapshot: true })),
  ];

  const activeCount = current.filter((e) => e.endDate === null || e.endDate >= today).length;
  const maxShare = options.maxLeaverShare ?? 0.05;
  const verdict = massLeaverCheck(activeCount, leavers.length, maxShare);
  return {
    changes,
    retired,
    counts: {
      joiners: diff.joiners.length,
      movers: diff.movers.length,
      leavers: leavers.length,
      updated: diff.updated.length,
      unchanged: diff.unchanged.length,
    },
    activeCount,
    verdict,
    heldReason: verdict.held
      ? `${leavers.length} leavers of ${activeCount} active employments (${percent(verdict.share)}) exceed the allowed ` +
        `${percent(maxShare)}; a truncated export looks like this, so an operator must approve the snapshot`
      : null,
  };
}

function percent(share: number): string {
  return `${(Math.round(share * 1000) / 10).toString()} %`;
}
