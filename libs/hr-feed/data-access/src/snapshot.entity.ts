import type { Employment, SnapshotScope } from '@itops/hr-feed/domain';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * applied: its changes were stored and announced (directly, or after an operator approved it);
 * held: the mass-leaver brake stopped it and it waits for approval;
 * rejected: a held snapshot that a newer snapshot superseded, so it can no longer be applied;
 * dry-run: only checked and counted, nothing applied.
 */
export type SnapshotStatus = 'applied' | 'held' | 'rejected' | 'dry-run';

/** A row left out of a snapshot: line, column and reason. Never holds a personnummer. */
export interface SnapshotRejection {
  readonly line: number;
  readonly field: string;
  readonly message: string;
  /** The row's anstallningsnr, so a held snapshot applied later still keeps that employment as it was. */
  readonly employmentId: string | null;
}

/** One HR snapshot file received: what it held, what it changed, and who sent and approved it. */
@Entity({ name: 'snapshot' })
export class Snapshot {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('timestamptz', { name: 'received_at' })
  receivedAt!: Date;

  @Column('text')
  status!: SnapshotStatus;

  /** full: a snapshot of every employment; changes: a change file (förändringsfil) of the changed ones only. */
  @Column('text', { default: 'full' })
  scope!: SnapshotScope;

  /** The token subject of the caller who sent the file. */
  @Column('text')
  actor!: string;

  @Column('text')
  encoding!: string;

  @Column('integer', { name: 'byte_size' })
  byteSize!: number;

  /** SHA-256 of the file's bytes, hex: tells which export this was. */
  @Column('text')
  sha256!: string;

  /** Rows parsed into employments. */
  @Column('integer')
  accepted!: number;

  @Column('integer', { name: 'rejection_count' })
  rejectionCount!: number;

  @Column('integer')
  joiners!: number;

  @Column('integer')
  movers!: number;

  @Column('integer')
  leavers!: number;

  @Column('integer')
  updated!: number;

  @Column('integer')
  unchanged!: number;

  @Column('jsonb')
  rejections!: SnapshotRejection[];

  /** Why the mass-leaver brake held it (kept after approval, as the record of why approval was needed). */
  @Column('text', { name: 'held_reason', nullable: true })
  heldReason!: string | null;

  /**
   * The parsed employments of a held snapshot, applied when an operator approves it. Personal data:
   * only a held snapshot has them; they are cleared when it is applied or superseded. Not loaded
   * unless asked for.
   */
  @Column('jsonb', { name: 'held_employments', nullable: true, select: false })
  heldEmployments?: Employment[] | null;

  /** The token subject of the operator who approved a held snapshot. */
  @Column('text', { name: 'approved_by', nullable: true })
  approvedBy!: string | null;

  @Column('timestamptz', { name: 'approved_at', nullable: true })
  approvedAt!: Date | null;

  @Column('timestamptz', { name: 'applied_at', nullable: true })
  appliedAt!: Date | null;

  @Column('text', { name: 'rejected_reason', nullable: true })
  rejectedReason!: string | null;
}
