import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCustomers1763800000100 implements MigrationInterface {
  name = 'CreateCustomers1763800000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE customer (
      code text PRIMARY KEY CHECK (code ~ '^[A-Z][0-9]{3}$'),
      name text NOT NULL CHECK (length(btrim(name)) > 0),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE customer');
  }
}
