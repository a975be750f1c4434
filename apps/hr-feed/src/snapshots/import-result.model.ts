import type { SnapshotImportCounts, SnapshotScope } from '@itops/hr-feed/domain';
import type { SnapshotRejection } from '@itops/hr-feed/data-access';

/** A rejected row as the API shows it: line, column and reason, never a personnummer. */
export interface RejectedRow {
  line: number;
  field: string;
  message: string;
}

/**
 * The answer to an import or an approval (`itops hr import --json` prints it as is):
 * the snapshot's id, whether it was a full snapshot or a change file, the rows accepted and rejected,
 * what changed, and whether it was held or only a dry run.
 */
export interface ImportResult {
  snapshotId: string;
  scope: SnapshotScope;
  accepted: number;
  rejected: RejectedRow[];
  changes: { joiners: number; movers: number; leavers: number; unchanged: number; updated: number };
  held: boolean;
  dryRun: boolean;
}

export function importResult(input: {
  snapshotId: string;
  scope: SnapshotScope;
  accepted: number;
  rejections: readonly SnapshotRejection[];
  counts: SnapshotImportCounts;
  held: boolean;
  dryRun: boolean;
}): ImportResult {
  const { counts } = input;
  return {
    snapshotId: input.snapshotId,
    scope: input.scope,
    accepted: input.accepted,
    rejected: input.rejections.map(({ line, field, message }) => ({ line, field, message })),
    changes: { joiners: counts.joiners, movers: counts.movers, leavers: counts.leavers, unchanged: counts.unchanged, updated: counts.updated },
    held: input.held,
    dryRun: input.dryRun,
  };
}
