import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People and accounts devices can be assigned to: employments from HR (a joiner may need a PC
 * before the first day) and their accounts from identity (a leaver's device is returned).
 */
export class CreateDeviceUser1763800000400 implements MigrationInterface {
  name = 'CreateDeviceUser1763800000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE device_user (
      person_id text PRIMARY KEY,
      account_id uuid UNIQUE,
      customer_code text NOT NULL,
      account_enabled boolean NOT NULL DEFAULT false,
      employments integer NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE device_user');
  }
}
