import { randomInt } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { itops, itopsJson, root } from './cli';
import { createOuWithGroups, hireThroughHr, membersOf } from './directory';

interface AccessRequestView {
  id: string;
  status: string;
  samAccountName: string;
  groupKey: string | null;
  requestedBy: string;
  decidedBy: string | null;
}

/**
 * Extra access by request on the running services, as the service desk, a group's owner and an
 * auditor use it through the CLI: the service desk asks for a group for a joiner, the requester
 * cannot decide it, the group's owner (token `sub` = the group's `owner`) approves it, the member
 * is in AD, and the audit log names the request as the cause.
 *
 * Self-contained: its own OU and group, its own job code and owner subject, its own rules file
 * imported before use, and its own CLI state (token file), so other specs' logins do not mix in.
 */
describe('access requests through the CLI, AD and the audit log', () => {
  const stockholmDay = (at: Date): string => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(at);
  const today = stockholmDay(new Date());
  const inDays = (n: number): string => stockholmDay(new Date(Date.now() + n * 86_400_000));
  // employeeID holds at most 16 characters: "AR" + 10 for the run.
  const run = `${Date.now().toString(36)}${randomInt(36 ** 2).toString(36).padStart(2, '0')}`.toUpperCase();
  const jobCode = `E2E-${run}`;
  const employmentId = `AR${run}`;
  const surname = `Request${randomInt(100_000, 1_000_000)}`;
  const ou = `OU=e2e-requests-${run.toLowerCase()},OU=itops,DC=itops,DC=test`;
  const lab = `CN=G-E2E-Lab-${run},${ou}`;
  const owner = `e2e-lab-owner-${run.toLowerCase()}`;
  const dir = mkdtempSync(join(tmpdir(), 'itops-e2e-requests-'));
  const previousState = process.env['ITOPS_STATE'];

  const login = (role: string, subject?: string): void => {
    const result = itops('login', '--role', role, ...(subject ? ['--subject', subject] : []));
    if (result.status !== 0) throw new Error(`itops login --role ${role}: ${result.stderr}`);
  };
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  // No roles: nobody on the stack is given anything by this rule set; the group comes only by request.
  const rules = `# e2e access request rules ${run}
groups:
  - { key: e2e-lab-${run.toLowerCase()}, dn: "${lab}", owner: ${owner}, policy: report, requestable: true, maxDays: 30 }
roles: []
licences:
  - { code: E2E-VISIO-${run}, owner: ${owner}, requestable: true, maxDays: 365 }
`;
  const groupKey = `e2e-lab-${run.toLowerCase()}`;

  let sam = '';
  let dn = '';
  let request: AccessRequestView;

  beforeAll(async () => {
    // This spec's own token file: logging in as several roles must not change other runs' token.
    process.env['ITOPS_STATE'] = mkdtempSync(join(tmpdir(), 'itops-e2e-requests-state-'));
    login('admin');
    const customers = itops('customers', 'import', join(root, 'deploy/demo/customers.csv'));
    if (customers.status !== 0) throw new Error(`itops customers import: ${customers.stderr}`);
    await createOuWithGroups(ou, [lab]);
  });

  afterAll(() => {
    if (previousState === undefined) delete process.env['ITOPS_STATE'];
    else process.env['ITOPS_STATE'] = previousState;
  });

  it('imports its rules with a requestable group and licence, and has a joiner from HR', async () => {
    expect(itops('access', 'rules', 'validate', file('rules.yaml', rules)).status).toBe(0);
    expect(itops('access', 'rules', 'import', join(dir, 'rules.yaml')).status).toBe(0);

    const user = await hireThroughHr({
      employmentId, givenName: 'Rita', surname, unitCode: 'N138-LAB', unitName: 'Labbet Centrum', jobCode, jobTitle: 'Labbassistent', startDate: today, dir,
      // The stack is shared: other runs' HR imports may be ahead of this joiner in identity's queue
      // (within the spec's own time limit, tools/jest/long-timeout.js).
      timeoutMs: 170_000,
    });
    sam = user.sAMAccountName;
    dn = user.dn.toLowerCase();
    expect(await membersOf(lab)).toEqual([]);
  });

  it('takes a request from the service desk, and refuses one that is too long', () => {
    login('service-desk');
    const tooLong = itops('access', 'request', 'create', '--account', sam, '--group', groupKey, '--until', inDays(31), '--reason', 'lab work all year');
    expect(tooLong.status).toBe(1);
    expect(tooLong.stderr).toMatch(/TOO_LONG|at most 30 days/);
    request = itopsJson<AccessRequestView>('access', 'request', 'create', '--account', sam, '--group', groupKey, '--until', inDays(10), '--reason', 'covers the lab during the audit');
    expect(request).toMatchObject({ status: 'PENDING', samAccountName: sam, groupKey, requestedBy: 'dev-service-desk' });
  });

  it('does not let the requester decide it, nor an owner of other groups', async () => {
    login('group-owner', request.requestedBy);
    const self = itops('access', 'request', 'approve', request.id);
    expect(self.status).toBe(1);
    expect(self.stderr).toContain('SELF_DECISION');
    login('group-owner', `someone-else-${run.toLowerCase()}`);
    const other = itops('access', 'request', 'approve', request.id);
    expect(other.status).toBe(1);
    expect(other.stderr).toContain('NOT_OWNER');
    expect(await membersOf(lab)).toEqual([]);
  });

  it('is approved by the group’s owner: the member is in AD at once', async () => {
    login('group-owner', owner);
    const approved = itopsJson<AccessRequestView>('access', 'request', 'approve', request.id);
    expect(approved).toMatchObject({ id: request.id, status: 'APPROVED', decidedBy: owner });
    expect(await membersOf(lab)).toContain(dn);
    const shown = itopsJson<AccessRequestView>('access', 'request', 'show', request.id);
    expect(shown.status).toBe('APPROVED');
  });

  it('answers the auditor with the request as the cause, and an unbroken chain', () => {
    login('auditor');
    const access = itops('audit', 'access', sam, '--json');
    expect(access.status).toBe(0);
    expect(access.stdout).toContain(`request:${request.id}`);
    expect(access.stdout).toContain(lab.slice(3, lab.indexOf(',')));
    const verified = itopsJson<{ checked: number; broken: unknown }>('audit', 'verify');
    expect(verified.broken ?? null).toBeNull();
  });
});
