import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliHarness } from '../__fixtures__/cli-harness';
import { json, type Answer, type RecordedRequest } from '../__fixtures__/fake-fetch';
import type { HarvestAnswer } from './licence.command';

const licenceHarness = (answer?: (request: RecordedRequest) => Answer) => cliHarness({ role: 'licence-manager', subject: 'lena.licens' }, answer);

const harvest: HarvestAnswer = {
  today: '2026-11-22',
  inactiveDays: 90,
  candidates: [
    { account: 'a-1', samAccountName: 'anna.s', customer: 'K171', product: 'M365-E3', reason: 'downgrade', downgradeTo: 'M365-F3', monthlySavingSek: '270.00', countsFrom: '2027-03-01', assignmentId: 'x1' },
    { account: 'a-2', samAccountName: null, customer: 'K171', product: 'COPILOT', reason: 'unused-addon', downgradeTo: null, monthlySavingSek: '315.00', countsFrom: '2026-11-22', assignmentId: 'x2' },
  ],
  totals: [{ customer: 'K171', candidates: 2, monthlySavingSek: '585.00' }],
};

describe('itops licence harvest', () => {
  it('GETs the candidates of a customer and prints them with the totals', async () => {
    const cli = licenceHarness(() => json(200, harvest));
    await expect(cli.run('licence', 'harvest', '--customer', 'K171')).resolves.toBe(0);
    expect(cli.requests.map((r) => [r.method, r.url.pathname, r.url.searchParams.get('customer')])).toEqual([['GET', '/v1/harvest', 'K171']]);
    expect(cli.requests[0].headers['authorization']).toBe('Bearer eyJ.stored');
    expect(cli.stdout()).toContain('2 harvest candidates on 2026-11-22');
    expect(cli.stdout()).toMatch(/K171\s+anna\.s\s+M365-E3\s+downgrade\s+M365-F3\s+270\.00\s+2027-03-01/);
    expect(cli.stdout()).toMatch(/K171\s+a-2\s+COPILOT\s+unused-addon\s+-\s+315\.00/);
    expect(cli.stdout()).toMatch(/K171\s+2\s+585\.00/);
  });

  it('prints the answer as it is with --json', async () => {
    const cli = licenceHarness(() => json(200, harvest));
    await cli.run('licence', 'harvest', '--json');
    expect(JSON.parse(cli.stdout())).toEqual(harvest);
    expect(cli.requests[0].url.searchParams.has('customer')).toBe(false);
  });

  it('POSTs --apply with the chosen reasons', async () => {
    const cli = licenceHarness(() => json(200, { applied: [{ account: 'a-1', product: 'M365-E3', reason: 'downgrade', outcome: 'downgraded', downgradeTo: 'M365-F3' }] }));
    await expect(cli.run('licence', 'harvest', '--customer', 'K171', '--apply', '--reason', 'downgrade', '--reason', 'leaver')).resolves.toBe(0);
    expect(cli.requests[0].method).toBe('POST');
    expect(cli.requests[0].url.pathname).toBe('/v1/harvest/apply');
    expect(JSON.parse(String(cli.requests[0].body))).toEqual({ customer: 'K171', reasons: ['downgrade', 'leaver'] });
    expect(cli.stdout()).toMatch(/a-1\s+M365-E3\s+downgrade\s+downgraded to M365-F3/);
  });

  it.each([
    [['--reason', 'expensive', '--apply'], '"expensive" is not a harvest reason'],
    [['--reason', 'leaver'], '--reason chooses what --apply applies'],
    [['--customer', 'n138'], 'n138'],
  ])('refuses %j without a request', async (args, message) => {
    const cli = licenceHarness();
    await expect(cli.run('licence', 'harvest', ...args)).resolves.toBe(2);
    expect(cli.requests).toHaveLength(0);
    expect(cli.stderr()).toContain(message);
  });

  it('writes the service\'s workbook byte for byte with --xlsx', async () => {
    const bytes = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xff, 0x00, 0x81]);
    const cli = licenceHarness((r) =>
      r.url.pathname === '/v1/harvest/export' ? new Response(bytes, { status: 200, headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } }) : json(200, harvest),
    );
    const file = join(cli.dir, 'harvest.xlsx');
    await expect(cli.run('licence', 'harvest', '--customer', 'K171', '--xlsx', file)).resolves.toBe(0);
    expect(readFileSync(file)).toEqual(bytes);
    expect(cli.requests.find((r) => r.url.pathname === '/v1/harvest/export')?.url.searchParams.get('customer')).toBe('K171');
  });
});

describe('itops licence imports and savings', () => {
  it('sends a products YAML file as JSON to PUT /v1/products', async () => {
    const cli = licenceHarness(() => json(200, { imported: 2, products: [] }));
    const file = join(cli.dir, 'products.yaml');
    writeFileSync(file, 'products:\n  - code: M365-E3\n    name: Microsoft 365 E3\n    monthlyPriceSek: "389.00"\n    servesAs: M365-F3\n  - code: M365-F3\n    name: Microsoft 365 F3\n    monthlyPriceSek: "80.00"\n');
    await expect(cli.run('licence', 'products', 'import', file)).resolves.toBe(0);
    expect(cli.requests[0].method).toBe('PUT');
    expect(JSON.parse(String(cli.requests[0].body))).toEqual({
      products: [
        { code: 'M365-E3', name: 'Microsoft 365 E3', monthlyPriceSek: '389.00', servesAs: 'M365-F3' },
        { code: 'M365-F3', name: 'Microsoft 365 F3', monthlyPriceSek: '80.00' },
      ],
    });
    expect(cli.stdout()).toBe('2 products imported');
  });

  it('sends a usage CSV as text/csv with its report', async () => {
    const cli = licenceHarness(() => json(201, { users: 3, activities: 5, unmatchedUsers: 1, refreshDate: '2026-11-20' }));
    const file = join(cli.dir, 'active.csv');
    writeFileSync(file, 'Report Refresh Date,User Principal Name\n');
    await expect(cli.run('licence', 'usage', 'import', file, '--report', 'active-users')).resolves.toBe(0);
    expect(cli.requests[0].headers['content-type']).toBe('text/csv');
    expect(cli.requests[0].url.searchParams.get('report')).toBe('active-users');
    expect(cli.stdout()).toBe('active-users: 3 users, 5 activity dates imported (report refreshed 2026-11-20); 1 user matched no account');
  });

  it('prints savings per customer and product', async () => {
    const cli = licenceHarness(() =>
      json(200, { today: '2026-11-22', savings: [{ customer: 'K171', product: 'M365-E3', licences: 5, monthlySek: '1670.00', yearlySek: '20040.00', next12MonthsSek: '15030.00', countsFrom: '2027-03-01' }] }),
    );
    await expect(cli.run('licence', 'savings', '--customer', 'K171')).resolves.toBe(0);
    expect(cli.stdout()).toMatch(/K171\s+M365-E3\s+5\s+1670\.00\s+20040\.00\s+15030\.00\s+2027-03-01/);
  });
});
