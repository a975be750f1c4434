import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Customer agreements, issued runs that cannot change, correction lines, the price list a
 * run was priced with, when each ledger item arrived, and the cost inputs of the forecast.
 */
export class AddAgreementsIssueAndCosts1763800000600 implements MigrationInterface {
  name = 'AddAgreementsIssueAndCosts1763800000600';

  async up(q: QueryRunner): Promise<void> {
    // Kundavtal: which optional offerings a customer takes, for which days.
    await q.query(`CREATE TABLE agreement (
      customer_code text NOT NULL,
      offering_code text NOT NULL,
      valid_from date NOT NULL,
      valid_to date,
      imported_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (customer_code, offering_code, valid_from)
    )`);

    // When billing received each ledger item, and in which transaction: what a run did not see
    // is what a later correction of its period is made of. Items already here count as
    // received before any run.
    await q.query(`ALTER TABLE usage_item ADD COLUMN received_at timestamptz NOT NULL DEFAULT '-infinity', ADD COLUMN received_xid xid8`);
    await q.query(`ALTER TABLE usage_item ALTER COLUMN received_at SET DEFAULT now(), ALTER COLUMN received_xid SET DEFAULT pg_current_xact_id()`);
    await q.query('CREATE INDEX usage_item_received_at ON usage_item (received_at)');
    await q.query('CREATE INDEX usage_item_offering ON usage_item (offering_code, valid_from)');

    // Drafts made before this change lack the columns below; a draft is repeatable, so it is
    // dropped and made again by the next run. No run was issued before this change.
    await q.query(`DELETE FROM billing_run WHERE status = 'draft'`);
    // price_list: the prices the run was made with; ledger_snapshot: the transactions whose
    // ledger items it saw (pg_visible_in_snapshot tells an item it billed from a late one).
    await q.query(`ALTER TABLE billing_run
      ADD COLUMN price_list jsonb NOT NULL,
      ADD COLUMN ledger_snapshot pg_snapshot NOT NULL,
      ADD COLUMN issued_by text,
      ADD CONSTRAINT billing_run_issued CHECK ((status = 'issued') = (issued_at IS NOT NULL))`);
    await q.query(`ALTER TABLE invoice_line
      ADD COLUMN offering_type text NOT NULL,
      ADD COLUMN price_valid_from date NOT NULL,
      ADD COLUMN allocation jsonb,
      ADD COLUMN corrects_period char(7),
      ADD COLUMN reason text,
      ADD CONSTRAINT invoice_line_correction CHECK ((corrects_period IS NULL) = (reason IS NULL))`);
    // A pass-through unit cost may carry more decimals than öre.
    await q.query('ALTER TABLE invoice_line ALTER COLUMN unit_price_sek TYPE numeric');
    await q.query('CREATE INDEX invoice_line_corrects_period ON invoice_line (corrects_period) WHERE corrects_period IS NOT NULL');
    await q.query('CREATE INDEX invoice_run ON invoice (run_id)');
    await q.query('CREATE INDEX invoice_line_invoice ON invoice_line (invoice_id)');

    // Issued invoices never change: the database refuses it whatever the code does.
    await q.query(`CREATE FUNCTION billing_run_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          IF NEW.status = 'draft' AND EXISTS (SELECT 1 FROM billing_run WHERE period = NEW.period AND status = 'issued') THEN
            RAISE EXCEPTION 'billing period % is issued; it may not get a new draft', NEW.period USING ERRCODE = 'check_violation';
          END IF;
          RETURN NEW;
        END IF;
        IF OLD.status = 'issued' THEN
          RAISE EXCEPTION 'billing run % of period % is issued and may not be changed or deleted', OLD.id, OLD.period USING ERRCODE = 'check_violation';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$`);
    await q.query('CREATE TRIGGER billing_run_guard BEFORE INSERT OR UPDATE OR DELETE ON billing_run FOR EACH ROW EXECUTE FUNCTION billing_run_guard()');

    await q.query(`CREATE FUNCTION invoice_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (TG_OP <> 'INSERT' AND EXISTS (SELECT 1 FROM billing_run WHERE id = OLD.run_id AND status = 'issued'))
           OR (TG_OP <> 'DELETE' AND EXISTS (SELECT 1 FROM billing_run WHERE id = NEW.run_id AND status = 'issued')) THEN
          RAISE EXCEPTION 'invoice % belongs to an issued billing run and may not be changed', COALESCE(OLD.id, NEW.id) USING ERRCODE = 'check_violation';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$`);
    await q.query('CREATE TRIGGER invoice_guard BEFORE INSERT OR UPDATE OR DELETE ON invoice FOR EACH ROW EXECUTE FUNCTION invoice_guard()');

    await q.query(`CREATE FUNCTION invoice_line_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (TG_OP <> 'INSERT' AND EXISTS (
              SELECT 1 FROM invoice i JOIN billing_run r ON r.id = i.run_id WHERE i.id = OLD.invoice_id AND r.status = 'issued'))
           OR (TG_OP <> 'DELETE' AND EXISTS (
              SELECT 1 FROM invoice i JOIN billing_run r ON r.id = i.run_id WHERE i.id = NEW.invoice_id AND r.status = 'issued')) THEN
          RAISE EXCEPTION 'invoice line % belongs to an issued billing run and may not be changed', COALESCE(OLD.id, NEW.id) USING ERRCODE = 'check_violation';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$`);
    await q.query('CREATE TRIGGER invoice_line_guard BEFORE INSERT OR UPDATE OR DELETE ON invoice_line FOR EACH ROW EXECUTE FUNCTION invoice_line_guard()');

    // The cost side of each offering, for over-/under-recovery (över-/underskott).
    await q.query(`CREATE TABLE cost_entry (
      id uuid PRIMARY KEY,
      offering_code text NOT NULL,
      period char(7) NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      amount_sek numeric(16, 2) NOT NULL,
      source text NOT NULL CHECK (source IN ('licence-contract', 'device-lease', 'entered')),
      note text,
      entered_by text NOT NULL,
      entered_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query('CREATE INDEX cost_entry_period ON cost_entry (period, offering_code)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE cost_entry');
    await q.query('DROP TRIGGER invoice_line_guard ON invoice_line');
    await q.query('DROP TRIGGER invoice_guard ON invoice');
    await q.query('DROP TRIGGER billing_run_guard ON billing_run');
    await q.query('DROP FUNCTION invoice_line_guard(), invoice_guard(), billing_run_guard()');
    await q.query('DROP INDEX invoice_line_invoice, invoice_run, invoice_line_corrects_period');
    await q.query(`DELETE FROM billing_run WHERE status = 'draft'`);
    await q.query('ALTER TABLE invoice_line ALTER COLUMN unit_price_sek TYPE numeric(14, 2)');
    await q.query(`ALTER TABLE invoice_line DROP CONSTRAINT invoice_line_correction,
      DROP COLUMN reason, DROP COLUMN corrects_period, DROP COLUMN allocation, DROP COLUMN price_valid_from, DROP COLUMN offering_type`);
    await q.query('ALTER TABLE billing_run DROP CONSTRAINT billing_run_issued, DROP COLUMN issued_by, DROP COLUMN ledger_snapshot, DROP COLUMN price_list');
    await q.query('DROP INDEX usage_item_offering, usage_item_received_at');
    await q.query('ALTER TABLE usage_item DROP COLUMN received_xid, DROP COLUMN received_at');
    await q.query('DROP TABLE agreement');
  }
}
