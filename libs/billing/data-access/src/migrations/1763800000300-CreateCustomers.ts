import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The billed customers (kunder) with their type and cost centres, as the customer file says. */
export class CreateCustomers1763800000300 implements MigrationInterface {
  name = 'CreateCustomers1763800000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE customer (
      code text PRIMARY KEY CHECK (code ~ '^[A-Z][0-9]{3}$'),
      name text NOT NULL,
      type text NOT NULL,
      cost_centres text[] NOT NULL DEFAULT '{}',
      imported_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE customer');
  }
}
