import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Products, contracts, pools, assignments and the signals harvesting reads. An account holds a
 * product at most once at a time (the licence group has it once); the causes behind it (role,
 * request) are the entitlements.
 */
export class CreateLicenceAssignments1763800000310 implements MigrationInterface {
  name = 'CreateLicenceAssignments1763800000310';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE licence_holder
      ADD COLUMN sam_account_name text,
      ADD COLUMN user_principal_name text,
      ADD COLUMN left_on date,
      ADD COLUMN ad_enabled boolean,
      ADD COLUMN last_logon_on date`);
    await q.query('CREATE INDEX licence_holder_person ON licence_holder (person_id)');
    await q.query('CREATE INDEX licence_holder_upn ON licence_holder (lower(user_principal_name))');
    await q.query('CREATE INDEX licence_holder_left ON licence_holder (left_on) WHERE left_on IS NOT NULL');
    await q.query(`CREATE TABLE licence_product (
      code text PRIMARY KEY,
      name text NOT NULL,
      monthly_price_sek numeric(12,2) NOT NULL CHECK (monthly_price_sek >= 0),
      group_dn text,
      serves_as text,
      addon boolean NOT NULL DEFAULT false,
      activity_service text,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE licence_contract (
      reference text PRIMARY KEY,
      supplier text NOT NULL,
      product_code text NOT NULL REFERENCES licence_product (code),
      quantity integer NOT NULL CHECK (quantity >= 0),
      unit_price_sek numeric(12,2) NOT NULL CHECK (unit_price_sek >= 0),
      starts_on date NOT NULL,
      ends_on date NOT NULL,
      true_up_on date NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query('CREATE INDEX licence_contract_product ON licence_contract (product_code)');
    await q.query(`CREATE TABLE licence_pool (
      code text PRIMARY KEY,
      customer_code text,
      product_code text NOT NULL REFERENCES licence_product (code),
      kind text NOT NULL CHECK (kind IN ('standard', 'substitute')),
      size integer NOT NULL CHECK (size >= 0),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE licence_assignment (
      id uuid PRIMARY KEY,
      account_id uuid NOT NULL,
      customer_code text NOT NULL,
      product_code text NOT NULL REFERENCES licence_product (code),
      source text NOT NULL CHECK (source IN ('role', 'request', 'substitute-pool', 'harvest', 'manual')),
      cause text NOT NULL,
      contract_reference text REFERENCES licence_contract (reference),
      pool_code text REFERENCES licence_pool (code),
      overflow boolean NOT NULL DEFAULT false,
      booking_id text,
      unit_cost_sek numeric(12,2),
      from_date date NOT NULL,
      to_date date,
      released_reason text,
      created_at timestamptz NOT NULL DEFAULT now(),
      released_at timestamptz
    )`);
    await q.query('CREATE UNIQUE INDEX licence_assignment_open ON licence_assignment (account_id, product_code) WHERE to_date IS NULL');
    await q.query('CREATE INDEX licence_assignment_contract ON licence_assignment (contract_reference) WHERE to_date IS NULL');
    await q.query('CREATE INDEX licence_assignment_pool ON licence_assignment (pool_code) WHERE to_date IS NULL');
    await q.query('CREATE INDEX licence_assignment_customer ON licence_assignment (customer_code) WHERE to_date IS NULL');
    await q.query('CREATE INDEX licence_assignment_booking ON licence_assignment (booking_id) WHERE booking_id IS NOT NULL');
    await q.query(`CREATE TABLE licence_entitlement (
      account_id uuid NOT NULL,
      product_code text NOT NULL,
      cause text NOT NULL,
      source text NOT NULL,
      customer_code text NOT NULL,
      sam_account_name text NOT NULL,
      granted_on date NOT NULL,
      PRIMARY KEY (account_id, product_code, cause)
    )`);
    await q.query(`CREATE TABLE licence_booking (
      booking_id text PRIMARY KEY,
      person_id text NOT NULL,
      customer_code text NOT NULL,
      access_from timestamptz,
      access_until timestamptz,
      state text NOT NULL CHECK (state IN ('pending', 'assigned', 'ended')),
      assignment_id uuid,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query("CREATE INDEX licence_booking_pending ON licence_booking (person_id) WHERE state = 'pending'");
    await q.query(`CREATE TABLE licence_service_activity (
      user_principal_name text NOT NULL,
      service text NOT NULL,
      last_activity_on date NOT NULL,
      PRIMARY KEY (user_principal_name, service)
    )`);
    await q.query(`CREATE TABLE licence_usage_import (
      id bigserial PRIMARY KEY,
      report text NOT NULL,
      refresh_date date,
      users integer NOT NULL,
      activities integer NOT NULL,
      imported_by text NOT NULL,
      imported_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE licence_audit (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      actor text NOT NULL,
      action text NOT NULL,
      account_id uuid,
      product_code text,
      cause text,
      detail jsonb NOT NULL DEFAULT '{}'
    )`);
    await q.query('CREATE INDEX licence_audit_account ON licence_audit (account_id, at)');
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['licence_audit', 'licence_usage_import', 'licence_service_activity', 'licence_booking', 'licence_entitlement', 'licence_assignment', 'licence_pool', 'licence_contract', 'licence_product']) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query('DROP INDEX licence_holder_person, licence_holder_upn, licence_holder_left');
    await q.query('ALTER TABLE licence_holder DROP COLUMN sam_account_name, DROP COLUMN user_principal_name, DROP COLUMN left_on, DROP COLUMN ad_enabled, DROP COLUMN last_logon_on');
  }
}
