import { Injectable } from '@nestjs/common';
import { AccessRuleError, AccessRuleSet, parseAccessRules } from '@itops/identity/domain';
import { AccessRuleSetRepository, AuditLogRepository, RuleSetSummary, StoredRuleSet } from '@itops/identity/data-access';
import { DataSource } from '@itops/shared/persistence';
import { AccessException, AccessExceptionCode } from './access.exception';

/** Longest rules file accepted, in characters. */
export const MAX_RULES_LENGTH = 2_000_000;

/**
 * The access rules files: validated (every error with its line), imported as a new active version
 * (an invalid file is refused with all its errors; nothing is stored), listed and shown. A new
 * version is realised in AD by the next reconciliation (scheduled or on demand), which holds a run
 * that would take access from too many accounts.
 */
@Injectable()
export class AccessRules {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ruleSets: AccessRuleSetRepository,
    private readonly auditLog: AuditLogRepository,
  ) {}

  validate(yaml: unknown): { valid: boolean; errors: AccessRuleError[]; groups: number; roles: number } {
    const parsed = parseAccessRules(checkText(yaml));
    return { valid: parsed.ok, errors: parsed.errors, groups: parsed.ruleSet?.groups.length ?? 0, roles: parsed.ruleSet?.roles.length ?? 0 };
  }

  /** The parsed rules of a text, or the refusal with every error. */
  parse(yaml: unknown): AccessRuleSet {
    const parsed = parseAccessRules(checkText(yaml));
    if (!parsed.ok) {
      throw new AccessException(AccessExceptionCode.INVALID_RULES, `the rules file has ${parsed.errors.length} error(s); nothing was stored`, parsed.errors);
    }
    return parsed.ruleSet;
  }

  async import(yaml: unknown, importedBy: string): Promise<RuleSetSummary> {
    const rules = this.parse(yaml);
    const stored = await this.dataSource.transaction(async (manager) => {
      const version = await this.ruleSets.importActive(manager, yaml as string, importedBy);
      await this.auditLog.append(manager, {
        actor: importedBy,
        action: 'rules.imported',
        personId: null,
        accountId: null,
        causeEventId: null,
        detail: { version: version.version, sha256: version.sha256, groups: rules.groups.length, roles: rules.roles.length },
      });
      return version;
    });
    return summary(stored);
  }

  list(): Promise<RuleSetSummary[]> {
    return this.ruleSets.list();
  }

  async show(version: number): Promise<StoredRuleSet> {
    const stored = await this.ruleSets.byVersion(version);
    if (!stored) throw new AccessException(AccessExceptionCode.RULE_SET_NOT_FOUND, `access rule set version ${version} does not exist; see GET /v1/access/rules for the versions`);
    return stored;
  }
}

function checkText(yaml: unknown): string {
  if (typeof yaml !== 'string' || yaml.trim() === '') {
    throw new AccessException(AccessExceptionCode.INVALID_RULES, 'yaml must be the rules file as a non-empty text', [{ line: 0, column: 0, path: '', message: 'yaml is missing or empty' }]);
  }
  if (yaml.length > MAX_RULES_LENGTH) {
    throw new AccessException(AccessExceptionCode.INVALID_RULES, `yaml is ${yaml.length} characters; at most ${MAX_RULES_LENGTH} are allowed`);
  }
  return yaml;
}

function summary(s: StoredRuleSet): RuleSetSummary {
  return { version: s.version, sha256: s.sha256, importedBy: s.importedBy, importedAt: s.importedAt, active: s.active, groups: s.rules.groups.length, roles: s.rules.roles.length };
}
