import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A mover's old access, kept until `until` (00:00 Stockholm that day): the placement the person
 * left and the one they moved to. Role-based groups come with the access rules; until then the
 * transition is recorded so they can honour it, and its start and end are audited.
 */
@Entity({ name: 'mover_transition' })
export class MoverTransitionRecord {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text', { name: 'person_id' })
  personId!: string;

  @Column('uuid', { name: 'account_id' })
  accountId!: string;

  @Column('text', { name: 'from_customer_code' })
  fromCustomerCode!: string;

  @Column('text', { name: 'from_unit_code', nullable: true })
  fromUnitCode!: string | null;

  @Column('text', { name: 'to_customer_code' })
  toCustomerCode!: string;

  @Column('text', { name: 'to_unit_code', nullable: true })
  toUnitCode!: string | null;

  /** YYYY-MM-DD, Stockholm. */
  @Column('date', { name: 'started_on' })
  startedOn!: string;

  /** The first day without the old access, YYYY-MM-DD, Stockholm. */
  @Column('date')
  until!: string;

  @Column('timestamptz', { name: 'ended_at', nullable: true })
  endedAt!: Date | null;

  /** The HR event behind the move; null when the lifecycle found it (a primary employment starting or ending). */
  @Column('uuid', { name: 'cause_event_id', nullable: true })
  causeEventId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
