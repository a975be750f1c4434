import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'ldapts';
import { create, encodeEvent, EntitlementAction, EntitlementChangedSchema, EntitlementKind, newEnvelope, Topics } from '@itops/shared/contracts';
import { tlsOptionsFor } from '@itops/shared/ldap';
import { eventually, stackKafka } from '@itops/shared/testing';
import { itops, itopsJson, root } from './cli';

/** The bytes as an ArrayBuffer, the type exceljs loads. */
const arrayBufferOf = (bytes: Buffer): ArrayBuffer => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

interface LedgerAnswer {
  items: Array<{ kind: string; offeringCode: string; subjectType: string; subjectId: string; validFrom: string; validTo: string | null; unitCostSek: string | null }>;
}

/**
 * Licences on the running services: licence managers' catalogue through the CLI, identity's
 * licence entitlements as they arrive on identity.entitlement.v1, the licence groups in Samba AD,
 * a harvest with a downgrade applied through the CLI, the board's workbook, and metering's ledger
 * of the assignments. Product codes, groups and the account are new per run (in an OU of the
 * run's own below OU=itops), so the spec runs on a stack that already holds a city.
 */
describe('licences through the CLI, AD and the ledger', () => {
  const run = randomBytes(3).toString('hex').toUpperCase();
  const code = (product: string) => `E${run}-${product}`;
  const ou = `OU=lic-e2e-${run.toLowerCase()},OU=itops,DC=itops,DC=test`;
  const group = (product: string) => `CN=LIC-${code(product)},${ou}`;
  const sam = `le2e${run.toLowerCase()}`;
  const accountId = randomUUID();
  const customer = 'Z990';
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date());
  const dir = mkdtempSync(join(tmpdir(), 'itops-e2e-licence-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const caFile = join(root, '.itops/samba/private/tls/ca.pem');
  const ldap = async <T>(fn: (c: Client) => Promise<T>): Promise<T> => {
    const client = new Client({ url: 'ldaps://127.0.0.1:636', tlsOptions: tlsOptionsFor({ caFile: existsSync(caFile) ? caFile : undefined, tlsServername: 'ITOPS-DC.itops.test' }) });
    await client.bind('CN=Administrator,CN=Users,DC=itops,DC=test', 'Itops-Admin-2026!');
    try {
      return await fn(client);
    } finally {
      await client.unbind();
    }
  };
  const members = (product: string) =>
    ldap(async (c) => (await c.search(ou, { scope: 'one', filter: `(memberOf=${group(product)})`, attributes: ['sAMAccountName'] })).searchEntries.map((e) => String(e['sAMAccountName'])));
  const entitle = async (product: string, cause: string) => {
    const kafka = new Kafka({ clientId: 'itops-e2e-licence', brokers: stackKafka().brokers, logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    try {
      const event = create(EntitlementChangedSchema, {
        envelope: newEnvelope({ source: 'identity', eventType: Topics.identityEntitlement.eventType }),
        accountId,
        customerCode: customer,
        kind: EntitlementKind.LICENCE,
        code: code(product),
        action: EntitlementAction.GRANTED,
        cause,
        effectiveDate: today,
        samAccountName: sam,
      });
      await producer.send({ topic: Topics.identityEntitlement.name, messages: [{ key: accountId, value: Buffer.from(encodeEvent(EntitlementChangedSchema, event)) }] });
    } finally {
      await producer.disconnect();
    }
  };

  beforeAll(async () => {
    process.env.ITOPS_STATE = mkdtempSync(join(tmpdir(), 'itops-e2e-licence-state-'));
    // The run's products are metered when they are assigned; billing prices every offering in the
    // ledger, so they get their rows in the price list (passed on at cost) like any product.
    const admin = itops('login', '--role', 'admin');
    if (admin.status !== 0) throw new Error(`itops login failed: ${admin.stderr}`);
    const year = today.slice(0, 4);
    const prices = file(
      'price-list.csv',
      'tjanstekod;tjanst;enhet;matt;pris_sek;giltig_fran;giltig_till;typ\n' +
        ['E3', 'F3'].map((p) => `${code(p)};E2E ${p};st/mån;vidarefakturering;${p === 'E3' ? '389,00' : '80,00'};${year}-01-01;${year}-12-31;tillagg\n`).join(''),
    );
    const imported = itops('billing', 'price-list', 'import', prices);
    if (imported.status !== 0) throw new Error(`itops billing price-list import failed: ${imported.stderr}`);
    const login = itops('login', '--role', 'licence-manager', '--subject', 'lena.licens');
    if (login.status !== 0) throw new Error(`itops login failed: ${login.stderr}`);
    await ldap(async (c) => {
      await c.add(ou, { objectClass: ['top', 'organizationalUnit'], ou: `lic-e2e-${run.toLowerCase()}` });
      for (const product of ['E3', 'F3']) await c.add(group(product), { objectClass: ['top', 'group'], sAMAccountName: `LIC-${code(product)}` });
      await c.add(`CN=${sam},${ou}`, { objectClass: ['top', 'person', 'organizationalPerson', 'user'], sAMAccountName: sam, userPrincipalName: `${sam}@itops.test`, userAccountControl: '514' });
    });
  });

  afterAll(async () => {
    await ldap(async (c) => {
      for (const dn of [`CN=${sam},${ou}`, group('E3'), group('F3'), ou]) await c.del(dn).catch(() => undefined);
    });
  });

  it('imports products and contracts through the CLI', () => {
    const products = file(
      'products.yaml',
      `products:\n  - { code: ${code('E3')}, name: E2E E3, monthlyPriceSek: "389.00", groupDn: "${group('E3')}", servesAs: ${code('F3')} }\n  - { code: ${code('F3')}, name: E2E F3, monthlyPriceSek: "80.00", groupDn: "${group('F3')}" }\n`,
    );
    expect(itops('licence', 'products', 'import', products).stdout).toBe('2 products imported\n');
    const contracts = file('contracts.yaml', `contracts:\n  - { reference: E2E-${run}, supplier: Microsoft (Atea), productCode: ${code('E3')}, quantity: 10, unitPriceSek: "350.00", startsOn: 2025-03-01, endsOn: 2028-02-29, trueUpOn: 2027-03-01 }\n`);
    expect(itops('licence', 'contracts', 'import', contracts).status).toBe(0);
    const listed = itopsJson<Array<{ code: string; monthlyPriceSek: string }>>('licence', 'products', 'list');
    expect(listed.filter((p) => p.code.startsWith(`E${run}`)).map((p) => [p.code, p.monthlyPriceSek])).toEqual([
      [code('E3'), '389.00'],
      [code('F3'), '80.00'],
    ]);
  });

  it('realises entitlements from identity.entitlement.v1 in the licence group; a covered one waits', async () => {
    await entitle('E3', `request:E2E-${run}`);
    await entitle('F3', 'role:care-assistant@v1');
    await eventually('the account in the E3 licence group', async () => (await members('E3')).includes(sam), 30_000);
    const assignments = await eventually('the E3 assignment', async () => {
      const shown = itopsJson<HarvestAnswer>('licence', 'harvest', '--customer', customer);
      return shown.candidates.find((c) => c.account === accountId);
    });
    expect(assignments).toMatchObject({ product: code('E3'), reason: 'downgrade', downgradeTo: code('F3'), monthlySavingSek: '270.00', countsFrom: '2027-03-01' });
    expect(await members('F3')).not.toContain(sam);
  });

  it('writes the board\'s workbook and applies the downgrade: E3 out, F3 in, in AD and in metering\'s ledger', async () => {
    const xlsx = join(dir, 'harvest.xlsx');
    expect(itops('licence', 'harvest', '--customer', customer, '--xlsx', xlsx).status).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(arrayBufferOf(readFileSync(xlsx)));
    const rows = (book.getWorksheet('Candidates')?.getSheetValues() ?? []).slice(2).map((r) => (r as ExcelJS.CellValue[]).slice(1));
    expect(rows.find((r) => r[2] === accountId)).toEqual([customer, '', accountId, code('E3'), 'downgrade', code('F3'), 270, '2027-03-01', '']);

    const applied = itopsJson<{ applied: Array<{ account: string; outcome: string }> }>('licence', 'harvest', '--apply', '--customer', customer, '--reason', 'downgrade');
    expect(applied.applied.filter((a) => a.account === accountId)).toEqual([expect.objectContaining({ outcome: 'downgraded' })]);
    expect(await members('E3')).not.toContain(sam);
    expect(await members('F3')).toContain(sam);

    // metering turns licence.assignment.v1 into ledger items of subject type licence; the ledger
    // lists each item with its last day held (validTo) once the release has closed it.
    itops('login', '--role', 'operator');
    const ledger = await eventually(
      'the licence items in the ledger',
      async () => {
        const answer = itopsJson<LedgerAnswer>('metering', 'ledger', '--customer', customer, '--period', today.slice(0, 7));
        const mine = answer.items.filter((i) => i.subjectType === 'licence' && (i.offeringCode === code('E3') || i.offeringCode === code('F3')));
        return mine.some((i) => i.offeringCode === code('F3')) && mine.some((i) => i.offeringCode === code('E3') && i.validTo !== null) ? mine : undefined;
      },
      30_000,
    );
    // E3 was given and taken back today: held for that one day. F3 runs on, at the list price
    // (no contract for it), E3 at its contract's unit price.
    expect(ledger.map((i) => [i.kind, i.offeringCode, i.validFrom, i.validTo, i.unitCostSek]).sort()).toEqual(
      [
        ['open', code('E3'), today, today, '350.00'],
        ['open', code('F3'), today, null, '80.00'],
      ].sort(),
    );
  });
});

interface HarvestAnswer {
  candidates: Array<{ account: string; product: string; reason: string; downgradeTo: string | null; monthlySavingSek: string; countsFrom: string }>;
}
