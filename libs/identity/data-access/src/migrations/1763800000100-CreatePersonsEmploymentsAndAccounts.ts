import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePersonsEmploymentsAndAccounts1763800000100 implements MigrationInterface {
  name = 'CreatePersonsEmploymentsAndAccounts1763800000100';

  async up(q: QueryRunner): Promise<void> {
    // The person id is a pseudonym; a value shaped like a personnummer is refused outright.
    await q.query(`CREATE TABLE person (
      person_id text PRIMARY KEY CHECK (person_id !~ '^([0-9]{2})?[0-9]{6}[-+]?[0-9]{4}$'),
      given_name text,
      surname text,
      protected_identity boolean NOT NULL,
      source_occurred_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (NOT protected_identity OR (given_name IS NULL AND surname IS NULL))
    )`);
    await q.query(`CREATE TABLE employment (
      employment_id text PRIMARY KEY,
      person_id text NOT NULL REFERENCES person (person_id),
      customer_code text NOT NULL,
      unit_code text NOT NULL,
      unit_name text,
      cost_centre text,
      job_code text,
      job_title text,
      form text NOT NULL CHECK (form IN ('PERMANENT', 'FIXED_TERM', 'SUBSTITUTE', 'HOURLY')),
      rate smallint NOT NULL CHECK (rate BETWEEN 0 AND 100),
      start_date date NOT NULL,
      end_date date,
      manager_employment_id text,
      last_change text NOT NULL CHECK (last_change IN ('JOINER', 'MOVER', 'LEAVER', 'UPDATED')),
      snapshot_id text NOT NULL,
      source_event_id uuid NOT NULL,
      source_occurred_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (end_date IS NULL OR end_date >= start_date)
    )`);
    await q.query('CREATE INDEX employment_person ON employment (person_id)');
    await q.query(`CREATE TABLE account (
      account_id uuid PRIMARY KEY,
      person_id text NOT NULL UNIQUE REFERENCES person (person_id),
      sam_account_name text NOT NULL CHECK (sam_account_name ~ '^[a-z0-9._-]{1,20}$'),
      user_principal_name text NOT NULL,
      dn text NOT NULL,
      object_guid uuid,
      customer_code text NOT NULL,
      enabled boolean NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    // AD compares account names and UPNs without regard to case; so does this.
    await q.query('CREATE UNIQUE INDEX account_sam_account_name ON account (lower(sam_account_name))');
    await q.query('CREATE UNIQUE INDEX account_user_principal_name ON account (lower(user_principal_name))');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE account');
    await q.query('DROP TABLE employment');
    await q.query('DROP TABLE person');
  }
}
