import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AccessRequestStatus } from '@itops/identity/domain';

/**
 * Extra (non-birthright) access to a catalogue group for an account, time-bound: requested with a
 * reason by a manager or the service desk, decided by the group's owner, held until the end of
 * `until` (Europe/Stockholm), then removed; or taken away earlier by an access review.
 */
@Entity({ name: 'access_request' })
export class AccessRequest {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'account_id' })
  accountId!: string;

  @Column('text', { name: 'person_id' })
  personId!: string;

  /** The employment the access is for (the person's primary one when the requester named none). */
  @Column('text', { name: 'employment_id', nullable: true })
  employmentId!: string | null;

  @Column('text', { name: 'sam_account_name' })
  samAccountName!: string;

  /** Key of the catalogue group asked for; null when the request is for a licence. */
  @Column('text', { name: 'group_key', nullable: true })
  groupKey!: string | null;

  /** The group's DN and owner as the catalogue said when the request was made. */
  @Column('text', { name: 'group_dn', nullable: true })
  groupDn!: string | null;

  /**
   * The requestable licence asked for (e.g. VISIO-P2); null for a group. identity does not touch
   * AD for it: it announces the entitlement and the licence service realises it.
   */
  @Column('text', { name: 'licence_code', nullable: true })
  licenceCode!: string | null;

  /** The account's paying customer the licence entitlement was announced for; null for a group. */
  @Column('text', { name: 'customer_code', nullable: true })
  customerCode!: string | null;

  @Column('text')
  owner!: string;

  @Column('text')
  reason!: string;

  /** Last day with access, YYYY-MM-DD (Europe/Stockholm). */
  @Column('date')
  until!: string;

  @Column('text', { name: 'requested_by' })
  requestedBy!: string;

  @Column('timestamptz', { name: 'requested_at' })
  requestedAt!: Date;

  @Column('text')
  status!: AccessRequestStatus;

  @Column('text', { name: 'decided_by', nullable: true })
  decidedBy!: string | null;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt!: Date | null;

  @Column('text', { name: 'decision_note', nullable: true })
  decisionNote!: string | null;

  @Column('timestamptz', { name: 'ended_at', nullable: true })
  endedAt!: Date | null;

  /** Why the grant ended: 'expiry', 'review:<id>' or 'leaver'. */
  @Column('text', { name: 'end_cause', nullable: true })
  endCause!: string | null;
}
