import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddUnitCostToUsageItems1763800000700 implements MigrationInterface {
  name = 'AddUnitCostToUsageItems1763800000700';

  async up(q: QueryRunner): Promise<void> {
    // The monthly unit cost metering carries for pass-through items (a licence at its contract
    // price): vidarefakturering prices the item at it instead of the list price. Plain numeric
    // keeps the digits as given; empty when the price list applies.
    await q.query('ALTER TABLE usage_item ADD COLUMN unit_cost_sek numeric CHECK (unit_cost_sek >= 0)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE usage_item DROP COLUMN unit_cost_sek');
  }
}
