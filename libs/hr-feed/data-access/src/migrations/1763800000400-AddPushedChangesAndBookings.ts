import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Employments may now also come from the push API (a single change between snapshots) and as
 * substitute bookings (vikariebokningar) with an exact access window. `source` tells them apart:
 * snapshots are diffed against snapshot and push employments only, never against bookings.
 */
export class AddPushedChangesAndBookings1763800000400 implements MigrationInterface {
  name = 'AddPushedChangesAndBookings1763800000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE pushed_change (
      id uuid PRIMARY KEY,
      received_at timestamptz NOT NULL,
      actor text NOT NULL,
      operation text NOT NULL CHECK (operation IN ('put-employment', 'end-employment', 'book', 'cancel-booking')),
      employment_id text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('JOINER', 'MOVER', 'LEAVER', 'UPDATED'))
    )`);
    await q.query('CREATE INDEX pushed_change_employment ON pushed_change (employment_id, received_at DESC)');

    // Every employment stored so far came from a snapshot. The default stays, so that a pod of the
    // previous version still importing during a rolling update writes valid rows.
    await q.query(`ALTER TABLE employment
      ADD COLUMN source text NOT NULL DEFAULT 'snapshot' CHECK (source IN ('snapshot', 'push', 'booking')),
      ADD COLUMN access_from timestamptz,
      ADD COLUMN access_until timestamptz,
      ADD COLUMN cancelled_at timestamptz,
      ADD COLUMN last_push_id uuid REFERENCES pushed_change (id),
      ALTER COLUMN last_snapshot_id DROP NOT NULL`);
    await q.query(`ALTER TABLE employment ADD CONSTRAINT employment_last_change
      CHECK (num_nonnulls(last_snapshot_id, last_push_id) = 1)`);
    // A booking has its window and is never in the set snapshots are diffed against; nothing else has a window.
    await q.query(`ALTER TABLE employment ADD CONSTRAINT employment_booking_window CHECK (
      CASE WHEN source = 'booking'
        THEN access_from IS NOT NULL AND access_until IS NOT NULL AND access_until > access_from AND NOT in_snapshot
        ELSE access_from IS NULL AND access_until IS NULL AND cancelled_at IS NULL
      END)`);
  }

  // Going back loses what only pushes knew: bookings, and employments no snapshot has listed since.
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM employment WHERE source = 'booking' OR last_snapshot_id IS NULL`);
    await q.query('ALTER TABLE employment DROP CONSTRAINT employment_booking_window, DROP CONSTRAINT employment_last_change');
    await q.query(`ALTER TABLE employment DROP COLUMN last_push_id, DROP COLUMN cancelled_at, DROP COLUMN access_until,
      DROP COLUMN access_from, DROP COLUMN source, ALTER COLUMN last_snapshot_id SET NOT NULL`);
    await q.query('DROP TABLE pushed_change');
  }
}
