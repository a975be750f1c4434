import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface LicenceHolder {
  accountId: string;
  personId: string;
  customerCode: string;
  enabled: boolean;
  since: string;
  samAccountName?: string;
  userPrincipalName?: string;
  /** The day identity disabled the account as a leaver; null clears it (enabled again); undefined keeps it. */
  leftOn?: string | null;
}

/** A holder with what harvesting and the leaver release need. */
export interface HolderRow {
  accountId: string;
  personId: string;
  customerCode: string;
  enabled: boolean;
  samAccountName: string | null;
  userPrincipalName: string | null;
  leftOn: string | null;
  adEnabled: boolean | null;
  lastLogonOn: string | null;
}

const HOLDER_COLUMNS = `account_id AS "accountId", person_id AS "personId", customer_code AS "customerCode", enabled,
  sam_account_name AS "samAccountName", user_principal_name AS "userPrincipalName", to_char(left_on, 'YYYY-MM-DD') AS "leftOn",
  ad_enabled AS "adEnabled", to_char(last_logon_on, 'YYYY-MM-DD') AS "lastLogonOn"`;

@Injectable()
export class LicenceHolderRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Records the account's latest state; an older event (earlier date) never overwrites a newer one. */
  async upsert(manager: EntityManager, holder: LicenceHolder): Promise<void> {
    const left = holder.leftOn === undefined ? 'keep' : holder.leftOn === null ? 'clear' : 'set';
    await manager.query(
      `INSERT INTO licence_holder (account_id, person_id, customer_code, enabled, since, sam_account_name, user_principal_name, left_on)
       VALUES ($1, $2, $3, $4, $5, NULLIF($6, ''), NULLIF($7, ''), CASE WHEN $8 = 'set' THEN $9::date END)
       ON CONFLICT (account_id) DO UPDATE SET person_id = $2, customer_code = $3, enabled = $4, since = $5,
         sam_account_name = COALESCE(NULLIF($6, ''), licence_holder.sam_account_name),
         user_principal_name = COALESCE(NULLIF($7, ''), licence_holder.user_principal_name),
         left_on = CASE $8 WHEN 'clear' THEN NULL WHEN 'set' THEN COALESCE(licence_holder.left_on, $9::date) ELSE licence_holder.left_on END,
         -- identity just enabled it: an older "disabled" read from AD no longer holds.
         ad_enabled = CASE WHEN $4 THEN NULL ELSE licence_holder.ad_enabled END,
         updated_at = now()
       WHERE licence_holder.since <= $5`,
      [holder.accountId, holder.personId, holder.customerCode, holder.enabled, holder.since, holder.samAccountName ?? '', holder.userPrincipalName ?? '', left, holder.leftOn ?? null],
    );
  }

  /** What AD said of the account when identity read it: enabled, and the lastLogonTimestamp day (a later day only). */
  async recordSignIn(manager: EntityManager, accountId: string, lastSignIn: string | null, adEnabled: boolean, samAccountName: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `UPDATE licence_holder SET ad_enabled = $2, sam_account_name = COALESCE(sam_account_name, NULLIF($4, '')),
         last_logon_on = GREATEST(last_logon_on, $3::date), updated_at = now()
       WHERE account_id = $1 RETURNING account_id`,
      [accountId, adEnabled, lastSignIn, samAccountName],
    );
    return rows.length > 0;
  }

  /** Marks the holder a leaver from `onDate` (an earlier day already recorded stays) and disabled in AD. */
  async markLeft(manager: EntityManager, accountId: string, onDate: string): Promise<void> {
    await manager.query(
      `UPDATE licence_holder SET left_on = COALESCE(left_on, $2::date), ad_enabled = false, updated_at = now() WHERE account_id = $1`,
      [accountId, onDate],
    );
  }

  async find(manager: EntityManager, accountId: string): Promise<HolderRow | undefined> {
    const [row]: HolderRow[] = await manager.query(`SELECT ${HOLDER_COLUMNS} FROM licence_holder WHERE account_id = $1`, [accountId]);
    return row;
  }

  /** The account of a person (one account per person, the union of their employments). */
  async findByPerson(manager: EntityManager, personId: string): Promise<HolderRow | undefined> {
    const [row]: HolderRow[] = await manager.query(`SELECT ${HOLDER_COLUMNS} FROM licence_holder WHERE person_id = $1 ORDER BY since DESC LIMIT 1`, [personId]);
    return row;
  }

  /** Leavers whose grace period ended on or before `lastLeftOn` and who still hold a licence. */
  async leaversDue(manager: EntityManager, lastLeftOn: string): Promise<HolderRow[]> {
    return manager.query(
      `SELECT ${HOLDER_COLUMNS} FROM licence_holder h
        WHERE h.left_on IS NOT NULL AND h.left_on <= $1
          AND EXISTS (SELECT 1 FROM licence_assignment a WHERE a.account_id = h.account_id AND a.to_date IS NULL)
        ORDER BY h.left_on, h.account_id`,
      [lastLeftOn],
    );
  }

  /** Holders with their latest activity per service (usage exports joined by UPN), for harvesting. */
  async signals(manager: EntityManager, customerCode?: string): Promise<Array<HolderRow & { activity: Record<string, string> | null }>> {
    return manager.query(
      `SELECT ${HOLDER_COLUMNS},
              (SELECT jsonb_object_agg(s.service, to_char(s.last_activity_on, 'YYYY-MM-DD')) FROM licence_service_activity s
                WHERE s.user_principal_name = lower(h.user_principal_name)) AS activity
         FROM licence_holder h
        WHERE ($1::text IS NULL OR h.customer_code = $1)
          AND EXISTS (SELECT 1 FROM licence_assignment a WHERE a.account_id = h.account_id AND a.to_date IS NULL)`,
      [customerCode ?? null],
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
