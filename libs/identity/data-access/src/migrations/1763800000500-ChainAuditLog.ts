import type { MigrationInterface, QueryRunner } from 'typeorm';
import { auditEntryHash, GENESIS_HASH } from '@itops/identity/domain';
import { CHAIN_COLUMNS, ChainRow, chainedFields } from '../audit-log.repository';

const BATCH = 1000;

/**
 * Chains the audit log: each entry gets its position (`seq`), the previous entry's hash and its
 * own SHA-256. Entries written before are chained here in the order they were written (at, then
 * id: UUIDv7). The append-only trigger stays; only this migration, as the table's owner, lifts it
 * for the one update that fills the new columns.
 */
export class ChainAuditLog1763800000500 implements MigrationInterface {
  name = 'ChainAuditLog1763800000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE audit_entry ADD COLUMN seq bigint, ADD COLUMN prev_hash text, ADD COLUMN hash text');
    await q.query('LOCK TABLE audit_entry IN EXCLUSIVE MODE');
    await q.query('ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only');
    let prev = GENESIS_HASH;
    let seq = 0;
    let after: { at: string; id: string } | null = null;
    for (;;) {
      const rows: Array<ChainRow & { at_key: string }> = await q.query(
        `SELECT ${CHAIN_COLUMNS}, audit_entry.at::text AS at_key FROM audit_entry
          ${after ? 'WHERE (audit_entry.at, audit_entry.id) > ($2::timestamptz, $3::uuid)' : ''} ORDER BY audit_entry.at, audit_entry.id LIMIT $1`,
        after ? [BATCH, after.at, after.id] : [BATCH],
      );
      if (rows.length === 0) break;
      const ids: string[] = [];
      const seqs: number[] = [];
      const prevs: string[] = [];
      const hashes: string[] = [];
      for (const row of rows) {
        seq += 1;
        const hash = auditEntryHash(chainedFields({ ...row, seq: String(seq), prev_hash: prev }));
        ids.push(row.id);
        seqs.push(seq);
        prevs.push(prev);
        hashes.push(hash);
        prev = hash;
      }
      await q.query(
        `UPDATE audit_entry e SET seq = v.seq, prev_hash = v.prev_hash, hash = v.hash
           FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::text[]) AS v(id, seq, prev_hash, hash) WHERE e.id = v.id`,
        [ids, seqs, prevs, hashes],
      );
      const last = rows[rows.length - 1];
      after = { at: last.at_key, id: last.id };
    }
    await q.query('ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only');
    await q.query('ALTER TABLE audit_entry ALTER COLUMN seq SET NOT NULL, ALTER COLUMN prev_hash SET NOT NULL, ALTER COLUMN hash SET NOT NULL');
    await q.query(`ALTER TABLE audit_entry ADD CONSTRAINT audit_entry_hash_form CHECK (hash ~ '^[0-9a-f]{64}$' AND prev_hash ~ '^[0-9a-f]{64}$')`);
    await q.query('CREATE UNIQUE INDEX audit_entry_seq ON audit_entry (seq)');
    // "Who changed what, when" by actor and period, and "what did this group look like".
    await q.query('CREATE INDEX audit_entry_actor ON audit_entry (actor, at)');
    await q.query('CREATE INDEX audit_entry_at ON audit_entry (at)');
    await q.query(`CREATE INDEX audit_entry_group ON audit_entry (lower(detail->>'groupDn'), seq) WHERE detail ? 'groupDn'`);
    await q.query(`CREATE INDEX audit_entry_removed_groups ON audit_entry USING gin ((detail->'removedGroups')) WHERE detail ? 'removedGroups'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX audit_entry_removed_groups, audit_entry_group, audit_entry_at, audit_entry_actor, audit_entry_seq');
    await q.query('ALTER TABLE audit_entry DROP CONSTRAINT audit_entry_hash_form');
    await q.query('ALTER TABLE audit_entry DROP COLUMN seq, DROP COLUMN prev_hash, DROP COLUMN hash');
  }
}
