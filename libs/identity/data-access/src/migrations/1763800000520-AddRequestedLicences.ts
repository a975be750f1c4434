import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A request names either a catalogue group or a requestable licence. A licence grant has no DN:
 * the licence service realises it through the product's licence group, so identity keeps the code
 * and the customer it announced the grant for (the revocation goes to the same customer).
 */
export class AddRequestedLicences1763800000520 implements MigrationInterface {
  name = 'AddRequestedLicences1763800000520';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE access_request
      ADD COLUMN licence_code text,
      ADD COLUMN customer_code text,
      ALTER COLUMN group_key DROP NOT NULL,
      ALTER COLUMN group_dn DROP NOT NULL,
      ADD CONSTRAINT access_request_target CHECK (
        (licence_code IS NULL AND group_key IS NOT NULL AND group_dn IS NOT NULL)
        OR (licence_code IS NOT NULL AND group_key IS NULL AND group_dn IS NULL AND customer_code IS NOT NULL))`);
    // One open request per account and licence, as per account and group.
    await q.query(`CREATE UNIQUE INDEX access_request_open_licence ON access_request (account_id, licence_code)
      WHERE licence_code IS NOT NULL AND status IN ('PENDING', 'APPROVED')`);
    await q.query(`ALTER TABLE access_review_item
      ADD COLUMN licence_code text,
      ALTER COLUMN group_key DROP NOT NULL,
      ALTER COLUMN group_dn DROP NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DELETE FROM access_review_item WHERE licence_code IS NOT NULL');
    await q.query('DELETE FROM access_request WHERE licence_code IS NOT NULL');
    await q.query('ALTER TABLE access_review_item DROP COLUMN licence_code, ALTER COLUMN group_key SET NOT NULL, ALTER COLUMN group_dn SET NOT NULL');
    await q.query('DROP INDEX access_request_open_licence');
    await q.query(`ALTER TABLE access_request DROP CONSTRAINT access_request_target, DROP COLUMN licence_code, DROP COLUMN customer_code,
      ALTER COLUMN group_key SET NOT NULL, ALTER COLUMN group_dn SET NOT NULL`);
  }
}
