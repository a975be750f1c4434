import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface ActivityRow {
  userPrincipalName: string;
  service: string;
  lastActivityDate: string;
}

/** The last activity per account (by UPN) and service from the Microsoft 365 usage exports and Entra. */
@Injectable()
export class UsageActivityRepository {
  /** Keeps the later day of each (UPN, service): an older export never moves activity back. Batched for large exports. */
  async upsert(manager: EntityManager, rows: readonly ActivityRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 5000) {
      const batch = rows.slice(i, i + 5000);
      await manager.query(
        `INSERT INTO licence_service_activity (user_principal_name, service, last_activity_on)
         SELECT lower(u), s, d::date FROM unnest($1::text[], $2::text[], $3::text[]) AS t(u, s, d)
         ON CONFLICT (user_principal_name, service) DO UPDATE SET last_activity_on = GREATEST(licence_service_activity.last_activity_on, EXCLUDED.last_activity_on)`,
        [batch.map((r) => r.userPrincipalName), batch.map((r) => r.service), batch.map((r) => r.lastActivityDate)],
      );
    }
  }

  async recordImport(manager: EntityManager, entry: { report: string; refreshDate: string | null; users: number; activities: number; importedBy: string }): Promise<number> {
    const [row]: Array<{ id: string }> = await manager.query(
      'INSERT INTO licence_usage_import (report, refresh_date, users, activities, imported_by) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [entry.report, entry.refreshDate, entry.users, entry.activities, entry.importedBy],
    );
    return Number(row.id);
  }

  /** How many UPNs of an import match no licence holder (a wrong tenant, concealed names). */
  async unmatched(manager: EntityManager, upns: readonly string[]): Promise<number> {
    const [row]: Array<{ n: number }> = await manager.query(
      `SELECT count(*)::int AS n FROM unnest($1::text[]) AS u(upn) WHERE NOT EXISTS (SELECT 1 FROM licence_holder h WHERE lower(h.user_principal_name) = lower(u.upn))`,
      [[...new Set(upns)]],
    );
    return row.n;
  }
}
