import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddOneCloseIndexToLedger1763800000600 implements MigrationInterface {
  name = 'AddOneCloseIndexToLedger1763800000600';

  async up(q: QueryRunner): Promise<void> {
    // An open item is ended by at most one close item (billing and the volumes read it so), and
    // readers find that close by refers_to: the index makes the rule a constraint and the join fast.
    await q.query(`CREATE UNIQUE INDEX ledger_item_one_close ON ledger_item (refers_to) WHERE kind = 'close'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX ledger_item_one_close');
  }
}
