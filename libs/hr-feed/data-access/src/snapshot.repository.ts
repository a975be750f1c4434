import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Employment, SnapshotImportCounts } from '@itops/hr-feed/domain';
import { DataSource, EntityManager } from 'typeorm';
import { Snapshot, SnapshotStatus } from './snapshot.entity';

/**
 * Advisory lock key that serialises imports and approvals in the hr-feed database: each diffs
 * against the employments the previous one left. Distinct from the outbox relay's key.
 */
export const SNAPSHOT_IMPORT_LOCK_KEY = 5111;

export type NewSnapshot = Omit<Snapshot, 'approvedBy' | 'approvedAt' | 'rejectedReason'>;

@Injectable()
export class SnapshotRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Waits until no other import or approval runs, and no push; held until the caller's transaction ends. */
  async lockImports(manager: EntityManager): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [SNAPSHOT_IMPORT_LOCK_KEY]);
  }

  /**
   * The same lock, shared: pushes and bookings run side by side (each locks its own employment id),
   * but never while an import or approval diffs and writes, so neither overwrites the other.
   */
  async lockAgainstImports(manager: EntityManager): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock_shared($1)', [SNAPSHOT_IMPORT_LOCK_KEY]);
  }

  async insert(manager: EntityManager, snapshot: NewSnapshot): Promise<void> {
    await manager.getRepository(Snapshot).insert({ ...snapshot, approvedBy: null, approvedAt: null, rejectedReason: null });
  }

  /** A snapshot with its held content, locked until the caller's transaction ends; null when unknown. */
  async findForApproval(manager: EntityManager, id: string): Promise<(Snapshot & { heldEmployments: Employment[] | null }) | null> {
    const snapshot = await manager
      .getRepository(Snapshot)
      .createQueryBuilder('s')
      .addSelect('s.heldEmployments')
      .where('s.id = :id', { id })
      .setLock('pessimistic_write')
      .getOne();
    return snapshot ? { ...snapshot, heldEmployments: snapshot.heldEmployments ?? null } : null;
  }

  /** Records an operator's approval of a held snapshot and the changes it made; drops the held content. */
  async markApproved(
    manager: EntityManager,
    id: string,
    approval: { approvedBy: string; at: Date; counts: SnapshotImportCounts },
  ): Promise<void> {
    await manager.getRepository(Snapshot).update(
      { id, status: 'held' },
      {
        status: 'applied',
        approvedBy: approval.approvedBy,
        approvedAt: approval.at,
        appliedAt: approval.at,
        heldEmployments: null,
        ...approval.counts,
      },
    );
  }

  /**
   * A newer snapshot makes every held one stale: approving an older export after it would undo
   * HR's later changes. Returns the ids of the snapshots rejected.
   */
  async rejectHeldBefore(manager: EntityManager, newer: { id: string; receivedAt: Date }): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(
      `UPDATE snapshot SET status = 'rejected', held_employments = NULL, rejected_reason = $2
        WHERE status = 'held' AND id <> $1
        RETURNING id`,
      [newer.id, `superseded by snapshot ${newer.id} received ${newer.receivedAt.toISOString()}`],
    );
    return rows.map((r) => r.id);
  }

  async find(id: string): Promise<Snapshot | null> {
    return this.dataSource.getRepository(Snapshot).findOne({ where: { id } });
  }

  /** The latest snapshots first, optionally of one status. */
  async list(query: { status?: SnapshotStatus; limit: number }): Promise<Omit<Snapshot, 'rejections'>[]> {
    return this.dataSource.getRepository(Snapshot).find({
      select: {
        id: true, receivedAt: true, status: true, scope: true, actor: true, encoding: true, byteSize: true, sha256: true, accepted: true,
        rejectionCount: true, joiners: true, movers: true, leavers: true, updated: true, unchanged: true, heldReason: true,
        approvedBy: true, approvedAt: true, appliedAt: true, rejectedReason: true,
      },
      where: query.status ? { status: query.status } : {},
      order: { receivedAt: 'DESC' },
      take: query.limit,
    });
  }
}
