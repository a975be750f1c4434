import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ReviewAnswer, ReviewOutcome, ReviewStatus } from '@itops/identity/domain';

/**
 * An access review campaign (behörighetsrevision): each manager confirms or rejects the extra
 * access of their staff; at close, rejected and unanswered access is revoked.
 */
@Entity({ name: 'access_review' })
export class AccessReview {
  @PrimaryColumn('uuid')
  id!: string;

  /** The customer whose accounts are reviewed; null: all. */
  @Column('text', { name: 'customer_code', nullable: true })
  customerCode!: string | null;

  /** Last day to answer (Europe/Stockholm); the review closes after it. */
  @Column('date', { name: 'closes_on' })
  closesOn!: string;

  @Column('text')
  status!: ReviewStatus;

  @Column('text', { name: 'started_by' })
  startedBy!: string;

  @Column('timestamptz', { name: 'started_at' })
  startedAt!: Date;

  @Column('text', { name: 'closed_by', nullable: true })
  closedBy!: string | null;

  @Column('timestamptz', { name: 'closed_at', nullable: true })
  closedAt!: Date | null;
}

/** One grant under review: the account holder's managers answer it. */
@Entity({ name: 'access_review_item' })
export class AccessReviewItem {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'review_id' })
  reviewId!: string;

  @Column('uuid', { name: 'request_id' })
  requestId!: string;

  @Column('uuid', { name: 'account_id' })
  accountId!: string;

  @Column('text', { name: 'sam_account_name' })
  samAccountName!: string;

  /** The group under review; null for a requested licence. */
  @Column('text', { name: 'group_key', nullable: true })
  groupKey!: string | null;

  @Column('text', { name: 'group_dn', nullable: true })
  groupDn!: string | null;

  /** The licence under review; null for a group. */
  @Column('text', { name: 'licence_code', nullable: true })
  licenceCode!: string | null;

  @Column('date')
  until!: string;

  /** sAMAccountNames of the managers (HR's managerEmploymentId of the holder's employments) who answer. */
  @Column('text', { array: true })
  reviewers!: string[];

  @Column('text', { nullable: true })
  answer!: ReviewAnswer | null;

  @Column('text', { name: 'answered_by', nullable: true })
  answeredBy!: string | null;

  @Column('timestamptz', { name: 'answered_at', nullable: true })
  answeredAt!: Date | null;

  @Column('text', { nullable: true })
  outcome!: ReviewOutcome | null;
}
