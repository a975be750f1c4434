import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface LicenceHolder {
  accountId: string;
  personId: string;
  customerCode: string;
  enabled: boolean;
  since: string;
}

@Injectable()
export class LicenceHolderRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Records the account's latest state; an older event (earlier date) never overwrites a newer one. */
  async upsert(manager: EntityManager, holder: LicenceHolder): Promise<void> {
    await manager.query(
      `INSERT INTO licence_holder (account_id, person_id, customer_code, enabled, since) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (account_id) DO UPDATE SET person_id = $2, customer_code = $3, enabled = $4, since = $5, updated_at = now()
       WHERE licence_holder.since <= $5`,
      [holder.accountId, holder.personId, holder.customerCode, holder.enabled, holder.since],
    );
  }

  async forCustomer(customerCode: string): Promise<LicenceHolder[]> {
    return this.dataSource.query(
      `SELECT account_id AS "accountId", person_id AS "personId", customer_code AS "customerCode", enabled, to_char(since, 'YYYY-MM-DD') AS since
         FROM licence_holder WHERE customer_code = $1 ORDER BY account_id`,
      [customerCode],
    );
  }
}
