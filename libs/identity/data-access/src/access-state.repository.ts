import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** A live account with all its person's employments and the old placements of open mover transitions. */
export interface AccessPopulationRow {
  accountId: string;
  personId: string;
  samAccountName: string;
  dn: string;
  objectGuid: string | null;
  customerCode: string;
  enabled: boolean;
  attributes: Record<string, string> | null;
  employments: Array<{ employmentId: string; customerCode: string; unitCode: string; jobCode: string | null; form: string; rate: number; startDate: string; endDate: string | null }>;
  transitions: Array<{ customerCode: string; unitCode: string | null; until: string }>;
}

export interface AnnouncedEntitlement {
  accountId: string;
  kind: 'LICENCE' | 'DEVICE';
  code: string;
  cause: string;
  customerCode: string;
}

export type ReconcileRunStatus = 'reported' | 'applied' | 'held' | 'approved';

export interface ReconcileRunRecord {
  runId: string;
  startedAt: Date;
  finishedAt: Date | null;
  requestedBy: string;
  apply: boolean;
  status: ReconcileRunStatus;
  identities: number;
  findings: unknown[];
  applied: number;
  removalShare: string;
  ruleSetVersion: number | null;
  approvedBy: string | null;
  approvedAt: Date | null;
}

/**
 * What the access rules and reconciliation read and keep beside the rule sets: the population in
 * one query, the entitlements and sign-in days identity announced, and reconciliation runs.
 */
@Injectable()
export class AccessStateRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Every live account with its person's employments (one query; 57,000 accounts load in about a
   * second) and the open transitions (a second, small query). `personIds` narrows it to some persons.
   */
  async population(manager: EntityManager = this.dataSource.manager, personIds?: readonly string[]): Promise<AccessPopulationRow[]> {
    const where = personIds ? 'AND a.person_id = ANY($1)' : '';
    const params = personIds ? [personIds] : [];
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT a.account_id, a.person_id, a.sam_account_name, a.dn, a.object_guid, a.customer_code, a.enabled, a.attributes,
              COALESCE(json_agg(json_build_object('employmentId', e.employment_id, 'customerCode', e.customer_code, 'unitCode', e.unit_code,
                'jobCode', e.job_code, 'form', e.form, 'rate', e.rate, 'startDate', e.start_date, 'endDate', e.end_date)) FILTER (WHERE e.employment_id IS NOT NULL), '[]') AS employments
         FROM account a LEFT JOIN employment e ON e.person_id = a.person_id
        WHERE a.deleted_at IS NULL ${where}
        GROUP BY a.account_id`,
      params,
    );
    const transitions: Array<{ person_id: string; from_customer_code: string; from_unit_code: string | null; until: string }> = await manager.query(
      `SELECT person_id, from_customer_code, from_unit_code, until::text FROM mover_transition WHERE ended_at IS NULL ${personIds ? 'AND person_id = ANY($1)' : ''}`,
      params,
    );
    const open = new Map<string, AccessPopulationRow['transitions']>();
    for (const t of transitions) {
      const list = open.get(t.person_id) ?? [];
      list.push({ customerCode: t.from_customer_code, unitCode: t.from_unit_code, until: t.until });
      open.set(t.person_id, list);
    }
    return rows.map((r) => ({
      accountId: r['account_id'] as string,
      personId: r['person_id'] as string,
      samAccountName: r['sam_account_name'] as string,
      dn: r['dn'] as string,
      objectGuid: (r['object_guid'] as string | null) ?? null,
      customerCode: r['customer_code'] as string,
      enabled: r['enabled'] as boolean,
      attributes: (r['attributes'] as Record<string, string> | null) ?? null,
      employments: r['employments'] as AccessPopulationRow['employments'],
      transitions: open.get(r['person_id'] as string) ?? [],
    }));
  }

  async announcedEntitlements(manager: EntityManager, accountIds?: readonly string[]): Promise<AnnouncedEntitlement[]> {
    const rows: Array<Record<string, string>> = await manager.query(
      `SELECT account_id, kind, code, cause, customer_code FROM announced_entitlement ${accountIds ? 'WHERE account_id = ANY($1)' : ''}`,
      accountIds ? [accountIds] : [],
    );
    return rows.map((r) => ({ accountId: r['account_id'], kind: r['kind'] as 'LICENCE' | 'DEVICE', code: r['code'], cause: r['cause'], customerCode: r['customer_code'] }));
  }

  async recordGranted(manager: EntityManager, e: AnnouncedEntitlement): Promise<void> {
    await manager.query(
      `INSERT INTO announced_entitlement (account_id, kind, code, cause, customer_code) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (account_id, kind, code) DO UPDATE SET cause = EXCLUDED.cause, customer_code = EXCLUDED.customer_code, announced_at = now()`,
      [e.accountId, e.kind, e.code, e.cause, e.customerCode],
    );
  }

  async recordRevoked(manager: EntityManager, e: Pick<AnnouncedEntitlement, 'accountId' | 'kind' | 'code'>): Promise<void> {
    await manager.query('DELETE FROM announced_entitlement WHERE account_id = $1 AND kind = $2 AND code = $3', [e.accountId, e.kind, e.code]);
  }

  /** The last sign-in day announced per account. */
  async announcedSignIns(manager: EntityManager = this.dataSource.manager): Promise<Map<string, string>> {
    const rows: Array<{ account_id: string; day: string }> = await manager.query('SELECT account_id, last_sign_in_date::text AS day FROM announced_sign_in');
    return new Map(rows.map((r) => [r.account_id, r.day]));
  }

  async recordSignIn(manager: EntityManager, accountId: string, day: string): Promise<void> {
    await manager.query(
      `INSERT INTO announced_sign_in (account_id, last_sign_in_date) VALUES ($1, $2)
       ON CONFLICT (account_id) DO UPDATE SET last_sign_in_date = EXCLUDED.last_sign_in_date, observed_at = now()`,
      [accountId, day],
    );
  }

  async saveRun(manager: EntityManager, run: ReconcileRunRecord): Promise<void> {
    await manager.query(
      `INSERT INTO reconcile_run (run_id, started_at, finished_at, requested_by, apply, status, identities, findings, applied, removal_share, rule_set_version, approved_by, approved_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (run_id) DO UPDATE SET finished_at = EXCLUDED.finished_at, status = EXCLUDED.status, findings = EXCLUDED.findings,
         applied = EXCLUDED.applied, approved_by = EXCLUDED.approved_by, approved_at = EXCLUDED.approved_at`,
      [run.runId, run.startedAt, run.finishedAt, run.requestedBy, run.apply, run.status, run.identities, JSON.stringify(run.findings), run.applied, run.removalShare, run.ruleSetVersion, run.approvedBy, run.approvedAt],
    );
  }

  /** A run, locked for update when `lock` (approval). */
  async run(manager: EntityManager, runId: string, lock = false): Promise<ReconcileRunRecord | null> {
    const rows: Array<Record<string, unknown>> = await manager.query(`SELECT * FROM reconcile_run WHERE run_id = $1 ${lock ? 'FOR UPDATE' : ''}`, [runId]);
    const r = rows[0];
    if (!r) return null;
    return {
      runId: r['run_id'] as string,
      startedAt: r['started_at'] as Date,
      finishedAt: (r['finished_at'] as Date | null) ?? null,
      requestedBy: r['requested_by'] as string,
      apply: r['apply'] as boolean,
      status: r['status'] as ReconcileRunStatus,
      identities: r['identities'] as number,
      findings: r['findings'] as unknown[],
      applied: r['applied'] as number,
      removalShare: String(r['removal_share']),
      ruleSetVersion: (r['rule_set_version'] as number | null) ?? null,
      approvedBy: (r['approved_by'] as string | null) ?? null,
      approvedAt: (r['approved_at'] as Date | null) ?? null,
    };
  }
}

/** Advisory lock key of reconciliation runs (scheduled or on demand), unique in identity's database. */
export const RECONCILE_LOCK_KEY = 5114;
