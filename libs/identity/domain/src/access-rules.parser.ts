import { isMap, isScalar, isSeq, LineCounter, Node, Pair, parseDocument, Scalar, YAMLMap } from 'yaml';

/** What reconciliation does with a group's memberships that differ from the rules. */
export type GroupPolicy = 'enforce' | 'report' | 'ignore';
export const GROUP_POLICIES: readonly GroupPolicy[] = ['enforce', 'report', 'ignore'];
export type RuleEmploymentForm = 'PERMANENT' | 'FIXED_TERM' | 'SUBSTITUTE' | 'HOURLY';
export const RULE_EMPLOYMENT_FORMS: readonly RuleEmploymentForm[] = ['PERMANENT', 'FIXED_TERM', 'SUBSTITUTE', 'HOURLY'];

/** An AD group the rules may grant, from the file's group catalogue. */
export interface AccessGroup {
  readonly key: string;
  readonly dn: string;
  /** JWT subject of the owner who approves requests; null when none is named. */
  readonly owner: string | null;
  readonly policy: GroupPolicy;
  readonly requestable: boolean;
  /** Longest time-bound grant in days; null when not requestable for a time. */
  readonly maxDays: number | null;
}

/** All given conditions must hold; within a list any value matches. An absent condition matches everything. */
export interface RoleConditions {
  readonly customers?: readonly string[];
  readonly unitPrefixes?: readonly string[];
  readonly jobCodes?: readonly string[];
  readonly forms?: readonly RuleEmploymentForm[];
}

export interface RoleGrants {
  readonly groups: readonly string[];
  readonly licences: readonly string[];
  readonly devices: readonly string[];
}

export interface AccessRole {
  readonly key: string;
  readonly name: string;
  readonly when: RoleConditions;
  readonly grants: RoleGrants;
}

/**
 * A licence product that may be requested as extra access (optional catalogue): approved by its
 * owner, realised by the licence service through the product's licence group.
 */
export interface AccessLicence {
  /** Licence product code, e.g. VISIO-P2. */
  readonly code: string;
  /** JWT subject of the owner who approves requests. */
  readonly owner: string;
  readonly requestable: boolean;
  /** Longest time-bound grant in days. */
  readonly maxDays: number;
}

export interface AccessRuleSet {
  readonly groups: readonly AccessGroup[];
  readonly roles: readonly AccessRole[];
  /** Requestable licences; absent in rule sets without the optional `licences` key. */
  readonly licences?: readonly AccessLicence[];
}

/** One thing wrong in a rules file, at its line (1-based) and column. */
export interface AccessRuleError {
  readonly line: number;
  readonly column: number;
  /** Where in the document, e.g. `roles[2].when.forms[0]`. */
  readonly path: string;
  readonly message: string;
}

export type AccessRulesParse = { ok: true; ruleSet: AccessRuleSet; errors: [] } | { ok: false; ruleSet: null; errors: AccessRuleError[] };

const KEY = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
const CUSTOMER = /^[A-Z][0-9]{3}$/;
const CODE = /^[A-Z0-9][A-Z0-9._-]{0,39}$/;
const UNIT_OR_JOB = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;
/** A group's DN: CN=<name>, then OU= parts, ending in DC= parts. */
const GROUP_DN = /^CN=(?:\\.|[^,=\\])+(?:,OU=(?:\\.|[^,=\\])+)*(?:,DC=[A-Za-z0-9-]+)+$/i;
const SUBJECT = /^[^\s]{1,200}$/;
const MAX_DAYS = 3650;

const TOP_KEYS = ['groups', 'roles', 'licences'];
const LICENCE_KEYS = ['code', 'owner', 'requestable', 'maxDays'];
const GROUP_KEYS = ['key', 'dn', 'owner', 'policy', 'requestable', 'maxDays'];
const ROLE_KEYS = ['key', 'name', 'when', 'grants'];
const WHEN_KEYS = ['customers', 'unitPrefixes', 'jobCodes', 'forms'];
const GRANT_KEYS = ['groups', 'licences', 'devices'];

/**
 * Reads an access rules file (YAML; see docs/access.md) and checks everything a rule set must
 * satisfy before it can be stored: the shape, unknown keys, duplicates, DNs, policies, forms,
 * codes and that every granted group is in the catalogue. All errors are reported at once, each
 * with its line, so one round of review fixes the whole file.
 */
export function parseAccessRules(text: string): AccessRulesParse {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const errors: AccessRuleError[] = [];
  const at = (node: Node | null | undefined, path: string, message: string, offset?: number): void => {
    const pos = lines.linePos(offset ?? node?.range?.[0] ?? 0);
    errors.push({ line: pos.line, column: pos.col, path, message });
  };
  for (const error of [...doc.errors, ...doc.warnings]) {
    const pos = lines.linePos(error.pos[0]);
    const duplicate = error.code === 'DUPLICATE_KEY';
    errors.push({
      line: pos.line,
      column: pos.col,
      path: '',
      message: duplicate ? 'duplicate key in a mapping; each key may appear once' : `not valid YAML: ${error.message.split('\n')[0]}`,
    });
  }
  if (doc.errors.length > 0) return fail(errors);

  const root = doc.contents;
  if (!isMap(root)) {
    at(root, '', 'the file must be a mapping with the keys groups and roles (and optionally licences)');
    return fail(errors);
  }
  checkKeys(root, '', TOP_KEYS, at);

  const groups: AccessGroup[] = [];
  const groupKeys = new Map<string, number>();
  const groupDns = new Map<string, number>();
  const groupsNode = root.get('groups', true) as Node | undefined;
  if (!isSeq(groupsNode)) {
    at(groupsNode ?? root, 'groups', 'groups is missing or not a list; allowed: a list of groups with key, dn, owner, policy, requestable, maxDays');
  } else {
    groupsNode.items.forEach((item, i) => {
      const path = `groups[${i}]`;
      if (!isMap(item)) return at(item as Node, path, `${path} is not a mapping; allowed: a mapping with ${GROUP_KEYS.join(', ')}`);
      checkKeys(item, path, GROUP_KEYS, at);
      const key = keyOf(item, path, at);
      const line = lines.linePos(item.range?.[0] ?? 0).line;
      if (key !== null) {
        if (groupKeys.has(key)) at(item.get('key', true) as Node, `${path}.key`, `group key '${key}' is defined twice (first on line ${groupKeys.get(key)}); group keys must be unique`);
        else groupKeys.set(key, line);
      }
      const dn = text1(item, 'dn', path, at, true);
      if (dn !== null) {
        if (!GROUP_DN.test(dn)) at(item.get('dn', true) as Node, `${path}.dn`, `${path}.dn '${dn}' is not a group DN; allowed: CN=<name>,OU=...,DC=..., e.g. CN=G-Ehalsa-Journal,OU=Groups,OU=itops,DC=itops,DC=test`);
        const norm = dn.toLowerCase().replace(/,\s+/g, ',');
        if (groupDns.has(norm)) at(item.get('dn', true) as Node, `${path}.dn`, `${path}.dn '${dn}' is already the DN of another group (line ${groupDns.get(norm)}); one key per AD group`);
        else groupDns.set(norm, line);
      }
      const owner = text1(item, 'owner', path, at, false);
      if (owner !== null && !SUBJECT.test(owner)) at(item.get('owner', true) as Node, `${path}.owner`, `${path}.owner must be a subject without spaces (the owner's JWT sub)`);
      const policyText = text1(item, 'policy', path, at, true);
      const policy = policyText !== null && (GROUP_POLICIES as readonly string[]).includes(policyText) ? (policyText as GroupPolicy) : null;
      if (policyText !== null && policy === null) at(item.get('policy', true) as Node, `${path}.policy`, `${path}.policy '${policyText}' is not a policy; allowed: ${GROUP_POLICIES.join(', ')}`);
      const requestable = bool(item, 'requestable', path, at);
      const maxDays = integer(item, 'maxDays', path, at);
      if (key !== null && dn !== null && policy !== null) {
        groups.push({ key, dn, owner, policy, requestable: requestable ?? false, maxDays });
      }
    });
  }

  const roles: AccessRole[] = [];
  const roleKeys = new Map<string, number>();
  const rolesNode = root.get('roles', true) as Node | undefined;
  if (!isSeq(rolesNode)) {
    at(rolesNode ?? root, 'roles', 'roles is missing or not a list; allowed: a list of roles with key, name, when, grants');
  } else {
    rolesNode.items.forEach((item, i) => {
      const path = `roles[${i}]`;
      if (!isMap(item)) return at(item as Node, path, `${path} is not a mapping; allowed: a mapping with ${ROLE_KEYS.join(', ')}`);
      checkKeys(item, path, ROLE_KEYS, at);
      const key = keyOf(item, path, at);
      if (key !== null) {
        if (roleKeys.has(key)) at(item.get('key', true) as Node, `${path}.key`, `role key '${key}' is defined twice (first on line ${roleKeys.get(key)}); role keys must be unique`);
        else roleKeys.set(key, lines.linePos(item.range?.[0] ?? 0).line);
      }
      const name = text1(item, 'name', path, at, true);
      const when = conditions(item, path, at);
      const grants = grantsOf(item, path, groupKeys, at);
      if (key !== null && name !== null && when !== null && grants !== null) roles.push({ key, name, when, grants });
    });
  }
  const licences = licenceCatalogue(root, lines, at);
  return errors.length > 0 ? fail(errors) : { ok: true, ruleSet: { groups, roles, ...(licences ? { licences } : {}) }, errors: [] };
}

type At = (node: Node | null | undefined, path: string, message: string) => void;

/** The optional catalogue of requestable licences; null when the file has none. */
function licenceCatalogue(root: YAMLMap, lines: LineCounter, at: At): AccessLicence[] | null {
  const node = root.get('licences', true) as Node | undefined;
  if (node === undefined) return null;
  if (!isSeq(node)) {
    at(node, 'licences', `licences is not a list; allowed: a list of licences with ${LICENCE_KEYS.join(', ')}`);
    return null;
  }
  const licences: AccessLicence[] = [];
  const codes = new Map<string, number>();
  node.items.forEach((item, i) => {
    const path = `licences[${i}]`;
    if (!isMap(item)) return at(item as Node, path, `${path} is not a mapping; allowed: a mapping with ${LICENCE_KEYS.join(', ')}`);
    checkKeys(item, path, LICENCE_KEYS, at);
    let code = text1(item, 'code', path, at, true);
    if (code !== null && !CODE.test(code)) {
      at(item.get('code', true) as Node, `${path}.code`, `${path}.code '${code}' is not a licence product code; allowed: upper-case letters, digits, . _ -, e.g. VISIO-P2`);
      code = null;
    }
    if (code !== null) {
      if (codes.has(code)) at(item.get('code', true) as Node, `${path}.code`, `licence '${code}' is listed twice (first on line ${codes.get(code)}); licence codes must be unique`);
      else codes.set(code, lines.linePos(item.range?.[0] ?? 0).line);
    }
    // A requested licence always needs someone to approve it and an end: both are required.
    let owner = text1(item, 'owner', path, at, true);
    if (owner !== null && !SUBJECT.test(owner)) {
      at(item.get('owner', true) as Node, `${path}.owner`, `${path}.owner must be a subject without spaces (the owner's JWT sub)`);
      owner = null;
    }
    const requestable = bool(item, 'requestable', path, at);
    const maxDaysNode = item.get('maxDays', true) as Node | undefined;
    const maxDays = integer(item, 'maxDays', path, at);
    if (maxDaysNode === undefined) at(item, `${path}.maxDays`, `${path}.maxDays is missing; it is required (1 to ${MAX_DAYS} days)`);
    if (code !== null && owner !== null && maxDays !== null) licences.push({ code, owner, requestable: requestable ?? false, maxDays });
  });
  return licences;
}

function fail(errors: AccessRuleError[]): AccessRulesParse {
  const sorted = [...errors].sort((a, b) => a.line - b.line || a.column - b.column);
  return { ok: false, ruleSet: null, errors: sorted };
}

function checkKeys(map: YAMLMap, path: string, allowed: readonly string[], at: At): void {
  for (const pair of map.items as Pair[]) {
    const name = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    if (!allowed.includes(name)) {
      at(pair.key as Node, path ? `${path}.${name}` : name, `unknown key '${name}'${path ? ` in ${path}` : ''}; allowed: ${allowed.join(', ')}`);
    }
  }
}

function keyOf(map: YAMLMap, path: string, at: At): string | null {
  const key = text1(map, 'key', path, at, true);
  if (key !== null && !KEY.test(key)) {
    at(map.get('key', true) as Node, `${path}.key`, `${path}.key '${key}' is not allowed; allowed: lower-case letters, digits and '-' ([a-z0-9-], at most 64)`);
    return null;
  }
  return key;
}

/** A required or optional text value; null when missing or wrong (the error is recorded). */
function text1(map: YAMLMap, name: string, path: string, at: At, required: boolean): string | null {
  const node = map.get(name, true) as Node | undefined;
  if (node === undefined || (isScalar(node) && node.value === null)) {
    if (required) at(map, `${path}.${name}`, `${path}.${name} is missing; it is required`);
    return null;
  }
  if (!isScalar(node) || typeof node.value !== 'string' || node.value.trim() === '') {
    at(node, `${path}.${name}`, `${path}.${name} must be a non-empty text`);
    return null;
  }
  return node.value.trim();
}

function bool(map: YAMLMap, name: string, path: string, at: At): boolean | null {
  const node = map.get(name, true) as Node | undefined;
  if (node === undefined) return null;
  if (!isScalar(node) || typeof node.value !== 'boolean') {
    at(node, `${path}.${name}`, `${path}.${name} must be true or false`);
    return null;
  }
  return node.value;
}

function integer(map: YAMLMap, name: string, path: string, at: At): number | null {
  const node = map.get(name, true) as Node | undefined;
  if (node === undefined) return null;
  const value = isScalar(node) ? node.value : undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_DAYS) {
    at(node, `${path}.${name}`, `${path}.${name} must be a whole number of days from 1 to ${MAX_DAYS}`);
    return null;
  }
  return value;
}

/** A list of texts, each checked by `valid`; null when absent, undefined when wrong. */
function textList(map: YAMLMap, name: string, path: string, at: At, valid: (value: string) => string | null): string[] | null | undefined {
  const node = map.get(name, true) as Node | undefined;
  if (node === undefined) return null;
  const where = `${path}.${name}`;
  if (!isSeq(node) || node.items.length === 0) {
    at(node, where, `${where} must be a non-empty list, e.g. [A, B]`);
    return undefined;
  }
  const values: string[] = [];
  let ok = true;
  const seen = new Set<string>();
  node.items.forEach((item, i) => {
    const value = isScalar(item) && (typeof item.value === 'string' || typeof item.value === 'number') ? String((item as Scalar).value).trim() : null;
    const problem = value === null ? 'must be a text' : valid(value);
    if (problem !== null || value === null) {
      at(item as Node, `${where}[${i}]`, `${where}[${i}]${value === null ? '' : ` '${value}'`} ${problem ?? 'must be a text'}`);
      ok = false;
      return;
    }
    if (seen.has(value)) {
      at(item as Node, `${where}[${i}]`, `${where}[${i}] '${value}' is listed twice`);
      ok = false;
      return;
    }
    seen.add(value);
    values.push(value);
  });
  return ok ? values : undefined;
}

function conditions(role: YAMLMap, path: string, at: At): RoleConditions | null {
  const node = role.get('when', true) as Node | undefined;
  const where = `${path}.when`;
  if (!isMap(node)) {
    at(node ?? role, where, `${where} is missing or not a mapping; allowed keys: ${WHEN_KEYS.join(', ')} (at least one; a role never applies to everybody)`);
    return null;
  }
  checkKeys(node, where, WHEN_KEYS, at);
  const customers = textList(node, 'customers', where, at, (v) => (CUSTOMER.test(v) ? null : 'is not a customer code; allowed: a letter and three digits, e.g. N138'));
  const unitPrefixes = textList(node, 'unitPrefixes', where, at, (v) => (UNIT_OR_JOB.test(v) ? null : 'is not a unit code prefix; allowed: letters, digits, . _ -'));
  const jobCodes = textList(node, 'jobCodes', where, at, (v) => (UNIT_OR_JOB.test(v) ? null : 'is not a job code; allowed: letters, digits, . _ -, e.g. AID-2311'));
  const forms = textList(node, 'forms', where, at, (v) =>
    (RULE_EMPLOYMENT_FORMS as readonly string[]).includes(v) ? null : `is not an employment form; allowed: ${RULE_EMPLOYMENT_FORMS.join(', ')}`,
  );
  if ([customers, unitPrefixes, jobCodes, forms].some((v) => v === undefined)) return null;
  if ([customers, unitPrefixes, jobCodes, forms].every((v) => v === null)) {
    at(node, where, `${where} has no condition; give at least one of ${WHEN_KEYS.join(', ')} (a role never applies to everybody)`);
    return null;
  }
  return {
    ...(customers ? { customers } : {}),
    ...(unitPrefixes ? { unitPrefixes } : {}),
    ...(jobCodes ? { jobCodes } : {}),
    ...(forms ? { forms: forms as RuleEmploymentForm[] } : {}),
  };
}

function grantsOf(role: YAMLMap, path: string, groupKeys: ReadonlyMap<string, number>, at: At): RoleGrants | null {
  const node = role.get('grants', true) as Node | undefined;
  const where = `${path}.grants`;
  if (!isMap(node)) {
    at(node ?? role, where, `${where} is missing or not a mapping; allowed keys: ${GRANT_KEYS.join(', ')}`);
    return null;
  }
  checkKeys(node, where, GRANT_KEYS, at);
  const groups = textList(node, 'groups', where, at, (v) =>
    groupKeys.has(v) ? null : `is not a group of the catalogue; allowed: ${[...groupKeys.keys()].join(', ') || '(the catalogue is empty)'}`,
  );
  const licences = textList(node, 'licences', where, at, (v) => (CODE.test(v) ? null : 'is not a licence product code; allowed: upper-case letters, digits, . _ -, e.g. M365-E3'));
  const devices = textList(node, 'devices', where, at, (v) => (CODE.test(v) ? null : 'is not a device code; allowed: upper-case letters, digits, . _ -, e.g. PC'));
  if ([groups, licences, devices].some((v) => v === undefined)) return null;
  if ([groups, licences, devices].every((v) => v === null)) {
    at(node, where, `${where} grants nothing; give at least one of ${GRANT_KEYS.join(', ')}`);
    return null;
  }
  return { groups: groups ?? [], licences: licences ?? [], devices: devices ?? [] };
}
