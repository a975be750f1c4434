import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Who acted: an HR event, the lifecycle scheduler, or an operator's token subject. */
export const HR_FEED_ACTOR = 'hr-feed event';
/** The scheduled account lifecycle (dates reached, no new event); the rule is in the entry's detail. */
export const LIFECYCLE_ACTOR = 'lifecycle';

/** What happened to an account; more come with roles, access requests and reviews. */
export type AuditAction =
  | 'account.created'
  | 'account.enabled'
  | 'account.disabled'
  | 'account.updated'
  | 'account.deleted'
  /** Group memberships taken away from a disabled account (a leaver). */
  | 'account.access_removed'
  /** A mover's old access is kept until a date. */
  | 'transition.started'
  | 'transition.ended'
  /** A group membership added or removed; `detail.groupDn` names the group, `detail.cause` why. */
  | 'membership.added'
  | 'membership.removed'
  /** A requested licence granted or revoked (announced on identity.entitlement.v1); `detail.licenceCode`, `detail.cause`. */
  | 'entitlement.granted'
  | 'entitlement.revoked'
  /** Access requests (extra access) and their decisions and ends. */
  | 'request.created'
  | 'request.approved'
  | 'request.rejected'
  | 'request.expired'
  | 'request.revoked'
  /** Access reviews (behörighetsrevision). */
  | 'review.started'
  | 'review.answered'
  | 'review.closed'
  /** Access rules: a rule set version imported; reconciliation findings reported, runs held and approved. */
  | 'rules.imported'
  | 'reconcile.finding'
  | 'reconcile.held'
  | 'reconcile.approved';

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

  /** The person the entry concerns (pseudonymous id); null on entries written before it was recorded. */
  @Column('text', { name: 'person_id', nullable: true })
  personId!: string | null;

  @Column('uuid', { name: 'account_id', nullable: true })
  accountId!: string | null;

  @Column('uuid', { name: 'cause_event_id', nullable: true })
  causeEventId!: string | null;

  /** What changed, for the reader: account name, DN, customer, employment. Never a password. */
  @Column('jsonb')
  detail!: Record<string, unknown>;

  /** Position in the hash chain: 1, 2, 3, ... in the order the entries committed. */
  @Column({ type: 'bigint', insert: false, update: false })
  seq!: string;

  /** The hash of the entry before (64 zeros for the first). */
  @Column({ type: 'text', name: 'prev_hash', insert: false, update: false })
  prevHash!: string;

  /** SHA-256 (hex) over the entry's canonical form including prevHash (libs/identity/domain audit-chain). */
  @Column({ type: 'text', insert: false, update: false })
  hash!: string;
}
