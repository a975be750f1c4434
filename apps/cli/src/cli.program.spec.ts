import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectionRefused, fakeFetch, json, type Answer, type RecordedRequest } from './__fixtures__/fake-fetch';
import { loadCliConfig } from './cli.config';
import type { CliContext } from './cli.context';
import { runCli } from './cli.program';

const NOW = new Date('2026-11-22T12:00:00Z');

/** A CLI wired to a fake network and fake scripts, with its own state folder and files. */
function harness(answer: (request: RecordedRequest) => Answer = () => json(200, {}), env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'itops-cli-'));
  const state = join(dir, 'state');
  mkdirSync(state);
  const { fetch, requests } = fakeFetch(answer);
  const out: string[] = [];
  const err: string[] = [];
  const scripts: string[] = [];
  const scriptStatus: Record<string, number> = {};
  const ctx: CliContext = {
    config: loadCliConfig({ ITOPS_ROOT: '/repo', ITOPS_STATE: state, ...env }),
    io: { out: (text) => out.push(text), err: (text) => err.push(text) },
    fetch,
    runScript: async (script, args) => {
      const call = `${script.replace('/repo/deploy/local/', '')} ${args.join(' ')}`;
      scripts.push(call);
      return scriptStatus[call] ?? 0;
    },
    now: () => NOW,
  };
  const file = (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const loggedIn = () =>
    writeFileSync(
      join(state, 'token.json'),
      JSON.stringify({ accessToken: 'eyJ.stored', role: 'operator', subject: 'dev-operator', issuer: 'x', expiresAt: '2026-11-22T13:00:00Z' }),
    );
  const run = (...args: string[]) => runCli(args, ctx);
  return { run, requests, out, err, scripts, scriptStatus, file, loggedIn, state, stdout: () => out.join('\n'), stderr: () => err.join('\n') };
}

describe('itops (the command line against fake services)', () => {
  describe('usage errors: exit 2, nothing sent', () => {
    it.each([
      [['metering', 'ledger', '--customer', 'n138', '--period', '2026-11'], "option '--customer <code>' argument 'n138' is invalid"],
      [['metering', 'ledger', '--customer', 'N138', '--period', '2026-13'], 'expected YYYY-MM with a month 01-12'],
      [['metering', 'ledger', '--customer', 'N138'], "required option '--period <YYYY-MM>' not specified"],
      [['billing', 'run', '--period', 'november'], '"november" is not a month'],
      [['login', '--role', 'boss'], 'Allowed choices are operator, licence-manager, service-desk, customer-viewer, auditor, manager, group-owner, admin'],
      [['login', '--role', 'operator', '--customers', 'N138'], '--customers applies only to --role customer-viewer, not operator'],
      [['login', '--role', 'customer-viewer', '--customers', 'N138,n1'], '"n1" is not a customer code'],
      [['hr', 'import', '/no/such/file.csv'], 'no file "/no/such/file.csv"'],
      [['hr', 'import', '/tmp', '--encoding', 'utf16'], 'Allowed choices are utf8, latin1'],
      [['accounts', 'show', 'anna svensson'], 'is not an account name'],
      [['hr', 'approve', '../runs'], 'is not a snapshot id'],
      [['hr'], 'Usage: itops hr'],
      [['stack', 'sideways'], "unknown command 'sideways'"],
      [['metering', 'ledger', '--customer', 'N138', '--period', '2026-11', '--xml'], "unknown option '--xml'"],
    ])('%j', async (args, says) => {
      const cli = harness();
      cli.loggedIn();
      await expect(cli.run(...args)).resolves.toBe(2);
      expect(cli.stderr()).toContain(says);
      expect(cli.requests).toHaveLength(0);
      expect(cli.scripts).toHaveLength(0);
    });

    it('--help is not an error', async () => {
      const cli = harness();
      await expect(cli.run('billing', 'run', '--help')).resolves.toBe(0);
      expect(cli.stdout()).toContain('--period <YYYY-MM>');
    });
  });

  describe('login', () => {
    const token = `h.${Buffer.from(JSON.stringify({ sub: 'anna' })).toString('base64url')}.s`;

    it('asks the dev issuer for a token, stores it 0600 with its expiry and never prints it', async () => {
      const cli = harness(() => json(200, { access_token: token, token_type: 'Bearer', expires_in: 3600 }));
      await expect(cli.run('login', '--role', 'customer-viewer', '--subject', 'anna', '--customers', 'N138,B110')).resolves.toBe(0);
      expect(cli.requests[0].method).toBe('POST');
      expect(cli.requests[0].url.toString()).toBe('http://127.0.0.1:59100/token');
      expect(JSON.parse(cli.requests[0].body?.toString() ?? '')).toEqual({ role: 'customer-viewer', subject: 'anna', customers: ['N138', 'B110'] });
      const stored = JSON.parse(readFileSync(join(cli.state, 'token.json'), 'utf8'));
      expect(stored).toMatchObject({ accessToken: token, role: 'customer-viewer', subject: 'anna', customers: ['N138', 'B110'], expiresAt: '2026-11-22T13:00:00.000Z' });
      expect(cli.stdout()).toBe(
        `logged in as anna (role customer-viewer, customers N138, B110) until 2026-11-22 14:00:00 (Europe/Stockholm); token in ${join(cli.state, 'token.json')}`,
      );
      expect(cli.stdout()).not.toContain(token);
    });

    it('and the next command sends the stored token as Bearer', async () => {
      const cli = harness((request) =>
        request.url.pathname === '/token' ? json(200, { access_token: token, expires_in: 3600 }) : json(200, { customer: 'N138', period: '2026-11', items: [] }),
      );
      await cli.run('login', '--role', 'service-desk');
      await expect(cli.run('metering', 'ledger', '--customer', 'N138', '--period', '2026-11')).resolves.toBe(0);
      expect(cli.requests[1].headers['authorization']).toBe(`Bearer ${token}`);
    });

    it('says to run "itops stack up" when the issuer is not running', async () => {
      const cli = harness(() => connectionRefused());
      await expect(cli.run('login', '--role', 'operator')).resolves.toBe(1);
      expect(cli.stderr()).toBe(
        'itops: error: dev issuer is not reachable at http://127.0.0.1:59100 (ECONNREFUSED); it is not running: start it with "itops stack up" (or set ITOPS_DEV_ISSUER_URL to where it runs)',
      );
    });

    it('prints the issuer refusal', async () => {
      const cli = harness(() => json(400, { error: 'invalid_request', message: 'subject must be a non-empty string when given' }));
      await expect(cli.run('login', '--role', 'operator')).resolves.toBe(1);
      expect(cli.stderr()).toContain('HTTP 400 invalid_request: subject must be a non-empty string when given');
    });
  });

  describe('metering ledger', () => {
    const ledger = {
      customer: 'N138',
      period: '2026-11',
      items: [{ kind: 'open', offeringCode: 'KONTO', subjectType: 'account', subjectId: 'acc-1', quantity: '1.0000', validFrom: '2026-10-01', validTo: null }],
    };

    it('GETs the ledger with the filters and prints the JSON as it came with --json', async () => {
      const cli = harness(() => json(200, ledger));
      cli.loggedIn();
      await expect(cli.run('metering', 'ledger', '--customer', 'N138', '--period', '2026-11', '--offering', 'KONTO', '--json')).resolves.toBe(0);
      expect(cli.requests[0].method).toBe('GET');
      expect(cli.requests[0].url.toString()).toBe('http://127.0.0.1:3105/v1/ledger?customer=N138&period=2026-11&offering=KONTO');
      expect(cli.requests[0].headers['authorization']).toBe('Bearer eyJ.stored');
      expect(JSON.parse(cli.stdout())).toEqual(ledger);
    });

    it('prints a table without --json', async () => {
      const cli = harness(() => json(200, ledger));
      cli.loggedIn();
      await cli.run('metering', 'ledger', '--customer', 'N138', '--period', '2026-11');
      expect(cli.stdout()).toContain('N138 2026-11: 1 ledger item\noffering  subject');
    });

    it('uses ITOPS_TOKEN and ITOPS_METERING_URL when set', async () => {
      const cli = harness(() => json(200, ledger), { ITOPS_TOKEN: 'eyJ.env', ITOPS_METERING_URL: 'http://metering.test:8080' });
      await cli.run('metering', 'ledger', '--customer', 'N138', '--period', '2026-11');
      expect(cli.requests[0].url.origin).toBe('http://metering.test:8080');
      expect(cli.requests[0].headers['authorization']).toBe('Bearer eyJ.env');
    });

    it('fails with exit 1 and the service error, its details and error id on stderr', async () => {
      const cli = harness(() => json(500, { code: 'INTERNAL', message: 'internal error', errorId: 'err-42' }));
      cli.loggedIn();
      await expect(cli.run('metering', 'ledger', '--customer', 'N138', '--period', '2026-11')).resolves.toBe(1);
      expect(cli.err).toEqual([
        'itops: error: metering refused GET /v1/ledger with HTTP 500 INTERNAL: internal error\n  error id: err-42 (quote it to operations; it finds the logged error)',
      ]);
      expect(cli.out).toEqual([]);
    });

    it('fails with exit 1 before any request when not logged in', async () => {
      const cli = harness();
      await expect(cli.run('metering', 'ledger', '--customer', 'N138', '--period', '2026-11')).resolves.toBe(1);
      expect(cli.stderr()).toContain('not logged in; run "itops login --role <role>" first');
      expect(cli.requests).toHaveLength(0);
    });
  });

  describe('hr', () => {
    it('import POSTs the file bytes as text/csv with dryRun and encoding, and succeeds with rejected rows', async () => {
      const answer = { accepted: 2, rejected: [{ line: 3, field: 'personnr', message: 'personnr: not valid' }], changes: { joiners: 2, movers: 0, leavers: 0, unchanged: 0 } };
      const cli = harness(() => json(200, answer));
      cli.loggedIn();
      const bytes = Buffer.from('anstallningsnr;fornamn\nE1;Åsa\n', 'latin1');
      const file = cli.file('snapshot.csv', bytes);
      await expect(cli.run('hr', 'import', file, '--dry-run', '--encoding', 'latin1', '--json')).resolves.toBe(0);
      const [request] = cli.requests;
      expect(request.method).toBe('POST');
      expect(request.url.toString()).toBe('http://127.0.0.1:3101/v1/snapshots?dryRun=true&encoding=latin1');
      expect(request.headers['content-type']).toBe('text/csv');
      expect(request.body?.equals(bytes)).toBe(true);
      expect(JSON.parse(cli.stdout())).toEqual(answer);
    });

    it('import defaults to a stored utf8 import', async () => {
      const cli = harness(() => json(200, { accepted: 0, rejected: [], changes: {} }));
      cli.loggedIn();
      await cli.run('hr', 'import', cli.file('s.csv', 'x\n'));
      expect(cli.requests[0].url.search).toBe('?dryRun=false&encoding=utf8');
      expect(cli.stdout()).toContain('accepted: 0 rows');
    });

    it('import fails with exit 1 when hr-feed refuses the whole file', async () => {
      const cli = harness(() => json(422, { code: 'BROKEN_HEADER', message: 'header lacks personnr' }));
      cli.loggedIn();
      await expect(cli.run('hr', 'import', cli.file('s.csv', 'x\n'))).resolves.toBe(1);
      expect(cli.stderr()).toContain('hr-feed refused POST /v1/snapshots with HTTP 422 BROKEN_HEADER: header lacks personnr');
    });

    it('approve POSTs to the snapshot', async () => {
      const cli = harness(() => json(200, { id: 'snap-1', status: 'approved' }));
      cli.loggedIn();
      await expect(cli.run('hr', 'approve', 'snap-1')).resolves.toBe(0);
      expect(cli.requests[0].method).toBe('POST');
      expect(cli.requests[0].url.pathname).toBe('/v1/snapshots/snap-1/approve');
      expect(cli.stdout()).toContain('snapshot snap-1 approved');
    });
  });

  describe('customers import', () => {
    const register = 'kundkod;namn;typ;kostnadsstallen\nN138;Förskoleförvaltningen;forvaltning;1010\nB110;Framtiden AB;bolag;2010\n';

    it('sends the raw file to billing and the codes and names to hr-feed', async () => {
      const cli = harness((request) => (request.url.port === '3106' ? json(201, { imported: 2, rejected: [] }) : json(200, { customers: 2 })));
      cli.loggedIn();
      await expect(cli.run('customers', 'import', cli.file('kunder.csv', register), '--json')).resolves.toBe(0);
      const [billing, hrFeed] = cli.requests;
      expect([billing.method, billing.url.toString(), billing.headers['content-type']]).toEqual(['POST', 'http://127.0.0.1:3106/v1/customers', 'text/csv']);
      expect(billing.body?.toString()).toBe(register);
      expect([hrFeed.method, hrFeed.url.toString(), hrFeed.headers['content-type']]).toEqual(['PUT', 'http://127.0.0.1:3101/v1/customers', 'application/json']);
      expect(JSON.parse(hrFeed.body?.toString() ?? '')).toEqual([
        { code: 'N138', name: 'Förskoleförvaltningen' },
        { code: 'B110', name: 'Framtiden AB' },
      ]);
      expect(JSON.parse(cli.stdout())).toEqual({ billing: { imported: 2, rejected: [] }, hrFeed: { customers: 2 } });
    });

    it('sends nothing when a row has no valid kundkod', async () => {
      const cli = harness();
      cli.loggedIn();
      await expect(cli.run('customers', 'import', cli.file('kunder.csv', `${register}x1;Fel;bolag;\n`))).resolves.toBe(1);
      expect(cli.stderr()).toContain('line 4: kundkod "x1" is not a customer code');
      expect(cli.requests).toHaveLength(0);
    });

    it('leaves hr-feed alone when billing refuses the file', async () => {
      const cli = harness(() => json(400, { code: 'BROKEN_HEADER', message: 'customers: header lacks typ' }));
      cli.loggedIn();
      await expect(cli.run('customers', 'import', cli.file('kunder.csv', register))).resolves.toBe(1);
      expect(cli.requests.map((request) => request.url.port)).toEqual(['3106']);
    });
  });

  describe('billing', () => {
    it('price-list import POSTs the raw CSV', async () => {
      const cli = harness(() => json(201, { entries: 3, rejected: [] }));
      cli.loggedIn();
      await expect(cli.run('billing', 'price-list', 'import', cli.file('prislista.csv', 'tjanstekod;pris_sek\n'))).resolves.toBe(0);
      expect([cli.requests[0].method, cli.requests[0].url.toString(), cli.requests[0].headers['content-type']]).toEqual([
        'POST',
        'http://127.0.0.1:3106/v1/price-lists',
        'text/csv',
      ]);
      expect(cli.stdout()).toBe('price list:\n  entries: 3\n  no rows rejected');
    });

    it('run POSTs the period and prints the answer as it came with --json', async () => {
      const run = { period: '2026-11', invoices: [{ customer: 'N138', lines: [], totalSek: '0.00' }], totalSek: '0.00' };
      const cli = harness(() => json(201, run));
      cli.loggedIn();
      await expect(cli.run('billing', 'run', '--period', '2026-11', '--json')).resolves.toBe(0);
      expect(cli.requests[0].url.toString()).toBe('http://127.0.0.1:3106/v1/runs');
      expect(JSON.parse(cli.requests[0].body?.toString() ?? '')).toEqual({ period: '2026-11' });
      expect(JSON.parse(cli.stdout())).toEqual(run);
    });
  });

  it('accounts show GETs the account from identity', async () => {
    const cli = harness(() => json(200, { samAccountName: 'anna.svensson', enabled: true }));
    cli.loggedIn();
    await expect(cli.run('accounts', 'show', 'anna.svensson')).resolves.toBe(0);
    expect(cli.requests[0].url.toString()).toBe('http://127.0.0.1:3102/v1/accounts/anna.svensson');
    expect(cli.stdout()).toBe('samAccountName: anna.svensson\nenabled:        true');
  });

  describe('stack', () => {
    it.each([
      ['up', ['stack.sh up', 'services.sh up']],
      ['down', ['services.sh down', 'stack.sh down']],
      ['status', ['stack.sh status', 'services.sh status']],
    ])('%s runs the infrastructure and service scripts in order', async (command, expected) => {
      const cli = harness();
      await expect(cli.run('stack', command)).resolves.toBe(0);
      expect(cli.scripts).toEqual(expected);
    });

    it('up stops when the infrastructure fails', async () => {
      const cli = harness();
      cli.scriptStatus['stack.sh up'] = 1;
      await expect(cli.run('stack', 'up')).resolves.toBe(1);
      expect(cli.scripts).toEqual(['stack.sh up']);
      expect(cli.stderr()).toContain('/repo/deploy/local/stack.sh up failed with exit status 1');
    });

    it('status shows both and fails when something is down', async () => {
      const cli = harness();
      cli.scriptStatus['stack.sh status'] = 3;
      await expect(cli.run('stack', 'status')).resolves.toBe(1);
      expect(cli.scripts).toEqual(['stack.sh status', 'services.sh status']);
    });
  });
});
