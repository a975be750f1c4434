import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { EmploymentPlacement } from '@itops/metering/domain';

/**
 * One employment as metering last heard of it on hr.employment.v1: dates and the customers it
 * was placed at, from which the person's headcount items follow. Updated in place; it is a
 * working copy, the ledger is the record.
 */
@Entity({ name: 'headcount_employment' })
export class HeadcountEmploymentRow {
  @PrimaryColumn('text', { name: 'employment_id' })
  employmentId!: string;

  /** Pseudonymous person id. */
  @Column('text', { name: 'person_id' })
  personId!: string;

  @Column('date', { name: 'start_date' })
  startDate!: string;

  @Column('date', { name: 'end_date', nullable: true })
  endDate!: string | null;

  @Column('jsonb')
  placements!: EmploymentPlacement[];

  @Column('uuid', { name: 'source_event_id' })
  sourceEventId!: string;

  /** The newest event applied: an older one arriving later never replaces it. */
  @Column('timestamptz', { name: 'source_occurred_at' })
  sourceOccurredAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
