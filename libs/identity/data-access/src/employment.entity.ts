import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type EmploymentChangeKind = 'JOINER' | 'MOVER' | 'LEAVER' | 'UPDATED';
export type EmploymentFormName = 'PERMANENT' | 'FIXED_TERM' | 'SUBSTITUTE' | 'HOURLY';

/**
 * The last known state of one employment (anställning), from hr.employment.v1. One row per
 * employment id, replaced by each newer event; the account rules read all of a person's rows.
 */
@Entity({ name: 'employment' })
export class Employment {
  @PrimaryColumn('text', { name: 'employment_id' })
  employmentId!: string;

  @Column('text', { name: 'person_id' })
  personId!: string;

  @Column('text', { name: 'customer_code' })
  customerCode!: string;

  @Column('text', { name: 'unit_code' })
  unitCode!: string;

  /** Null for a protected identity. */
  @Column('text', { name: 'unit_name', nullable: true })
  unitName!: string | null;

  @Column('text', { name: 'cost_centre', nullable: true })
  costCentre!: string | null;

  @Column('text', { name: 'job_code', nullable: true })
  jobCode!: string | null;

  @Column('text', { name: 'job_title', nullable: true })
  jobTitle!: string | null;

  @Column('text')
  form!: EmploymentFormName;

  /** Sysselsättningsgrad, percent 0-100. */
  @Column('smallint')
  rate!: number;

  /** YYYY-MM-DD, a Europe/Stockholm calendar date. */
  @Column('date', { name: 'start_date' })
  startDate!: string;

  /** Last day, inclusive; null while open-ended. */
  @Column('date', { name: 'end_date', nullable: true })
  endDate!: string | null;

  @Column('text', { name: 'manager_employment_id', nullable: true })
  managerEmploymentId!: string | null;

  @Column('text', { name: 'last_change' })
  lastChange!: EmploymentChangeKind;

  @Column('text', { name: 'snapshot_id' })
  snapshotId!: string;

  /** The event this state came from, and when HR's change happened: an older event never overwrites a newer one. */
  @Column('uuid', { name: 'source_event_id' })
  sourceEventId!: string;

  @Column('timestamptz', { name: 'source_occurred_at' })
  sourceOccurredAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
