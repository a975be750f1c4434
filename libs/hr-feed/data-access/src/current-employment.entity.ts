import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Where an employment's current state came from: a full snapshot, a single change pushed between
 * snapshots, or a substitute booking (vikariebokning). Snapshots are diffed against snapshot and push
 * employments; bookings are not in HR's snapshot file and end by their own time.
 */
export type EmploymentSource = 'snapshot' | 'push' | 'booking';

/**
 * An employment as the last snapshot, push or booking left it: the state the next change is diffed
 * against. hr-feed is the one service that holds the personnummer; it never leaves this table
 * (events carry the pseudonymous person id).
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
   * In the set later snapshots are diffed against. False once the employment is gone from HR's
   * export: it stays here with its end date (the history), but later snapshots no longer see it.
   * Always false for a booking.
   */
  @Column('boolean', { name: 'in_snapshot' })
  inSnapshot!: boolean;

  @Column('text')
  source!: EmploymentSource;

  /** A booking's exact window (access_until exclusive); null for every other employment. */
  @Column('timestamptz', { name: 'access_from', nullable: true })
  accessFrom!: Date | null;

  @Column('timestamptz', { name: 'access_until', nullable: true })
  accessUntil!: Date | null;

  /** When a booking was cancelled; a cancelled booking cannot be booked again under its id. */
  @Column('timestamptz', { name: 'cancelled_at', nullable: true })
  cancelledAt!: Date | null;

  /** The snapshot that last changed this employment; null when a push did. */
  @Column('uuid', { name: 'last_snapshot_id', nullable: true })
  lastSnapshotId!: string | null;

  /** The pushed change that last changed this employment; null when a snapshot did. */
  @Column('uuid', { name: 'last_push_id', nullable: true })
  lastPushId!: string | null;

  @Column('timestamptz', { name: 'changed_at' })
  changedAt!: Date;
}
