import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface LicenceAuditEntry {
  actor: string;
  action: 'assigned' | 'released' | 'downgraded' | 'imported';
  accountId: string | null;
  productCode: string | null;
  cause: string;
  detail?: Record<string, unknown>;
}

/** Append-only: who (a subject or "licence"), what, on which account and product, and why. Never personal data. */
@Injectable()
export class LicenceAuditRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async append(manager: EntityManager, entry: LicenceAuditEntry): Promise<void> {
    await manager.query('INSERT INTO licence_audit (actor, action, account_id, product_code, cause, detail) VALUES ($1, $2, $3, $4, $5, $6)', [
      entry.actor,
      entry.action,
      entry.accountId,
      entry.productCode,
      entry.cause,
      JSON.stringify(entry.detail ?? {}),
    ]);
  }

  async ofAccount(accountId: string): Promise<Array<LicenceAuditEntry & { at: Date }>> {
    return this.dataSource.query(
      'SELECT at, actor, action, account_id AS "accountId", product_code AS "productCode", cause, detail FROM licence_audit WHERE account_id = $1 ORDER BY id',
      [accountId],
    );
  }
}
