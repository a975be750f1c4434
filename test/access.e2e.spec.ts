import { randomInt } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Attribute, Change } from 'ldapts';
import { eventually } from '@itops/shared/testing';
import { itops, itopsJson, root } from './cli';
import { createOuWithGroups, hireThroughHr, ldap, membersOf } from './directory';

interface RuleVersions {
  versions: Array<{ version: number; active: boolean }>;
}

/**
 * Access management on the running services, as an operator and an auditor use it: a rules
 * file checked and imported through the CLI, a joiner from HR getting the role's group in AD
 * (birthright), a membership removed by hand found by reconciliation, a proposed rule change
 * simulated, and the audit log answering for the person and verifying its chain.
 *
 * The roles match only this run's job code, so nobody else on the stack is given anything; the
 * run's groups live in an OU of their own below the managed tree.
 */
describe('access management through the CLI, AD and the audit log', () => {
  const stockholmDay = (at: Date): string => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(at);
  const today = stockholmDay(new Date());
  // employeeID holds at most 16 characters: "AC" + 10 for the run.
  const run = `${Date.now().toString(36)}${randomInt(36 ** 2).toString(36).padStart(2, '0')}`.toUpperCase();
  const jobCode = `E2E-${run}`;
  const employmentId = `AC${run}`;
  const surname = `Access${randomInt(100_000, 1_000_000)}`;
  const ou = `OU=e2e-access-${run.toLowerCase()},OU=itops,DC=itops,DC=test`;
  const journal = `CN=G-E2E-Journal-${run},${ou}`;
  const doors = `CN=G-E2E-Doors-${run},${ou}`;
  const dir = mkdtempSync(join(tmpdir(), 'itops-e2e-access-'));

  const rules = (roleGroups: string[]): string => `# e2e access rules ${run}
groups:
  - { key: e2e-journal, dn: "${journal}", owner: e2e-owner, policy: enforce, requestable: true, maxDays: 30 }
  - { key: e2e-doors, dn: "${doors}", owner: e2e-facilities, policy: ignore }
roles:
  - key: e2e-nurse
    name: E2E sjuksköterska
    when: { customers: [N138], jobCodes: [${jobCode}], forms: [PERMANENT] }
    grants: { groups: [${roleGroups.join(', ')}] }
`;
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  let sam = '';
  let dn = '';

  beforeAll(async () => {
    for (const args of [
      ['login', '--role', 'admin'],
      ['customers', 'import', join(root, 'deploy/demo/customers.csv')],
    ]) {
      const result = itops(...args);
      if (result.status !== 0) throw new Error(`itops ${args.join(' ')}: ${result.stderr}`);
    }
    await createOuWithGroups(ou, [journal, doors]);
  });

  it('explains every error of a broken rules file with its line, and stores nothing', () => {
    const broken = file('broken.yaml', rules(['e2e-journal']).replace('policy: ignore', 'policy: sometimes').replace('forms: [PERMANENT]', 'forms: [INTERN]'));
    const answer = itops('access', 'rules', 'validate', broken);
    expect(answer.status).toBe(1);
    expect(answer.stderr).toMatch(/broken\.yaml:4:\d+: .*policy.*'sometimes'/);
    expect(answer.stderr).toMatch(/broken\.yaml:8:\d+: .*forms\[0\] 'INTERN' is not an employment form/);
    expect(itops('access', 'rules', 'import', broken).status).toBe(1);
  });

  it('imports the rules as a new active version', () => {
    const before = itopsJson<RuleVersions>('access', 'rules', 'list').versions;
    expect(itops('access', 'rules', 'validate', file('rules.yaml', rules(['e2e-journal']))).status).toBe(0);
    const imported = itops('access', 'rules', 'import', join(dir, 'rules.yaml'));
    expect(imported.status).toBe(0);
    const after = itopsJson<RuleVersions>('access', 'rules', 'list').versions;
    const newest = Math.max(...after.map((v) => v.version));
    expect(newest).toBeGreaterThan(Math.max(0, ...before.map((v) => v.version)));
    expect(after.find((v) => v.version === newest)?.active).toBe(true);
  });

  it('gives a joiner from HR the role\'s group in AD on the way in (birthright), and nothing it does not grant', async () => {
    const user = await hireThroughHr({ employmentId, givenName: 'Nina', surname, unitCode: 'N138-SJ1', unitName: 'Sjuksköterskor Centrum', jobCode, jobTitle: 'Sjuksköterska', startDate: today, dir });
    sam = user.sAMAccountName;
    dn = user.dn;
    await eventually('the role\'s group', async () => ((await membersOf(journal)).some((m) => m.toLowerCase() === dn.toLowerCase()) ? true : undefined), 30_000);
    expect(await membersOf(doors)).toEqual([]);
  });

  it('finds a membership removed by hand, and changes nothing without --apply', async () => {
    await ldap((c) => c.modify(journal, [new Change({ operation: 'delete', modification: new Attribute({ type: 'member', values: [dn] }) })]));
    const answer = itopsJson<{ identities: number; findings: Array<{ kind: string; account: string; group: string | null; detail: string }>; applied: number; held: boolean }>('access', 'reconcile');
    expect(answer.identities).toBeGreaterThan(0);
    expect(answer.applied).toBe(0);
    const mine = answer.findings.filter((f) => f.account === sam);
    expect(mine).toEqual([expect.objectContaining({ kind: 'missing-membership', group: expect.stringMatching(/e2e-journal|G-E2E-Journal/i) })]);
    // The hand-managed group is neither read nor reported.
    expect(answer.findings.filter((f) => f.group !== null && /e2e-doors|G-E2E-Doors/i.test(f.group))).toEqual([]);
    expect((await membersOf(journal)).some((m) => m.toLowerCase() === dn.toLowerCase())).toBe(false);
  });

  it('simulates a rule change that takes the group away, without changing anything', async () => {
    const proposal = file('proposal.yaml', rules(['e2e-journal']).replace('grants: { groups: [e2e-journal] }', 'grants: { groups: [e2e-journal, e2e-doors] }').replace('policy: ignore', 'policy: enforce').replace('forms: [PERMANENT]', 'forms: [FIXED_TERM]'));
    const answer = itopsJson<{ identities: number; affectedAccounts: number; affected: string[]; groups: Array<{ dn: string; grants: number; revokes: number }> }>('access', 'simulate', '--rules', proposal);
    // The joiner is PERMANENT: under the proposal no role matches, so the journal group goes.
    expect(answer.groups.find((g) => g.dn.toLowerCase() === journal.toLowerCase())).toMatchObject({ grants: 0, revokes: 1 });
    expect(answer.groups.find((g) => g.dn.toLowerCase() === doors.toLowerCase())?.grants ?? 0).toBe(0);
    expect(answer.affected).toContain(sam);
    const { versions } = itopsJson<RuleVersions>('access', 'rules', 'list');
    expect(versions.filter((v) => v.active)).toHaveLength(1);
    expect(versions.find((v) => v.active)?.version).toBe(Math.max(...versions.map((v) => v.version)));
  });

  it('answers the auditor: the person\'s access with its role version, and an unbroken chain', () => {
    expect(itops('login', '--role', 'auditor').status).toBe(0);
    const access = itops('audit', 'access', sam, '--json');
    expect(access.status).toBe(0);
    expect(access.stdout).toContain(journal.slice(3, journal.indexOf(',')));
    expect(access.stdout).toMatch(/role:e2e-nurse@v\d+/);
    const verified = itopsJson<{ checked: number; broken: unknown }>('audit', 'verify');
    expect(verified.broken ?? null).toBeNull();
    expect(verified.checked).toBeGreaterThan(0);
    expect(itops('login', '--role', 'admin').status).toBe(0);
  });
});
