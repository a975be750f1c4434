import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { cliHarness } from '../__fixtures__/cli-harness';
import { connectionRefused, json, type Answer, type RecordedRequest } from '../__fixtures__/fake-fetch';
import { parseAmountSek, parseCostSource, parseExportFormat, parseYear } from './billing.command';

/** The CLI against a fake billing, logged in as admin, with stdout and stderr captured. */
const harness = (answer?: (request: RecordedRequest) => Answer) => cliHarness({ role: 'admin', subject: 'dev-admin' }, answer);

const CSV = 'period;kundkod;kostnadsstalle;tjanstekod;tjanst;antal;a_pris_sek;belopp_sek;rad\r\n2026-11;N138;13800;KONTO;Användarkonto;120;62.50;7500.00;1\r\n';
const csvAnswer = () => new Response(CSV, { status: 200, headers: { 'content-type': 'text/csv; charset=utf-8' } });

describe('billing argument checks', () => {
  const parsers = { parseYear, parseExportFormat, parseAmountSek, parseCostSource };

  it.each([
    ['parseYear', '2026', 2026],
    ['parseExportFormat', 'json', 'json'],
    ['parseAmountSek', '125000,5', '125000.5'],
    ['parseAmountSek', '-1200', '-1200'],
    ['parseCostSource', 'device-lease', 'device-lease'],
  ] as const)('%s takes %j', (parser, value, expected) => {
    expect(parsers[parser](value)).toBe(expected);
  });

  it.each([
    ['parseYear', '26', 'is not a year; expected four digits'],
    ['parseExportFormat', 'xlsx', 'expected csv or json'],
    ['parseAmountSek', '1 250,00', 'is not an amount in SEK'],
    ['parseAmountSek', '10.005', 'at most 2 decimals'],
    ['parseCostSource', 'invoice', 'expected one of licence-contract, device-lease, entered'],
  ] as const)('%s refuses %j saying what is allowed', (parser, value, says) => {
    const run = () => parsers[parser](value);
    expect(run).toThrow(InvalidArgumentError);
    expect(run).toThrow(says);
  });
});

describe('itops billing (against a fake billing)', () => {
  it('run POSTs the period and prints the invoices with their corrections', async () => {
    const cli = harness(() =>
      json(200, {
        period: '2026-12',
        status: 'draft',
        issuedAt: null,
        totalSek: '7437.50',
        invoices: [
          {
            customer: 'N138',
            totalSek: '7437.50',
            lines: [
              { offering: 'KONTO', quantity: '120', unitPriceSek: '62.50', amountSek: '7500.00', items: ['a'] },
              { offering: 'KONTO', quantity: '-1', unitPriceSek: '62.50', amountSek: '-62.50', items: ['b'], correction: true, correctsPeriod: '2026-11', reason: 'ledger changed after issue: 1 item ended' },
            ],
          },
        ],
      }),
    );
    await expect(cli.run('billing', 'run', '--period', '2026-12')).resolves.toBe(0);
    expect([cli.requests[0].method, cli.requests[0].url.pathname, cli.requests[0].body?.toString()]).toEqual(['POST', '/v1/runs', '{"period":"2026-12"}']);
    expect(cli.stdout().split('\n')).toEqual([
      'billing run 2026-12 (draft): 1 invoice, total 7437.50 SEK',
      '',
      'N138  total 7437.50 SEK',
      '  offering  quantity  unit price SEK  amount SEK  items',
      '  KONTO          120           62.50     7500.00      1',
      '  corrections of issued periods:',
      '  offering  corrects  quantity  unit price SEK  amount SEK  reason',
      '  KONTO     2026-11         -1           62.50      -62.50  ledger changed after issue: 1 item ended',
    ]);
  });

  it('issue POSTs to the period and says when it was issued, in Stockholm time', async () => {
    const cli = harness(() => json(200, { period: '2026-11', status: 'issued', issuedAt: '2026-12-02T09:30:00.000Z', totalSek: '0.00', invoices: [] }));
    await expect(cli.run('billing', 'issue', '--period', '2026-11')).resolves.toBe(0);
    expect([cli.requests[0].method, cli.requests[0].url.pathname]).toEqual(['POST', '/v1/runs/2026-11/issue']);
    expect(cli.stdout()).toBe('billing run 2026-11 (issued 2026-12-02 10:30:00 (Europe/Stockholm)): 0 invoices, total 0.00 SEK');
  });

  it('issue fails with exit 1 and billing\'s reason when the period is already issued', async () => {
    const cli = harness(() => json(409, { code: 'PERIOD_ISSUED', message: 'period 2026-11 is already issued' }));
    await expect(cli.run('billing', 'issue', '--period', '2026-11')).resolves.toBe(1);
    expect(cli.stderr()).toContain('billing refused POST /v1/runs/2026-11/issue with HTTP 409 PERIOD_ISSUED: period 2026-11 is already issued');
  });

  it('export prints the CSV as billing sent it', async () => {
    const cli = harness(csvAnswer);
    await expect(cli.run('billing', 'export', '--period', '2026-11')).resolves.toBe(0);
    const [request] = cli.requests;
    expect([request.method, request.url.pathname, request.url.searchParams.get('format'), request.headers['authorization']]).toEqual([
      'GET',
      '/v1/runs/2026-11/export',
      'csv',
      'Bearer eyJ.stored',
    ]);
    expect(cli.stdout()).toBe(CSV.replace(/\r\n$/, ''));
  });

  it('export --out writes the file byte for byte and says how many rows', async () => {
    const cli = harness(csvAnswer);
    const out = join(cli.dir, 'export.csv');
    await expect(cli.run('billing', 'export', '--period', '2026-11', '--format', 'csv', '--out', out)).resolves.toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(CSV);
    expect(cli.stdout()).toBe(`billing export 2026-11: 1 row written to ${out}`);
  });

  it('export --format json asks for JSON and counts its rows', async () => {
    const cli = harness(() => json(200, { period: '2026-11', rows: [{ rad: 1 }, { rad: 2 }], totalSek: '1.00' }));
    const out = join(cli.dir, 'export.json');
    await expect(cli.run('billing', 'export', '--period', '2026-11', '--format', 'json', '--out', out)).resolves.toBe(0);
    expect(cli.requests[0].url.searchParams.get('format')).toBe('json');
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ totalSek: '1.00' });
    expect(cli.stdout()).toContain('2 rows written');
  });

  it('export fails with exit 1, writing nothing, when the period is only a draft', async () => {
    const cli = harness(() => json(409, { code: 'NOT_ISSUED', message: 'period 2026-12 is a draft; issue it' }));
    const out = join(cli.dir, 'never.csv');
    await expect(cli.run('billing', 'export', '--period', '2026-12', '--out', out)).resolves.toBe(1);
    expect(cli.stderr()).toContain('billing refused GET /v1/runs/2026-12/export with HTTP 409 NOT_ISSUED: period 2026-12 is a draft');
    expect(existsSync(out)).toBe(false);
  });

  it('export names billing and its address when nothing listens there', async () => {
    const cli = harness(connectionRefused);
    await expect(cli.run('billing', 'export', '--period', '2026-11')).resolves.toBe(1);
    expect(cli.stderr()).toContain('billing is not reachable at http://127.0.0.1:3106 (ECONNREFUSED)');
  });

  it.each([
    ['a bad format', ['billing', 'export', '--period', '2026-11', '--format', 'xml'], 'expected csv or json'],
    ['a bad period', ['billing', 'issue', '--period', '2026-13'], 'is not a month'],
    ['a bad year', ['billing', 'forecast', '--year', '26'], 'is not a year'],
    ['a bad amount', ['billing', 'costs', 'add', '--offering', 'KONTO', '--period', '2026-11', '--amount', '12.345', '--source', 'entered'], 'is not an amount in SEK'],
  ])('refuses %s with exit 2, sending nothing', async (_case, args, says) => {
    const cli = harness();
    await expect(cli.run(...args)).resolves.toBe(2);
    expect(cli.stderr()).toContain(says);
    expect(cli.requests).toHaveLength(0);
  });

  it('forecast GETs the year and prints customers, then recovery per offering', async () => {
    const cli = harness(() =>
      json(200, {
        year: 2026,
        latestPeriod: '2026-03',
        monthsActual: 3,
        monthsRemaining: 9,
        customers: [{ customer: 'N138', actualSek: '3250.00', forecastSek: '14050.00', offerings: [{ offering: 'KONTO', actualSek: '3250.00', runRateSek: '1200.00', forecastSek: '14050.00' }] }],
        offerings: [
          { offering: 'KONTO', billedToDateSek: '3250.00', costToDateSek: '2800.00', forecastSek: '14050.00', costForecastSek: '11800.00', recoveryForecastSek: '2250.00', recovery: 'over' },
        ],
        actualSek: '3250.00',
        forecastSek: '14050.00',
        costForecastSek: '11800.00',
        recoveryForecastSek: '2250.00',
      }),
    );
    await expect(cli.run('billing', 'forecast', '--year', '2026')).resolves.toBe(0);
    expect(cli.requests[0].url.search).toBe('?year=2026');
    expect(cli.stdout().split('\n')).toEqual([
      'forecast 2026: runs of 3 months up to 2026-03, 9 months at its run rate',
      'actual 3250.00 SEK, forecast 14050.00 SEK, costs 11800.00 SEK, recovery 2250.00 SEK',
      '',
      'customer  offering  actual SEK  run rate SEK/month  forecast SEK',
      'N138      KONTO        3250.00             1200.00      14050.00',
      '',
      'over/under-recovery per offering:',
      '  offering  billed SEK  cost SEK  forecast SEK  cost forecast SEK  recovery SEK',
      '  KONTO        3250.00   2800.00      14050.00           11800.00       2250.00  over',
    ]);
  });

  it('costs add POSTs the cost with its amount as a string', async () => {
    const cli = harness(() => json(201, { id: 'c-1', offeringCode: 'M365-E3', amountSek: '125000.50' }));
    await expect(
      cli.run('billing', 'costs', 'add', '--offering', 'M365-E3', '--period', '2026-11', '--amount', '125000,50', '--source', 'licence-contract', '--note', 'EA 118'),
    ).resolves.toBe(0);
    expect(JSON.parse(cli.requests[0].body?.toString() ?? '')).toEqual({ offering: 'M365-E3', period: '2026-11', amountSek: '125000.50', source: 'licence-contract', note: 'EA 118' });
    expect(cli.stdout()).toContain('cost added:');
  });

  it('agreements import sends the file as text/csv and lists rejected rows', async () => {
    const cli = harness(() => json(200, { accepted: 1, rejected: [{ line: 3, field: 'kundkod', message: 'kundkod: Z999 is not a known customer' }] }));
    const file = join(cli.dir, 'avtal.csv');
    writeFileSync(file, 'kundkod;tjanstekod;giltig_fran;giltig_till\nN138;KUNDANSVAR;2026-01-01;\nZ999;KUNDANSVAR;2026-01-01;\n');
    await expect(cli.run('billing', 'agreements', 'import', file)).resolves.toBe(0);
    expect([cli.requests[0].url.pathname, cli.requests[0].headers['content-type'], cli.requests[0].body?.toString()]).toEqual([
      '/v1/agreements',
      'text/csv',
      readFileSync(file, 'utf8'),
    ]);
    expect(cli.stdout()).toContain('Z999 is not a known customer');
  });
});
