import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the account lifecycle (joiner, mover, leaver, bookings, retention) needs: bookings, the
 * account's placement and attributes as identity last wrote them, deleted accounts kept for the
 * record, movers' transitions, the person each audit entry concerns, and when each person is next
 * due for review (the scheduler's index).
 */
export class AddAccountLifecycle1763800000300 implements MigrationInterface {
  name = 'AddAccountLifecycle1763800000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE booking (
      booking_id text PRIMARY KEY,
      employment_id text NOT NULL REFERENCES employment (employment_id),
      person_id text NOT NULL REFERENCES person (person_id),
      access_from timestamptz NOT NULL,
      access_until timestamptz NOT NULL,
      cancelled_at timestamptz,
      source_event_id uuid NOT NULL,
      source_occurred_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (access_until > access_from)
    )`);
    await q.query('CREATE INDEX booking_person ON booking (person_id)');
    // Reports of a manager are found by the manager's employment ids when the manager's account appears.
    await q.query('CREATE INDEX employment_manager ON employment (manager_employment_id) WHERE manager_employment_id IS NOT NULL');

    // A deleted account stays as a record (its name is never given out again); one live account per person.
    await q.query(`ALTER TABLE account
      ADD COLUMN unit_code text,
      ADD COLUMN primary_employment_id text,
      ADD COLUMN attributes jsonb,
      ADD COLUMN access_removed_at timestamptz,
      ADD COLUMN deleted_at timestamptz`);
    await q.query('ALTER TABLE account DROP CONSTRAINT account_person_id_key');
    await q.query('CREATE UNIQUE INDEX account_live_person ON account (person_id) WHERE deleted_at IS NULL');
    await q.query(`ALTER TABLE account ADD CONSTRAINT account_deleted_disabled CHECK (deleted_at IS NULL OR NOT enabled)`);

    await q.query(`CREATE TABLE mover_transition (
      id uuid PRIMARY KEY,
      person_id text NOT NULL REFERENCES person (person_id),
      account_id uuid NOT NULL REFERENCES account (account_id),
      from_customer_code text NOT NULL,
      from_unit_code text,
      to_customer_code text NOT NULL,
      to_unit_code text,
      started_on date NOT NULL,
      until date NOT NULL CHECK (until >= started_on),
      ended_at timestamptz,
      cause_event_id uuid,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query('CREATE INDEX mover_transition_open ON mover_transition (person_id, until) WHERE ended_at IS NULL');

    await q.query('ALTER TABLE audit_entry ADD COLUMN person_id text');
    await q.query('CREATE INDEX audit_entry_person ON audit_entry (person_id, at) WHERE person_id IS NOT NULL');

    // The scheduler reads only persons due now, through this index, never the whole population.
    await q.query(`ALTER TABLE person
      ADD COLUMN next_review_at timestamptz,
      ADD COLUMN review_failures integer NOT NULL DEFAULT 0`);
    await q.query('CREATE INDEX person_next_review ON person (next_review_at) WHERE next_review_at IS NOT NULL');
    // Everyone known so far is reviewed once by the first run.
    await q.query('UPDATE person SET next_review_at = now()');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX person_next_review');
    await q.query('ALTER TABLE person DROP COLUMN next_review_at, DROP COLUMN review_failures');
    await q.query('DROP INDEX audit_entry_person');
    await q.query('ALTER TABLE audit_entry DROP COLUMN person_id');
    await q.query('DROP TABLE mover_transition');
    await q.query('ALTER TABLE account DROP CONSTRAINT account_deleted_disabled');
    await q.query('DELETE FROM account WHERE deleted_at IS NOT NULL');
    await q.query(`ALTER TABLE account
      DROP COLUMN unit_code, DROP COLUMN primary_employment_id, DROP COLUMN attributes,
      DROP COLUMN access_removed_at, DROP COLUMN deleted_at`);
    await q.query('DROP INDEX account_live_person');
    await q.query('ALTER TABLE account ADD CONSTRAINT account_person_id_key UNIQUE (person_id)');
    await q.query('DROP INDEX employment_manager');
    await q.query('DROP TABLE booking');
  }
}
