import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliHarness } from '../__fixtures__/cli-harness';
import { connectionRefused, json, type Answer, type RecordedRequest } from '../__fixtures__/fake-fetch';

const harness = (answer?: (request: RecordedRequest) => Answer) => cliHarness({ role: 'operator', subject: 'dev-operator' }, answer);
const RULES = 'groups: []\nroles: []\n';

describe('itops access', () => {
  it('rules validate: sends the file to identity and names each error with its line, exit 1', async () => {
    const cli = harness(() =>
      json(200, {
        valid: false,
        groups: 0,
        roles: 0,
        errors: [
          { line: 4, column: 13, path: 'groups[0].policy', message: "groups[0].policy 'x' is not a policy; allowed: enforce, report, ignore" },
          { line: 9, column: 7, path: 'roles[0].when', message: 'unknown key' },
        ],
      }),
    );
    const file = join(cli.dir, 'rules.yaml');
    writeFileSync(file, RULES);
    await expect(cli.run('access', 'rules', 'validate', file)).resolves.toBe(1);
    expect(cli.requests[0].method).toBe('POST');
    expect(cli.requests[0].url.toString()).toBe('http://127.0.0.1:3102/v1/access/rules/validate');
    expect(JSON.parse(String(cli.requests[0].body))).toEqual({ yaml: RULES });
    expect(cli.stderr()).toContain(`${file}:4:13: groups[0].policy 'x' is not a policy; allowed: enforce, report, ignore`);
    expect(cli.stderr()).toContain(`${file}:9:7: unknown key`);
  });

  it('rules validate: a valid file exits 0', async () => {
    const cli = harness(() => json(200, { valid: true, groups: 2, roles: 1, errors: [] }));
    const file = join(cli.dir, 'rules.yaml');
    writeFileSync(file, RULES);
    await expect(cli.run('access', 'rules', 'validate', file)).resolves.toBe(0);
    expect(cli.stdout()).toBe(`${file}: valid (2 groups, 1 roles)`);
  });

  it('reconcile --json prints exactly identities, findings, applied and held', async () => {
    const cli = harness(() =>
      json(200, { runId: 'r1', identities: 6, findings: [{ kind: 'orphan-account', account: 'x', group: null, detail: 'd' }], applied: 0, held: true, status: 'held', removalShare: 0.2, timings: {} }),
    );
    await expect(cli.run('access', 'reconcile', '--apply', '--json')).resolves.toBe(0);
    expect(JSON.parse(String(cli.requests[0].body))).toEqual({ apply: true });
    expect(JSON.parse(cli.stdout())).toEqual({ identities: 6, findings: [{ kind: 'orphan-account', account: 'x', group: null, detail: 'd' }], applied: 0, held: true });
    expect(cli.stderr()).toContain('itops access reconcile approve r1');
  });

  it('simulate: without the licence service it says so and shows counts only', async () => {
    const cli = harness((request) =>
      request.url.port === '3103' ? connectionRefused() : json(200, { identities: 3, affectedAccounts: 1, affected: ['annsve01'], groups: [{ group: 'journal', dn: 'CN=G', grants: 1, revokes: 0 }], licences: [], devices: [], costPerCustomer: null, unpriced: [] }),
    );
    const file = join(cli.dir, 'rules.yaml');
    writeFileSync(file, RULES);
    await expect(cli.run('access', 'simulate', '--rules', file)).resolves.toBe(0);
    expect(cli.stderr()).toMatch(/licence prices unavailable .*counts only/);
    expect(JSON.parse(String(cli.requests[1].body))).toEqual({ yaml: RULES });
    expect(cli.stdout()).toContain('journal       1        0');
    expect(cli.stdout()).toContain('accounts affected: 1: annsve01');
  });

  it('simulate: names the first twenty affected accounts and counts the rest', async () => {
    const affected = Array.from({ length: 23 }, (_v, k) => `user${String(k).padStart(2, '0')}`);
    const cli = harness((request) =>
      request.url.port === '3103' ? json(200, []) : json(200, { identities: 30, affectedAccounts: 23, affected, groups: [], licences: [], devices: [], costPerCustomer: [], unpriced: [] }),
    );
    const file = join(cli.dir, 'rules.yaml');
    writeFileSync(file, RULES);
    await expect(cli.run('access', 'simulate', '--rules', file)).resolves.toBe(0);
    expect(cli.stdout()).toContain(`accounts affected: 23: ${affected.slice(0, 20).join(', ')} and 3 more`);
  });
});
