import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, personnummerFor } from '@itops/shared/testing';
import { itops, itopsJson, root } from './cli';

/**
 * The walking skeleton on the real stack: one HR row for a new employee of N138, imported
 * with the CLI, becomes an enabled account in Samba AD, an item in the metering ledger, and a
 * "user account" line on N138's invoice. Needs `itops stack up` (the test command starts it).
 */
describe('walking skeleton: HR row to invoice line', () => {
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date());
  const period = today.slice(0, 7);
  const employmentId = `E2E${Date.now()}`;
  const surname = `Skelett${randomInt(1e6)}`;

  /** A valid personnummer (Luhn) nobody else in the test data uses, written with its hyphen. */
  const personnummer = (): string => {
    const number = personnummerFor(`19${randomInt(60, 99)}0${randomInt(1, 9)}1${randomInt(0, 9)}`, randomInt(100, 999));
    return `${number.slice(0, 8)}-${number.slice(8)}`;
  };

  /** ldapsearch's LDIF with base64 values (`attr:: …`, used for å/ä/ö) decoded to `attr: value`. */
  const ldapsearch = (filter: string, ...attributes: string[]): string => {
    const run = spawnSync(
      'ldapsearch',
      ['-LLL', '-o', 'ldif-wrap=no', '-x', '-H', 'ldaps://127.0.0.1:636', '-D', 'CN=Administrator,CN=Users,DC=itops,DC=test', '-w', 'Itops-Admin-2026!', '-b', 'OU=itops,DC=itops,DC=test', filter, ...attributes],
      { encoding: 'utf8', env: { ...process.env, LDAPTLS_REQCERT: 'never' } },
    );
    if (run.status !== 0 && run.status !== 32) throw new Error(`ldapsearch failed: ${run.stderr}`);
    return run.stdout.replace(/^(\w+):: (\S+)$/gm, (_line, name: string, value: string) => `${name}: ${Buffer.from(value, 'base64').toString('utf8')}`);
  };

  beforeAll(() => {
    for (const args of [
      ['login', '--role', 'admin'],
      ['customers', 'import', join(root, 'deploy/demo/customers.csv')],
      ['billing', 'price-list', 'import', join(root, 'deploy/demo/price-list.csv')],
    ]) {
      const result = itops(...args);
      if (result.status !== 0) throw new Error(`itops ${args.join(' ')}: ${result.stderr}`);
    }
  });

  it('imports the row, creates and enables the account in AD, meters it and bills it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'itops-e2e-'));
    const file = join(dir, 'changes.csv');
    writeFileSync(
      file,
      'anstallningsnr;personnr;fornamn;efternamn;organisationskod;enhetskod;enhetsnamn;ansvar;befattningskod;befattning;anstallningsform;sysselsattningsgrad;startdatum;slutdatum;chef_anstallningsnr;skyddad_identitet\n' +
        `${employmentId};${personnummer()};Åsa;${surname};N138;N138-HT1;Hemtjänst Centrum 1;13800;VÅRD01;Undersköterska;TV;100;${today};;;N\n`,
    );

    // A change file: on a stack that already holds a city, a one-row full snapshot would end everyone else.
    const imported = itopsJson<{ scope: string; accepted: number; rejected: unknown[]; changes: { joiners: number }; held: boolean }>(
      'hr', 'import', file, '--changes-only',
    );
    expect(imported.scope).toBe('changes');
    expect(imported.held).toBe(false);
    expect(imported.accepted).toBe(1);
    expect(imported.rejected).toEqual([]);
    expect(imported.changes.joiners).toBe(1);

    // identity: the account exists in AD, in the customer's OU, enabled, with its attributes.
    const entry = await eventually(
      'the account in Samba AD',
      async () => {
        const out = ldapsearch(`(employeeID=${employmentId})`, 'sAMAccountName', 'userAccountControl', 'department', 'title', 'givenName', 'sn');
        return /userAccountControl: (\d+)/.exec(out) && (Number(/userAccountControl: (\d+)/.exec(out)?.[1]) & 2) === 0 ? out : undefined;
      },
      60_000,
      500,
    );
    expect(entry).toMatch(/^dn: .*OU=N138,OU=itops,DC=itops,DC=test$/m);
    expect(entry).toMatch(/^title: Undersköterska$/m);
    expect(entry).toMatch(/^department: Hemtjänst Centrum 1$/m);
    expect(entry).toMatch(/^givenName: Åsa$/m);
    expect(entry).toContain(`sn: ${surname}`);
    const sam = /sAMAccountName: (\S+)/.exec(entry)?.[1];
    expect(sam).toMatch(/^asa\.skelett\d+$/);

    const account = itopsJson<{ accountId: string; enabled: boolean }>('accounts', 'show', sam as string);
    expect(account.enabled).toBe(true);

    // metering: the account is an open item of offering KONTO for N138 from today.
    const item = await eventually('the ledger item', async () => {
      const ledger = itopsJson<{ items: { id: string; subjectId: string; offeringCode: string; validFrom: string }[] }>('metering', 'ledger', '--customer', 'N138', '--period', period);
      return ledger.items.find((i) => i.subjectId === account.accountId);
    });
    expect(item).toMatchObject({ offeringCode: 'KONTO', validFrom: today });

    // billing: N138's invoice has a user-account line that links to the ledger item.
    const line = await eventually('the invoice line', async () => {
      const run = itopsJson<{ invoices: { customer: string; lines: { offering: string; quantity: string; unitPriceSek: string; amountSek: string; items: string[] }[] }[] }>(
        'billing', 'run', '--period', period,
      );
      return run.invoices.find((i) => i.customer === 'N138')?.lines.find((l) => l.offering === 'KONTO' && l.items.includes(item.id));
    });
    expect(line.unitPriceSek).toBe('45.00');
    expect(Number(line.amountSek)).toBeCloseTo(Number(line.quantity) * 45, 2);
  });
  it('carries one trace from the HTTP import through Kafka to every service it touched', async () => {
    // `itops test` starts the services with ITOPS_TRACE_DIR: each writes its spans there as JSON lines.
    const dir = process.env.ITOPS_TRACE_DIR;
    if (!dir) throw new Error('ITOPS_TRACE_DIR is not set: run the end-to-end specs through `itops test`');
    interface SpanLine { traceId: string; spanId: string; parentSpanId: string | null; name: string; kind: string; attributes: Record<string, unknown> }
    const spans = (service: string): SpanLine[] => {
      const file = join(dir, `${service}.jsonl`);
      return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as SpanLine) : [];
    };
    // The import's own trace: hr-feed's server span for the snapshot request that carried our row.
    const consumerSpan = (service: string, topic: string, traceId: string) =>
      spans(service).find((s) => s.kind === 'CONSUMER' && s.traceId === traceId && s.name.startsWith(topic));

    const trace = await eventually('the trace through every service', async () => {
      const imports = spans('hr-feed').filter((s) => s.kind === 'SERVER' && /snapshots/.test(s.name + JSON.stringify(s.attributes)));
      return imports.map((s) => s.traceId).find((traceId) =>
        consumerSpan('identity', 'hr.employment.v1', traceId) && consumerSpan('metering', 'identity.account.v1', traceId) && consumerSpan('billing', 'metering.usage.v1', traceId),
      );
    });
    // PostgreSQL is traced inside the same trace, in the consumers' transactions.
    const isPostgres = (s: SpanLine) => s.kind === 'CLIENT' && (s.attributes['db.system'] === 'postgresql' || s.attributes['db.system.name'] === 'postgresql');
    expect(spans('identity').some((s) => s.traceId === trace && isPostgres(s))).toBe(true);
    expect(spans('metering').some((s) => s.traceId === trace && isPostgres(s))).toBe(true);
  });
});
