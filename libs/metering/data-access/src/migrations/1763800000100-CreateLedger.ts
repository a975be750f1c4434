import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateLedger1763800000100 implements MigrationInterface {
  name = 'CreateLedger1763800000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE ledger_item (
      id uuid PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('open', 'close', 'adjust')),
      refers_to uuid REFERENCES ledger_item (id),
      customer_code text NOT NULL,
      offering_code text NOT NULL,
      subject_type text NOT NULL,
      subject_id text NOT NULL,
      quantity numeric(18, 4) NOT NULL,
      valid_from date NOT NULL,
      valid_to date,
      source_event_id uuid,
      reason text,
      operator text,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      CHECK (valid_to IS NULL OR valid_to >= valid_from),
      CHECK (kind <> 'adjust' OR (reason IS NOT NULL AND operator IS NOT NULL))
    )`);
    await q.query('CREATE INDEX ledger_item_customer_period ON ledger_item (customer_code, valid_from)');
    await q.query('CREATE INDEX ledger_item_subject ON ledger_item (subject_type, subject_id, offering_code)');
    // The ledger is append-only: corrections are new items, never edits.
    await q.query(`CREATE FUNCTION ledger_item_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'ledger_item is append-only: % refused', TG_OP; END $$`);
    await q.query(`CREATE TRIGGER ledger_item_append_only BEFORE UPDATE OR DELETE ON ledger_item
      FOR EACH ROW EXECUTE FUNCTION ledger_item_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE ledger_item');
    await q.query('DROP FUNCTION ledger_item_append_only');
  }
}
