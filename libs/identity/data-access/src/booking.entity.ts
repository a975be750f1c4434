import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A substitute or hourly booking (vikariebokning) pushed by HR, exact to the minute: its
 * employment gives access only within its bookings. The last state per booking id, replaced only
 * by a newer event.
 */
@Entity({ name: 'booking' })
export class Booking {
  @PrimaryColumn('text', { name: 'booking_id' })
  bookingId!: string;

  @Column('text', { name: 'employment_id' })
  employmentId!: string;

  @Column('text', { name: 'person_id' })
  personId!: string;

  @Column('timestamptz', { name: 'access_from' })
  accessFrom!: Date;

  @Column('timestamptz', { name: 'access_until' })
  accessUntil!: Date;

  /** When HR withdrew the booking (a LEAVER event for it); null while it stands. */
  @Column('timestamptz', { name: 'cancelled_at', nullable: true })
  cancelledAt!: Date | null;

  @Column('uuid', { name: 'source_event_id' })
  sourceEventId!: string;

  @Column('timestamptz', { name: 'source_occurred_at' })
  sourceOccurredAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
