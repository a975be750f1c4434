import { Column, Entity, PrimaryColumn } from 'typeorm';

export type PushedOperation = 'put-employment' | 'end-employment' | 'book' | 'cancel-booking';
export type PushedChangeKind = 'JOINER' | 'MOVER' | 'LEAVER' | 'UPDATED';

/**
 * One change that came through the push API (a single employment or a booking) and was announced:
 * who sent it, when, and what it was. Its id is the `snapshot_id` and correlation id of the event, as
 * a snapshot's id is for the changes of a file. Holds no personal data. A push that changed nothing
 * is not recorded.
 */
@Entity({ name: 'pushed_change' })
export class PushedChange {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('timestamptz', { name: 'received_at' })
  receivedAt!: Date;

  /** The token subject of the caller. */
  @Column('text')
  actor!: string;

  @Column('text')
  operation!: PushedOperation;

  @Column('text', { name: 'employment_id' })
  employmentId!: string;

  @Column('text')
  kind!: PushedChangeKind;
}
