import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Devices (PC, iPad, mobile) with their lifecycle, holder, paying customer and lease; their
 * history; the days they were held (the usage facts metering bills from); the fee table and
 * the lease contracts. Accounts get their UPN, which device exports name users by.
 */
export class CreateDevices1763800000710 implements MigrationInterface {
  name = 'CreateDevices1763800000710';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE device_user ADD COLUMN user_principal_name text');
    // Not unique: identity's events arrive per account, so a UPN moved from one account to
    // another may briefly be on both; the import reports such a user instead of picking one.
    await q.query('CREATE INDEX device_user_upn ON device_user (lower(user_principal_name))');
    await q.query(`CREATE TABLE lease_contract (
      contract_id text PRIMARY KEY,
      supplier text NOT NULL,
      start_date date NOT NULL,
      term_months integer NOT NULL CHECK (term_months BETWEEN 1 AND 120),
      end_date date NOT NULL
    )`);
    await q.query(`CREATE TABLE device_offering (
      device_type text NOT NULL,
      model text NOT NULL DEFAULT '',
      offering_code text NOT NULL,
      monthly_fee_sek numeric(12, 2) NOT NULL CHECK (monthly_fee_sek >= 0),
      PRIMARY KEY (device_type, model)
    )`);
    await q.query(`CREATE TABLE device (
      id uuid PRIMARY KEY,
      -- Null for an order not yet delivered.
      serial_number text UNIQUE,
      device_name text NOT NULL DEFAULT '',
      device_type text NOT NULL CHECK (device_type IN ('PC', 'IPAD', 'MOBILE')),
      model text NOT NULL DEFAULT '',
      manufacturer text NOT NULL DEFAULT '',
      os text NOT NULL DEFAULT '',
      os_version text NOT NULL DEFAULT '',
      status text NOT NULL CHECK (status IN ('ORDERED', 'IN_STOCK', 'ASSIGNED', 'RETURN_REQUESTED', 'RETURNED', 'REFURBISHED', 'REASSIGNED', 'RECYCLED')),
      status_date date NOT NULL,
      account_id text,
      customer_code text,
      times_assigned integer NOT NULL DEFAULT 0,
      last_seen_at timestamptz,
      in_service_since date NOT NULL,
      lease_contract_id text REFERENCES lease_contract (contract_id),
      lease_end date,
      lease_flagged_on date,
      order_cause text,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query('CREATE INDEX device_customer_status ON device (customer_code, status)');
    await q.query('CREATE INDEX device_account ON device (account_id) WHERE account_id IS NOT NULL');
    await q.query('CREATE INDEX device_lease_end ON device (lease_end) WHERE lease_end IS NOT NULL');
    await q.query(`CREATE TABLE device_history (
      id bigserial PRIMARY KEY,
      device_id uuid NOT NULL REFERENCES device (id),
      status text NOT NULL,
      account_id text,
      customer_code text,
      effective_date date NOT NULL,
      cause text NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query('CREATE INDEX device_history_device ON device_history (device_id, id)');
    await q.query(`CREATE TABLE device_assignment (
      id uuid PRIMARY KEY,
      device_id uuid NOT NULL REFERENCES device (id),
      account_id text NOT NULL,
      customer_code text NOT NULL,
      offering_code text NOT NULL,
      valid_from date NOT NULL,
      valid_to date,
      CHECK (valid_to IS NULL OR valid_to >= valid_from)
    )`);
    // One open holding per device: the day count never overlaps itself.
    await q.query('CREATE UNIQUE INDEX device_assignment_open ON device_assignment (device_id) WHERE valid_to IS NULL');
    await q.query('CREATE INDEX device_assignment_customer ON device_assignment (customer_code, valid_from)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE device_assignment');
    await q.query('DROP TABLE device_history');
    await q.query('DROP TABLE device');
    await q.query('DROP TABLE device_offering');
    await q.query('DROP TABLE lease_contract');
    await q.query('DROP INDEX device_user_upn');
    await q.query('ALTER TABLE device_user DROP COLUMN user_principal_name');
  }
}
