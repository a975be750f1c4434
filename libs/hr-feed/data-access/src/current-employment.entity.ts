import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * An employment as the last applied snapshot left it: the state the next snapshot is diffed against.
 * hr-feed is the one service that holds the personnummer; it never leaves this table (events carry
 * the pseudonymous person id).
 */
@Entity({ name: 'employment' })
export class CurrentEmployment {
  /** anstallningsnr */
  @PrimaryColumn('text', { name: 'employment_id' })
  employmentId!: string;

  /** personIdFor(personnummer): the key of the person's events. */
  @Column('text', { name: 'person_id' })
  personId!: string;

  /** 12 digits. Never logged, never sent. */
  @Column('text')
  personnummer!: string;

  @Column('text', { name: 'given_name' })
  givenName!: string;

  @Column('text')
  surname!: string;

  @Column('text', { name: 'customer_code' })
  customerCode!: string;

  @Column('text', { name: 'unit_code' })
  unitCode!: string;

  @Column('text', { name: 'unit_name' })
  unitName!: string;

  @Column('text', { name: 'cost_centre' })
  costCentre!: string;

  @Column('text', { name: 'job_code' })
  jobCode!: string;

  @Column('text', { name: 'job_title' })
  jobTitle!: string;

  /** TV, VI, VIK or TIM. */
  @Column('text')
  form!: string;

  @Column('smallint')
  rate!: number;

  @Column('date', { name: 'start_date' })
  startDate!: string;

  @Column('date', { name: 'end_date', nullable: true })
  endDate!: string | null;

  @Column('text', { name: 'manager_employment_id', nullable: true })
  managerEmploymentId!: string | null;

  @Column('boolean', { name: 'protected_identity' })
  protectedIdentity!: boolean;

  /**
   * False once the employment is gone from HR's export. It stays here with its end date (the
   * history), but later snapshots are no longer diffed against it.
   */
  @Column('boolean', { name: 'in_snapshot' })
  inSnapshot!: boolean;

  /** The snapshot that last changed this employment. */
  @Column('uuid', { name: 'last_snapshot_id' })
  lastSnapshotId!: string;

  @Column('timestamptz', { name: 'changed_at' })
  changedAt!: Date;
}
