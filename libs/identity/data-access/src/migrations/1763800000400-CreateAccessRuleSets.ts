import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Business roles and what reconciliation keeps: the rule set versions (the YAML as reviewed, who
 * imported it, which one is active), the role entitlements identity last announced per account
 * (so a rule change announces only the difference), the last sign-in day announced per account,
 * and reconciliation runs (a held run waits here for approval).
 */
export class CreateAccessRuleSets1763800000400 implements MigrationInterface {
  name = 'CreateAccessRuleSets1763800000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE access_rule_set (
      version integer PRIMARY KEY CHECK (version > 0),
      yaml text NOT NULL,
      sha256 text NOT NULL,
      imported_by text NOT NULL,
      imported_at timestamptz NOT NULL DEFAULT now(),
      active boolean NOT NULL DEFAULT false
    )`);
    // At most one active version.
    await q.query('CREATE UNIQUE INDEX access_rule_set_one_active ON access_rule_set (active) WHERE active');

    await q.query(`CREATE TABLE announced_entitlement (
      account_id uuid NOT NULL REFERENCES account (account_id),
      kind text NOT NULL CHECK (kind IN ('LICENCE', 'DEVICE')),
      code text NOT NULL,
      cause text NOT NULL,
      customer_code text NOT NULL,
      announced_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (account_id, kind, code)
    )`);

    await q.query(`CREATE TABLE announced_sign_in (
      account_id uuid PRIMARY KEY REFERENCES account (account_id),
      last_sign_in_date date NOT NULL,
      observed_at timestamptz NOT NULL DEFAULT now()
    )`);

    await q.query(`CREATE TABLE reconcile_run (
      run_id uuid PRIMARY KEY,
      started_at timestamptz NOT NULL,
      finished_at timestamptz,
      requested_by text NOT NULL,
      apply boolean NOT NULL,
      status text NOT NULL CHECK (status IN ('reported', 'applied', 'held', 'approved')),
      identities integer NOT NULL,
      findings jsonb NOT NULL,
      applied integer NOT NULL DEFAULT 0,
      removal_share numeric NOT NULL DEFAULT 0,
      rule_set_version integer REFERENCES access_rule_set (version),
      approved_by text,
      approved_at timestamptz
    )`);
    await q.query('CREATE INDEX reconcile_run_started ON reconcile_run (started_at DESC)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE reconcile_run');
    await q.query('DROP TABLE announced_sign_in');
    await q.query('DROP TABLE announced_entitlement');
    await q.query('DROP TABLE access_rule_set');
  }
}
