import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Accounts that can hold licences, as identity reports them; licence assignments build on it. */
export class CreateLicenceHolder1763800000300 implements MigrationInterface {
  name = 'CreateLicenceHolder1763800000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE licence_holder (
      account_id uuid PRIMARY KEY,
      person_id text NOT NULL,
      customer_code text NOT NULL,
      enabled boolean NOT NULL,
      since date NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE licence_holder');
  }
}
