import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessRuleSet, parseAccessRules } from '@itops/identity/domain';

/** A stored version of the access rules, parsed. */
export interface StoredRuleSet {
  readonly version: number;
  readonly rules: AccessRuleSet;
  readonly yaml: string;
  readonly sha256: string;
  readonly importedBy: string;
  readonly importedAt: Date;
  readonly active: boolean;
}

export type RuleSetSummary = Omit<StoredRuleSet, 'rules' | 'yaml'> & { groups: number; roles: number };

interface Row {
  version: number;
  yaml: string;
  sha256: string;
  imported_by: string;
  imported_at: Date;
  active: boolean;
}

/** Identity's lock on importing rule sets: versions are numbered one after the other. */
const IMPORT_LOCK_KEY = 5113;

/**
 * The access rule set versions. Each import is a new version and becomes the active one; the
 * YAML is kept as it was reviewed. A version's text was valid when imported; it is parsed again
 * on read (and cached by version: a stored version never changes).
 */
@Injectable()
export class AccessRuleSetRepository {
  private readonly parsed = new Map<number, AccessRuleSet>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The active rule set, or null before the first import. */
  async active(manager: EntityManager = this.dataSource.manager): Promise<StoredRuleSet | null> {
    const rows: Row[] = await manager.query('SELECT * FROM access_rule_set WHERE active');
    return rows[0] ? this.toStored(rows[0]) : null;
  }

  async byVersion(version: number, manager: EntityManager = this.dataSource.manager): Promise<StoredRuleSet | null> {
    const rows: Row[] = await manager.query('SELECT * FROM access_rule_set WHERE version = $1', [version]);
    return rows[0] ? this.toStored(rows[0]) : null;
  }

  /** Every version, newest first. */
  async list(manager: EntityManager = this.dataSource.manager): Promise<RuleSetSummary[]> {
    const rows: Row[] = await manager.query('SELECT * FROM access_rule_set ORDER BY version DESC');
    return rows.map((row) => {
      const stored = this.toStored(row);
      return { version: stored.version, sha256: stored.sha256, importedBy: stored.importedBy, importedAt: stored.importedAt, active: stored.active, groups: stored.rules.groups.length, roles: stored.rules.roles.length };
    });
  }

  /** Stores a valid rules text as the next version and makes it the active one, in the caller's transaction. */
  async importActive(manager: EntityManager, yaml: string, importedBy: string): Promise<StoredRuleSet> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [IMPORT_LOCK_KEY]);
    const [{ next }]: Array<{ next: number }> = await manager.query('SELECT COALESCE(MAX(version), 0) + 1 AS next FROM access_rule_set');
    await manager.query('UPDATE access_rule_set SET active = false WHERE active');
    const sha256 = createHash('sha256').update(yaml).digest('hex');
    const rows: Row[] = await manager.query(
      'INSERT INTO access_rule_set (version, yaml, sha256, imported_by, active) VALUES ($1, $2, $3, $4, true) RETURNING *',
      [next, yaml, sha256, importedBy],
    );
    return this.toStored(rows[0]);
  }

  private toStored(row: Row): StoredRuleSet {
    let rules = this.parsed.get(row.version);
    if (!rules) {
      const parse = parseAccessRules(row.yaml);
      if (!parse.ok) throw new Error(`access rule set version ${row.version} in the database does not parse: ${parse.errors[0]?.message}`);
      rules = parse.ruleSet;
      this.parsed.set(row.version, rules);
    }
    return { version: row.version, rules, yaml: row.yaml, sha256: row.sha256, importedBy: row.imported_by, importedAt: row.imported_at, active: row.active };
  }
}
