import { createHash } from 'node:crypto';

/** The `prevHash` of the first entry of the chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** What of an audit entry the hash covers: every column but the hash itself. */
export interface ChainedFields {
  seq: number;
  id: string;
  /** UTC instant with microseconds, as `YYYY-MM-DDTHH:MM:SS.ffffffZ` (PostgreSQL keeps microseconds). */
  at: string;
  actor: string;
  action: string;
  personId: string | null;
  accountId: string | null;
  causeEventId: string | null;
  detail: unknown;
  prevHash: string;
}

/** The instant as the chain writes it: microsecond precision, UTC (a JS Date has milliseconds). */
export const chainInstant = (at: Date): string => `${at.toISOString().slice(0, 23)}000Z`;

/**
 * Canonical JSON: object keys sorted at every depth, no whitespace, `undefined` members left
 * out. PostgreSQL's jsonb reorders keys, so the hash must not depend on the order written.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
  return JSON.stringify(value);
}

/** SHA-256 (hex) over the canonical form of the entry, which includes the previous entry's hash. */
export function auditEntryHash(fields: ChainedFields): string {
  return createHash('sha256').update(canonicalJson(fields), 'utf8').digest('hex');
}

export interface StoredChainEntry extends ChainedFields {
  hash: string;
}

export type ChainBreak =
  /** The entry's hash is not the hash of its own content: the entry was changed. */
  | 'hash_mismatch'
  /** The entry does not point at the hash of the entry before it: one was changed, removed or inserted. */
  | 'prev_hash_mismatch'
  /** The sequence has a gap or repeats: an entry was removed or inserted. */
  | 'sequence_gap';

export interface ChainVerdict {
  seq: number;
  id: string;
  problem: ChainBreak;
}

/**
 * The first broken link among `entries` (consecutive, in sequence order), given the entry before
 * them (`previous`; null when `entries` starts the chain). Undefined when every link holds.
 */
export function firstBrokenLink(previous: { seq: number; hash: string } | null, entries: readonly StoredChainEntry[]): ChainVerdict | undefined {
  let prior = previous ?? { seq: 0, hash: GENESIS_HASH };
  for (const entry of entries) {
    if (entry.seq !== prior.seq + 1) return { seq: entry.seq, id: entry.id, problem: 'sequence_gap' };
    if (entry.prevHash !== prior.hash) return { seq: entry.seq, id: entry.id, problem: 'prev_hash_mismatch' };
    const { hash, ...fields } = entry;
    if (auditEntryHash(fields) !== hash) return { seq: entry.seq, id: entry.id, problem: 'hash_mismatch' };
    prior = { seq: entry.seq, hash };
  }
  return undefined;
}
