import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateHeadcountEmployments1763800000610 implements MigrationInterface {
  name = 'CreateHeadcountEmployments1763800000610';

  async up(q: QueryRunner): Promise<void> {
    // What metering knows of each employment from hr.employment.v1: the days a person counts in a
    // customer's headcount follow from it. A working copy (updated in place); the ledger stays
    // append-only. Persons only by their pseudonymous id, never a personnummer.
    await q.query(`CREATE TABLE headcount_employment (
      employment_id text PRIMARY KEY,
      person_id text NOT NULL CHECK (person_id !~ '^([0-9]{2})?[0-9]{6}[-+]?[0-9]{4}$'),
      start_date date NOT NULL,
      end_date date,
      placements jsonb NOT NULL,
      source_event_id uuid NOT NULL,
      source_occurred_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query('CREATE INDEX headcount_employment_person ON headcount_employment (person_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE headcount_employment');
  }
}
