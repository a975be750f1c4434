import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddUnitCostToLedger1763800000700 implements MigrationInterface {
  name = 'AddUnitCostToLedger1763800000700';

  async up(q: QueryRunner): Promise<void> {
    // The monthly cost of one unit for pass-through offerings (a licence at its contract price):
    // billing passes it on at cost. Plain numeric keeps the digits exactly as the licence gave
    // them; empty when the price list's price applies.
    await q.query('ALTER TABLE ledger_item ADD COLUMN unit_cost_sek numeric CHECK (unit_cost_sek >= 0)');
    // Devices and licences look up a subject's open item on every event: the close lookup of
    // the open items is an index scan (ledger_item_one_close), this one finds the open items.
    await q.query(`CREATE INDEX ledger_item_open_subject ON ledger_item (subject_id, subject_type, offering_code) WHERE kind = 'open' AND valid_to IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX ledger_item_open_subject');
    await q.query('ALTER TABLE ledger_item DROP COLUMN unit_cost_sek');
  }
}
