import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Who acted: an HR event, a rule run, or an operator's token subject. */
export const HR_FEED_ACTOR = 'hr-feed event';

/** What happened to an account; more come with movers, leavers, memberships and reviews. */
export type AuditAction = 'account.created' | 'account.enabled' | 'account.disabled' | 'account.updated' | 'account.deleted';

/**
 * One line of the append-only audit log: who changed which account how, and why (the event
 * behind it). Rows are never updated or deleted; the database refuses it (see the migration).
 */
@Entity({ name: 'audit_entry' })
export class AuditEntry {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('timestamptz')
  at!: Date;

  @Column('text')
  actor!: string;

  @Column('text')
  action!: AuditAction;

  @Column('uuid', { name: 'account_id', nullable: true })
  accountId!: string | null;

  @Column('uuid', { name: 'cause_event_id', nullable: true })
  causeEventId!: string | null;

  /** What changed, for the reader: account name, DN, customer, employment. Never a password. */
  @Column('jsonb')
  detail!: Record<string, unknown>;
}
