// The built CLI, run as operators run it, against the real dev issuer and metering service of
// the local stack (deploy/local/services.sh up, limited to metering; started here when it is
// not running, and stopped again afterwards). An account enabled on identity.account.v1 must
// show up in the CLI's ledger drill-down.
import { execFile } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { AccountChangedSchema, AccountEvent, create, encodeEvent, newEnvelope, Topics } from '@itops/shared/contracts';
import { eventually, stackKafka, uniqueName } from '@itops/shared/testing';

const ROOT = resolve(__dirname, '../../..');
const CLI = join(ROOT, 'dist/apps/cli/src/main.js');
const SERVICES_SCRIPT = join(ROOT, 'deploy/local/services.sh');

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** The services need the Node.js this test runs on (24) first on PATH. */
const baseEnv = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`, ITOPS_SERVICES: 'metering' };

function run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<Result> {
  return new Promise((done) => {
    execFile(file, args, { env, cwd: ROOT, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

/** A port that was free a moment ago: nothing listens there. */
function closedPort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => done(port));
    });
  });
}

const services = (command: string) => run('bash', [SERVICES_SCRIPT, command], baseEnv);

describe('itops CLI against the local metering service', () => {
  // The CLI's own state folder, so the operator's stored login is left alone.
  const cliState = mkdtempSync(join(tmpdir(), 'itops-cli-int-'));
  const itops = (...args: string[]) => run(process.execPath, [CLI, ...args], { ...baseEnv, ITOPS_STATE: cliState, ITOPS_TOKEN: '' });
  let startedHere = false;

  beforeAll(async () => {
    const build = await run(process.execPath, ['tools/build.mjs', '--quiet'], baseEnv);
    if (build.code !== 0) throw new Error(`the build failed:\n${build.stderr}`);
    if ((await services('status')).code !== 0) {
      const up = await services('up');
      if (up.code !== 0) throw new Error(`services.sh up failed (${up.code}):\n${up.stdout}\n${up.stderr}`);
      startedHere = true;
    }
  });

  afterAll(async () => {
    if (startedHere) await services('down');
  });

  it('logs in, then drills down from a customer and month to the account behind the volume', async () => {
    const login = await itops('login', '--role', 'service-desk');
    expect(login).toMatchObject({ code: 0, stdout: expect.stringContaining('logged in as dev-service-desk (role service-desk)') });
    expect(statSync(join(cliState, 'token.json')).mode & 0o777).toBe(0o600);

    // A customer code no real customer has (Q-Z plus three digits); the account id is unique.
    const customer = `${String.fromCharCode(81 + Math.floor(Math.random() * 10))}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`;
    const accountId = uniqueName('a-cli');
    const kafka = new Kafka({ clientId: 'itops-cli-int', brokers: stackKafka().brokers, logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    try {
      const event = create(AccountChangedSchema, {
        envelope: newEnvelope({ source: 'identity', eventType: Topics.identityAccount.eventType }),
        accountId,
        personId: 'p-0123456789abcdef0123456789abcdef',
        kind: AccountEvent.ENABLED,
        samAccountName: 'cliint01',
        userPrincipalName: 'cliint01@itops.test',
        customerCode: customer,
        enabled: true,
        effectiveDate: '2026-11-03',
      });
      await producer.send({ topic: Topics.identityAccount.name, messages: [{ key: accountId, value: Buffer.from(encodeEvent(AccountChangedSchema, event)) }] });
    } finally {
      await producer.disconnect();
    }

    const ledger = await eventually(
      `a ledger item for ${accountId}`,
      async () => {
        const result = await itops('metering', 'ledger', '--customer', customer, '--period', '2026-11', '--json');
        if (result.code !== 0) throw new Error(result.stderr);
        const answer = JSON.parse(result.stdout) as { items: { subjectId: string }[] };
        return answer.items.some((item) => item.subjectId === accountId) ? answer : undefined;
      },
      60_000,
      500,
    );
    expect(ledger).toMatchObject({ customer, period: '2026-11' });
    expect(ledger.items.filter((item) => item.subjectId === accountId)).toEqual([
      expect.objectContaining({ kind: 'open', offeringCode: 'KONTO', subjectType: 'account', validFrom: '2026-11-03', validTo: null }),
    ]);

    const table = await itops('metering', 'ledger', '--customer', customer, '--period', '2026-11');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(new RegExp(`^${customer} 2026-11: \\d+ ledger items?\\n`));
    expect(table.stdout).toMatch(new RegExp(`KONTO +account ${accountId} +2026-11-03 +- +1\\.0000 +open`));
  });

  it('fails with exit 1 and the service\'s code and message when the role may not see the customer', async () => {
    expect((await itops('login', '--role', 'customer-viewer', '--customers', 'B110')).code).toBe(0);
    const refused = await itops('metering', 'ledger', '--customer', 'N138', '--period', '2026-11');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('metering refused GET /v1/ledger with HTTP 403 FORBIDDEN: you may not see customer N138');
    expect(refused.stdout).toBe('');
  });

  it('fails with exit 1 naming the service and its address when nothing listens there', async () => {
    const port = await closedPort();
    const result = await run(process.execPath, [CLI, 'metering', 'ledger', '--customer', 'N138', '--period', '2026-11'], {
      ...baseEnv,
      ITOPS_STATE: cliState,
      ITOPS_TOKEN: 'eyJ.any',
      ITOPS_METERING_URL: `http://127.0.0.1:${port}`,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`metering is not reachable at http://127.0.0.1:${port} (ECONNREFUSED)`);
  });

  it('refuses a bad argument with exit 2 before sending anything', async () => {
    const result = await itops('metering', 'ledger', '--customer', 'N138', '--period', '2026-13');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"2026-13" is not a month; expected YYYY-MM with a month 01-12');
  });
});
