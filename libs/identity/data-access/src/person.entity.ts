import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A person as HR knows them, by the pseudonymous person id of hr.employment events. The
 * personnummer never reaches identity (the database refuses anything shaped like one). A
 * protected identity (skyddad identitet) has no names here.
 */
@Entity({ name: 'person' })
export class Person {
  @PrimaryColumn('text', { name: 'person_id' })
  personId!: string;

  @Column('text', { name: 'given_name', nullable: true })
  givenName!: string | null;

  @Column('text', { nullable: true })
  surname!: string | null;

  @Column('boolean', { name: 'protected_identity' })
  protectedIdentity!: boolean;

  /** When HR's latest change to the person happened: an older event never overwrites the names. */
  @Column('timestamptz', { name: 'source_occurred_at' })
  sourceOccurredAt!: Date;

  /**
   * When the account lifecycle must look at the person next: the next instant their account's
   * state changes by itself (a start, an end, a booking, retention, a transition's end). Null:
   * nothing is ahead. The scheduler reads persons due by this column's index.
   */
  @Column('timestamptz', { name: 'next_review_at', nullable: true })
  nextReviewAt!: Date | null;

  /** Failed reviews in a row; the next try backs off with each. */
  @Column('integer', { name: 'review_failures' })
  reviewFailures!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
