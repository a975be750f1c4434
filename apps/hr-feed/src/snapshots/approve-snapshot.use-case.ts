import { ConflictException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { planSnapshotImport, stockholmDate } from '@itops/hr-feed/domain';
import { EmploymentRepository, SnapshotRepository } from '@itops/hr-feed/data-access';
import { DataSource } from '@itops/shared/persistence';
import { CLOCK, Clock } from '../clock';
import { importResult, ImportResult } from './import-result.model';
import { SnapshotApplier } from './snapshot-applier.service';

/**
 * An operator's approval of a snapshot the mass-leaver brake held: it is diffed again against the
 * employments as they are now (not as they were when it arrived), in the scope it came with (a held
 * change file stays a change file: it ends no employment it does not list), and applied with its
 * events. The brake is not asked again: the approval is the decision. Who approved, and when, is
 * recorded.
 */
@Injectable()
export class ApproveSnapshot {
  private readonly logger = new Logger(ApproveSnapshot.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly employments: EmploymentRepository,
    private readonly snapshots: SnapshotRepository,
    private readonly applier: SnapshotApplier,
    @Inject(CLOCK) private readonly now: Clock,
  ) {}

  async execute(snapshotId: string, approvedBy: string): Promise<ImportResult> {
    const result = await this.dataSource.transaction(async (manager) => {
      await this.snapshots.lockImports(manager);
      const snapshot = await this.snapshots.findForApproval(manager, snapshotId);
      if (!snapshot) {
        throw new NotFoundException({ code: 'SNAPSHOT_NOT_FOUND', message: `snapshot ${snapshotId} does not exist` });
      }
      if (snapshot.status !== 'held' || !snapshot.heldEmployments) {
        const why = snapshot.status === 'rejected' ? ` (${snapshot.rejectedReason})` : '';
        throw new ConflictException({
          code: 'SNAPSHOT_NOT_HELD',
          message: `snapshot ${snapshotId} is ${snapshot.status}${why}; only a held snapshot can be approved`,
        });
      }
      // A booking booked since the snapshot was held must not be written over by one of its rows;
      // a new import of the file rejects those rows by line.
      const bookings = await this.employments.bookingIdsAmong(manager, snapshot.heldEmployments.map((e) => e.employmentId));
      if (bookings.size > 0) {
        throw new ConflictException({
          code: 'SNAPSHOT_LISTS_BOOKINGS',
          message: `snapshot ${snapshotId} lists ${[...bookings].sort().join(', ')}, now the ids of substitute bookings; import the export again: those rows are then rejected`,
        });
      }
      const at = this.now();
      const current = await this.employments.current(manager);
      const plan = planSnapshotImport(current, snapshot.heldEmployments, stockholmDate(at), {
        rejected: snapshot.rejections,
        maxLeaverShare: 1,
        scope: snapshot.scope,
      });
      await this.applier.apply(manager, plan, snapshotId, at);
      await this.snapshots.markApproved(manager, snapshotId, { approvedBy, at, counts: plan.counts });
      return importResult({
        snapshotId,
        scope: snapshot.scope,
        accepted: snapshot.accepted,
        rejections: snapshot.rejections,
        counts: plan.counts,
        held: false,
        dryRun: false,
      });
    });
    this.logger.log({ msg: 'held snapshot approved and applied', snapshotId, scope: result.scope, approvedBy, ...result.changes });
    return result;
  }
}
