import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateBilling1763800000200 implements MigrationInterface {
  name = 'CreateBilling1763800000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE price_list_entry (
      offering_code text NOT NULL,
      offering_name text NOT NULL,
      unit text NOT NULL,
      measure text NOT NULL,
      price_sek numeric(14, 2) NOT NULL CHECK (price_sek >= 0),
      valid_from date NOT NULL,
      valid_to date,
      offering_type text NOT NULL,
      imported_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (offering_code, valid_from)
    )`);
    // Billing's copy of the metering ledger (metering.usage.v1), the only source of volumes.
    await q.query(`CREATE TABLE usage_item (
      id uuid PRIMARY KEY,
      kind text NOT NULL,
      refers_to uuid,
      customer_code text NOT NULL,
      offering_code text NOT NULL,
      subject_type text NOT NULL,
      subject_id text NOT NULL,
      quantity numeric(18, 4) NOT NULL,
      valid_from date NOT NULL,
      valid_to date
    )`);
    await q.query('CREATE INDEX usage_item_customer ON usage_item (customer_code, valid_from)');
    await q.query('CREATE INDEX usage_item_refers_to ON usage_item (refers_to) WHERE refers_to IS NOT NULL');
    await q.query(`CREATE TABLE billing_run (
      id uuid PRIMARY KEY,
      period char(7) NOT NULL,
      status text NOT NULL CHECK (status IN ('draft', 'issued')),
      total_sek numeric(16, 2) NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      issued_at timestamptz
    )`);
    // At most one draft and one issued run per period.
    await q.query('CREATE UNIQUE INDEX billing_run_period_status ON billing_run (period, status)');
    await q.query(`CREATE TABLE invoice (
      id uuid PRIMARY KEY,
      run_id uuid NOT NULL REFERENCES billing_run (id) ON DELETE CASCADE,
      customer_code text NOT NULL,
      total_sek numeric(16, 2) NOT NULL
    )`);
    await q.query(`CREATE TABLE invoice_line (
      id uuid PRIMARY KEY,
      invoice_id uuid NOT NULL REFERENCES invoice (id) ON DELETE CASCADE,
      line_no integer NOT NULL,
      offering_code text NOT NULL,
      offering_name text NOT NULL,
      measure text NOT NULL,
      unit text NOT NULL,
      quantity numeric(18, 4) NOT NULL,
      unit_price_sek numeric(14, 2) NOT NULL,
      amount_sek numeric(16, 2) NOT NULL,
      item_ids uuid[] NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['invoice_line', 'invoice', 'billing_run', 'usage_item', 'price_list_entry']) await q.query(`DROP TABLE ${table}`);
  }
}
