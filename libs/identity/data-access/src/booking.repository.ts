import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Booking } from './booking.entity';

export type BookingFacts = Omit<Booking, 'updatedAt'>;

@Injectable()
export class BookingRepository {
  /**
   * Stores a booking's state from an event, unless a newer event already did (HR's change time
   * decides). A withdrawn booking keeps its cancelled_at. Returns whether the row changed.
   */
  async record(manager: EntityManager, b: BookingFacts): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO booking (booking_id, employment_id, person_id, access_from, access_until, cancelled_at, source_event_id, source_occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (booking_id) DO UPDATE
          SET employment_id = EXCLUDED.employment_id, person_id = EXCLUDED.person_id, access_from = EXCLUDED.access_from,
              access_until = EXCLUDED.access_until, cancelled_at = EXCLUDED.cancelled_at, source_event_id = EXCLUDED.source_event_id,
              source_occurred_at = EXCLUDED.source_occurred_at, updated_at = now()
        WHERE booking.source_occurred_at <= EXCLUDED.source_occurred_at
       RETURNING booking_id`,
      [b.bookingId, b.employmentId, b.personId, b.accessFrom, b.accessUntil, b.cancelledAt, b.sourceEventId, b.sourceOccurredAt],
    );
    return rows.length > 0;
  }

  /** All bookings of a person, past and future. */
  async forPerson(manager: EntityManager, personId: string): Promise<Booking[]> {
    return manager.getRepository(Booking).find({ where: { personId }, order: { accessFrom: 'ASC', bookingId: 'ASC' } });
  }
}
