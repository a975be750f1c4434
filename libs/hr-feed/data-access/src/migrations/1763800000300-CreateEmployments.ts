import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateEmployments1763800000300 implements MigrationInterface {
  name = 'CreateEmployments1763800000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE employment (
      employment_id text PRIMARY KEY,
      person_id text NOT NULL,
      personnummer text NOT NULL CHECK (personnummer ~ '^[0-9]{12}$'),
      given_name text NOT NULL,
      surname text NOT NULL,
      customer_code text NOT NULL,
      unit_code text NOT NULL,
      unit_name text NOT NULL,
      cost_centre text NOT NULL,
      job_code text NOT NULL,
      job_title text NOT NULL,
      form text NOT NULL CHECK (form IN ('TV', 'VI', 'VIK', 'TIM')),
      rate smallint NOT NULL CHECK (rate BETWEEN 0 AND 100),
      start_date date NOT NULL,
      end_date date CHECK (end_date IS NULL OR end_date >= start_date),
      manager_employment_id text,
      protected_identity boolean NOT NULL,
      in_snapshot boolean NOT NULL,
      last_snapshot_id uuid NOT NULL REFERENCES snapshot (id),
      changed_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query('CREATE INDEX employment_person ON employment (person_id)');
    await q.query('CREATE INDEX employment_current ON employment (employment_id) WHERE in_snapshot');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE employment');
  }
}
