import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { v7 as uuidv7 } from 'uuid';
import { DataSource, EntityManager } from 'typeorm';
import { auditEntryHash, chainInstant, ChainedFields, ChainVerdict, firstBrokenLink, GENESIS_HASH, StoredChainEntry } from '@itops/identity/domain';
import { AuditEntry } from './audit-entry.entity';

export type NewAuditEntry = Pick<AuditEntry, 'actor' | 'action' | 'accountId' | 'causeEventId' | 'detail'> & { personId: string | null };

/**
 * Transaction-scoped advisory lock that serializes appenders: each reads the last entry's hash
 * and appends after it, and the next waits until that commits. Distinct from the run locks.
 */
export const AUDIT_CHAIN_LOCK_KEY = 5_102_500;

/**
 * The columns the chain covers, as text the hash is computed over (`at` with microseconds, UTC).
 * The aliases shadow the columns in ORDER BY: order by `audit_entry.<column>`.
 */
export const CHAIN_COLUMNS = `seq::text AS seq, id::text AS id,
  to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at,
  actor, action, person_id, account_id::text AS account_id, cause_event_id::text AS cause_event_id, detail, prev_hash`;

export interface ChainRow {
  seq: string;
  id: string;
  at: string;
  actor: string;
  action: string;
  person_id: string | null;
  account_id: string | null;
  cause_event_id: string | null;
  detail: Record<string, unknown>;
  prev_hash: string;
}

/** The chained fields of a row as read with CHAIN_COLUMNS. */
export function chainedFields(row: ChainRow): ChainedFields {
  return {
    seq: Number(row.seq),
    id: row.id.toLowerCase(),
    at: row.at,
    actor: row.actor,
    action: row.action,
    personId: row.person_id,
    accountId: row.account_id?.toLowerCase() ?? null,
    causeEventId: row.cause_event_id?.toLowerCase() ?? null,
    detail: row.detail,
    prevHash: row.prev_hash,
  };
}

export interface ChainVerification {
  /** Entries checked, from the first. */
  checked: number;
  /** The last entry found intact: its position and hash (a later verification can compare the head). */
  head: { seq: number; hash: string } | null;
  /** The first broken link; absent when the chain holds. */
  broken?: ChainVerdict;
}

export interface AuditSearch {
  accountId?: string;
  personId?: string;
  /** Entries that name this group (membership changes, requests, leavers' removed groups). */
  groupDn?: string;
  actor?: string;
  action?: string;
  /** Instants: from inclusive, until exclusive. */
  from?: Date;
  until?: Date;
  /** Entries after this position (paging). */
  afterSeq?: number;
  limit: number;
}

const VERIFY_BATCH = 2000;

@Injectable()
export class AuditLogRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Appends an entry in the caller's transaction, so it commits with the change it records. The
   * entry is chained to the last one: under the chain lock (held to the end of the transaction)
   * it reads the last hash and stores its own. Outside a transaction it opens one for itself.
   */
  async append(manager: EntityManager, entry: NewAuditEntry): Promise<AuditEntry> {
    if (!manager.queryRunner?.isTransactionActive) return manager.transaction((inner) => this.append(inner, entry));
    await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK_KEY]);
    const [last]: Array<{ seq: string; hash: string }> = await manager.query('SELECT seq::text AS seq, hash FROM audit_entry ORDER BY audit_entry.seq DESC LIMIT 1');
    const id = uuidv7();
    const at = new Date();
    // The detail as jsonb will give it back: plain JSON (dates as strings, undefined left out).
    const detail = JSON.parse(JSON.stringify(entry.detail ?? {})) as Record<string, unknown>;
    const fields: ChainedFields = {
      seq: last ? Number(last.seq) + 1 : 1,
      id,
      at: chainInstant(at),
      actor: entry.actor,
      action: entry.action,
      personId: entry.personId,
      accountId: entry.accountId?.toLowerCase() ?? null,
      causeEventId: entry.causeEventId?.toLowerCase() ?? null,
      detail,
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    const hash = auditEntryHash(fields);
    await manager.query(
      `INSERT INTO audit_entry (id, at, actor, action, person_id, account_id, cause_event_id, detail, seq, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11)`,
      [id, at, fields.actor, fields.action, fields.personId, fields.accountId, fields.causeEventId, JSON.stringify(detail), fields.seq, fields.prevHash, hash],
    );
    return { ...entry, accountId: fields.accountId, causeEventId: fields.causeEventId, detail, id, at, seq: String(fields.seq), prevHash: fields.prevHash, hash };
  }

  /** An account's history, oldest first. */
  async forAccount(accountId: string, limit = 1000): Promise<AuditEntry[]> {
    return this.dataSource.getRepository(AuditEntry).find({ where: { accountId }, order: { seq: 'ASC' }, take: limit });
  }

  /**
   * A person's history, oldest first: the entries that name the person, and those of their
   * accounts written before entries named persons.
   */
  async forPerson(personId: string, limit = 1000): Promise<AuditEntry[]> {
    return this.dataSource
      .getRepository(AuditEntry)
      .createQueryBuilder('e')
      .where('e.personId = :personId', { personId })
      .orWhere('e.personId IS NULL AND e.accountId IN (SELECT a.account_id FROM account a WHERE a.person_id = :personId)', { personId })
      .orderBy('e.seq', 'ASC')
      .take(limit)
      .getMany();
  }

  /** Who changed what, when: entries matching every filter given, in chain order. */
  async search(filter: AuditSearch): Promise<AuditEntry[]> {
    const qb = this.dataSource.getRepository(AuditEntry).createQueryBuilder('e');
    if (filter.accountId) qb.andWhere('e.accountId = :accountId', { accountId: filter.accountId });
    if (filter.personId) qb.andWhere('e.personId = :personId', { personId: filter.personId });
    if (filter.actor) qb.andWhere('e.actor = :actor', { actor: filter.actor });
    if (filter.action) qb.andWhere('e.action = :action', { action: filter.action });
    if (filter.from) qb.andWhere('e.at >= :from', { from: filter.from });
    if (filter.until) qb.andWhere('e.at < :until', { until: filter.until });
    if (filter.afterSeq !== undefined) qb.andWhere('e.seq > :afterSeq', { afterSeq: filter.afterSeq });
    if (filter.groupDn) {
      qb.andWhere(
        `(lower(e.detail->>'groupDn') = lower(:groupDn) OR (e.detail ? 'removedGroups' AND EXISTS (
           SELECT 1 FROM jsonb_array_elements_text(e.detail->'removedGroups') g WHERE lower(g) = lower(:groupDn))))`,
        { groupDn: filter.groupDn },
      );
    }
    return qb.orderBy('e.seq', 'ASC').take(filter.limit).getMany();
  }

  /** The entries that changed `groupDn`'s membership before `before`, in chain order. */
  async membershipChanges(groupDn: string, before: Date): Promise<AuditEntry[]> {
    return this.dataSource
      .getRepository(AuditEntry)
      .createQueryBuilder('e')
      .where('e.at < :before', { before })
      .andWhere(
        `(lower(e.detail->>'groupDn') = lower(:groupDn) AND e.action IN ('membership.added', 'membership.removed')
          OR (e.detail ? 'removedGroups' AND EXISTS (SELECT 1 FROM jsonb_array_elements_text(e.detail->'removedGroups') g WHERE lower(g) = lower(:groupDn))))`,
        { groupDn },
      )
      .orderBy('e.seq', 'ASC')
      .getMany();
  }

  /**
   * Recomputes the chain from the first entry, in batches, and returns the first broken link: an
   * entry whose content no longer matches its hash, that does not point at its predecessor's
   * hash, or a gap in the sequence.
   */
  async verify(manager: EntityManager = this.dataSource.manager): Promise<ChainVerification> {
    let previous: { seq: number; hash: string } | null = null;
    let checked = 0;
    for (;;) {
      const rows: Array<ChainRow & { hash: string }> = await manager.query(
        `SELECT ${CHAIN_COLUMNS}, hash FROM audit_entry WHERE audit_entry.seq > $1 ORDER BY audit_entry.seq LIMIT $2`,
        [previous?.seq ?? 0, VERIFY_BATCH],
      );
      if (rows.length === 0) return { checked, head: previous };
      const entries: StoredChainEntry[] = rows.map((row) => ({ ...chainedFields(row), hash: row.hash }));
      const broken = firstBrokenLink(previous, entries);
      if (broken) {
        const intact = entries.findIndex((e) => e.seq === broken.seq);
        const lastIntact = intact > 0 ? { seq: entries[intact - 1].seq, hash: entries[intact - 1].hash } : previous;
        return { checked: checked + intact, head: lastIntact, broken };
      }
      checked += entries.length;
      const last = entries[entries.length - 1];
      previous = { seq: last.seq, hash: last.hash };
    }
  }
}
