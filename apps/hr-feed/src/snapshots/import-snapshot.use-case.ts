import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { parseSnapshot, planSnapshotImport, SnapshotEncoding, SnapshotScope, stockholmDate, withoutBookingIds } from '@itops/hr-feed/domain';
import { CustomerRepository, EmploymentRepository, SnapshotRepository, SnapshotStatus } from '@itops/hr-feed/data-access';
import { DataSource } from '@itops/shared/persistence';
import { CLOCK, Clock } from '../clock';
import { HR_FEED_SETTINGS, HrFeedSettings } from '../hr-feed.config';
import { importResult, ImportResult } from './import-result.model';
import { SnapshotApplier } from './snapshot-applier.service';

export interface ImportSnapshotCommand {
  bytes: Buffer;
  encoding: SnapshotEncoding;
  /** full: every employment HR lists; changes: a change file of the changed employments only. */
  scope: SnapshotScope;
  dryRun: boolean;
  /** Token subject of the caller. */
  actor: string;
}

/**
 * Imports one HR file, a full snapshot or a change file: parse and validate it, diff it against the
 * current employments (for a change file only those of its ids), and (unless a dry run, or held by
 * the mass-leaver brake) apply it in one transaction with its events. A file that cannot be read as
 * a whole throws HrFeedException before anything is written.
 */
@Injectable()
export class ImportSnapshot {
  private readonly logger = new Logger(ImportSnapshot.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly customers: CustomerRepository,
    private readonly employments: EmploymentRepository,
    private readonly snapshots: SnapshotRepository,
    private readonly applier: SnapshotApplier,
    @Inject(HR_FEED_SETTINGS) private readonly settings: HrFeedSettings,
    @Inject(CLOCK) private readonly now: Clock,
  ) {}

  async execute(command: ImportSnapshotCommand): Promise<ImportResult> {
    const file = parseSnapshot(command.bytes, { encoding: command.encoding, knownCustomers: await this.customers.codes() });
    const snapshotId = uuidv7();
    const receivedAt = this.now();

    const { parsed, status, plan, superseded } = await this.dataSource.transaction(async (manager) => {
      await this.snapshots.lockImports(manager);
      // Bookings are not HR's snapshot rows: a row with a booking's id is rejected, not written over it.
      const parsed = withoutBookingIds(file, await this.employments.bookingIdsAmong(manager, file.employments.map((e) => e.employmentId)));
      const current = await this.employments.current(manager);
      const plan = planSnapshotImport(current, parsed.employments, stockholmDate(receivedAt), {
        rejected: parsed.rejected,
        maxLeaverShare: this.settings.maxLeaverShare,
        scope: command.scope,
      });
      const status: SnapshotStatus = command.dryRun ? 'dry-run' : plan.verdict.held ? 'held' : 'applied';

      await this.snapshots.insert(manager, {
        id: snapshotId,
        receivedAt,
        status,
        scope: command.scope,
        actor: command.actor,
        encoding: command.encoding,
        byteSize: command.bytes.length,
        sha256: createHash('sha256').update(command.bytes).digest('hex'),
        accepted: parsed.employments.length,
        rejectionCount: parsed.rejected.length,
        ...plan.counts,
        rejections: parsed.rejected,
        heldReason: plan.heldReason,
        heldEmployments: status === 'held' ? parsed.employments : null,
        appliedAt: status === 'applied' ? receivedAt : null,
      });
      // A dry run changes nothing, so it leaves held snapshots as they are.
      const superseded = status === 'dry-run' ? [] : await this.snapshots.rejectHeldBefore(manager, { id: snapshotId, receivedAt });
      if (status === 'applied') {
        await this.applier.apply(manager, plan, snapshotId, receivedAt);
      }
      return { parsed, status, plan, superseded };
    });

    // Counts and ids only: rows and their values are personal data.
    if (superseded.length > 0) {
      this.logger.warn({ msg: 'held snapshots superseded; they can no longer be approved', snapshotId, superseded });
    }
    this.logger.log({
      msg: status === 'held' ? `snapshot held: ${plan.heldReason}` : `snapshot ${status}`,
      snapshotId,
      status,
      scope: command.scope,
      actor: command.actor,
      accepted: parsed.employments.length,
      rejected: parsed.rejected.length,
      ...plan.counts,
      leaverShare: plan.verdict.share,
    });
    return importResult({
      snapshotId,
      scope: command.scope,
      accepted: parsed.employments.length,
      rejections: parsed.rejected,
      counts: plan.counts,
      held: plan.verdict.held,
      dryRun: command.dryRun,
    });
  }
}
