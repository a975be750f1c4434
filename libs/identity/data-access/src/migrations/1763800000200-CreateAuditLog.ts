import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAuditLog1763800000200 implements MigrationInterface {
  name = 'CreateAuditLog1763800000200';

  async up(q: QueryRunner): Promise<void> {
    // No foreign key to account: the log outlives the accounts it speaks of.
    await q.query(`CREATE TABLE audit_entry (
      id uuid PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      actor text NOT NULL CHECK (actor <> ''),
      action text NOT NULL CHECK (action ~ '^[a-z]+\\.[a-z_]+$'),
      account_id uuid,
      cause_event_id uuid,
      detail jsonb NOT NULL DEFAULT '{}'::jsonb
    )`);
    await q.query('CREATE INDEX audit_entry_account ON audit_entry (account_id, at)');
    // The audit log is append-only: what happened stays as it was written.
    await q.query(`CREATE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_entry is append-only: % refused', TG_OP; END $$`);
    await q.query(`CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
      FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()`);
    // Row triggers do not fire on TRUNCATE.
    await q.query(`CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
      FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE audit_entry');
    await q.query('DROP FUNCTION audit_entry_append_only');
  }
}
