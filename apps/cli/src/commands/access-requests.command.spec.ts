import { InvalidArgumentError } from 'commander';
import { cliHarness } from '../__fixtures__/cli-harness';
import { json, type Answer, type RecordedRequest } from '../__fixtures__/fake-fetch';
import { parseAnswer, parseDate, parseGroupKey, parseId, parseLicenceCode } from './access-requests.command';

const harness = (answer?: (request: RecordedRequest) => Answer) => cliHarness({ role: 'admin', subject: 'dev-admin' }, answer);
const ID = '01a203e0-ad8a-7421-b5c8-4d8c1d0c9964';

describe('access request and review argument checks', () => {
  it.each<[string, (v: string) => unknown, string]>([
    ['parseDate', parseDate, '2026-02-30'],
    ['parseDate', parseDate, '30/06/2026'],
    ['parseId', parseId, '42'],
    ['parseGroupKey', parseGroupKey, 'G-Ehalsa'],
    ['parseAnswer', parseAnswer, 'yes'],
    ['parseLicenceCode', parseLicenceCode, 'visio-p2'],
  ])('%s refuses %j', (_, parser, value) => {
    expect(() => parser(value)).toThrow(InvalidArgumentError);
  });
});

describe('itops access request / review / audit (against a fake identity)', () => {
  it('request create POSTs the request as given', async () => {
    const cli = harness(() => json(201, { id: ID, status: 'PENDING' }));
    await expect(cli.run('access', 'request', 'create', '--account', 'anna.svensson', '--group', 'ehalsa-journal', '--until', '2026-06-30', '--reason', 'covers nights')).resolves.toBe(0);
    expect([cli.requests[0].method, cli.requests[0].url.pathname, JSON.parse(cli.requests[0].body?.toString() ?? '{}')]).toEqual([
      'POST',
      '/v1/access/requests',
      { account: 'anna.svensson', group: 'ehalsa-journal', until: '2026-06-30', reason: 'covers nights' },
    ]);
  });

  it('request create --licence POSTs the licence instead of a group', async () => {
    const cli = harness(() => json(201, { id: ID, status: 'PENDING' }));
    await expect(cli.run('access', 'request', 'create', '--account', 'anna.svensson', '--licence', 'VISIO-P2', '--until', '2026-06-30', '--reason', 'drawings')).resolves.toBe(0);
    expect(JSON.parse(cli.requests[0].body?.toString() ?? '{}')).toEqual({ account: 'anna.svensson', licence: 'VISIO-P2', until: '2026-06-30', reason: 'drawings' });
  });

  it.each([
    ['neither --group nor --licence', []],
    ['both --group and --licence', ['--group', 'ehalsa-journal', '--licence', 'VISIO-P2']],
  ])('request create refuses %s without asking identity', async (_, target) => {
    const cli = harness(() => json(201, {}));
    await expect(cli.run('access', 'request', 'create', '--account', 'anna.svensson', ...target, '--until', '2026-06-30', '--reason', 'drawings')).resolves.toBe(2);
    expect(cli.requests).toEqual([]);
    expect(cli.stderr()).toContain('give exactly one of --group <key> and --licence <code>');
  });

  it('request approve POSTs to the request and passes on identity’s refusal', async () => {
    const cli = harness(() => json(403, { code: 'SELF_DECISION', message: '"x" made the request and may not decide it' }));
    await expect(cli.run('access', 'request', 'approve', ID)).resolves.toBe(1);
    expect(cli.requests[0].url.pathname).toBe(`/v1/access/requests/${ID}/approve`);
    expect(cli.stderr()).toContain('SELF_DECISION');
  });

  it('review answer POSTs confirm or reject for one item', async () => {
    const cli = harness(() => json(200, { answer: 'CONFIRMED' }));
    await expect(cli.run('access', 'review', 'answer', ID, ID, 'confirm')).resolves.toBe(0);
    expect([cli.requests[0].url.pathname, cli.requests[0].body?.toString()]).toEqual([`/v1/access/reviews/${ID}/items/${ID}/answer`, '{"answer":"confirm"}']);
  });

  it('audit verify exits 1 naming the first broken entry', async () => {
    const cli = harness(() => json(200, { checked: 6, head: { seq: 6, hash: 'a'.repeat(64) }, broken: { seq: 7, id: ID, problem: 'hash_mismatch' } }));
    await expect(cli.run('audit', 'verify')).resolves.toBe(1);
    expect(cli.stdout()).toBe(`BROKEN at entry 7 (${ID}): hash_mismatch; 6 entries before it are intact`);
  });

  it('audit group asks for the members on the date', async () => {
    const cli = harness(() => json(200, { groupDn: 'CN=G,OU=itops,DC=itops,DC=test', members: [{ samAccountName: 'anna', accountId: ID, since: '2026-03-01T08:00:00.000Z', cause: 'request:1' }] }));
    await expect(cli.run('audit', 'group', 'ehalsa-journal', '--date', '2026-03-31')).resolves.toBe(0);
    expect(cli.requests[0].url.search).toBe('?group=ehalsa-journal&date=2026-03-31');
    expect(cli.stdout().split('\n')[0]).toBe('CN=G,OU=itops,DC=itops,DC=test at the end of 2026-03-31: 1 members');
  });
});
