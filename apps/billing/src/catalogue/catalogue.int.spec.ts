// The catalogue imports on the real PostgreSQL: bad rows are rejected with line, field and
// reason while the good rows are kept.
import { startBillingTestApp, type BillingTestApp } from '../__fixtures__/billing.test-app';

describe('billing catalogue imports on the real PostgreSQL', () => {
  let billing: BillingTestApp;
  let http: Awaited<ReturnType<BillingTestApp['http']>>;
  const importCsv = (path: string, lines: string[]) => http.post(path).set('Content-Type', 'text/csv').send(lines.join('\n'));

  beforeAll(async () => {
    billing = await startBillingTestApp();
    http = await billing.http();
  });

  afterAll(async () => {
    await billing?.close();
  });

  it('keeps the good rows of a price list and rejects the bad ones with line and reason', async () => {
    const response = await importCsv('/v1/price-lists', [
      'tjanstekod;tjanst;enhet;matt;pris_sek;giltig_fran;giltig_till;typ',
      'KONTO;Användarkonto;st/mån;antal-vid-manadsslut;62,50;2030-01-01;2030-12-31;bas',
      'KST-PC;Klient som tjänst;st/mån;dagar-proportionellt;-389,50;2030-01-01;;bas',
      'TIMME;Konsult;tim;per-timme;950;2030-01-01;;specialist',
      'M365-E3;Microsoft 365 E3;st/mån;vidarefakturering;389,00;2030-02-30;;tillagg',
      'KUNDANSVAR;Kundansvarig;mån;fast;12500;2030-01-01;;Tillägg',
    ]);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      accepted: 2,
      rejected: [
        { line: 3, field: 'pris_sek', message: expect.stringContaining('"-389,50" is negative') },
        { line: 4, field: 'matt', message: expect.stringContaining('"per-timme" is not allowed; use one of antal-vid-manadsslut') },
        { line: 5, field: 'giltig_fran', message: expect.stringContaining('"2030-02-30" is not a date') },
      ],
    });
    const stored = await billing.dataSource.query('SELECT offering_code, price_sek::text AS price, offering_type FROM price_list_entry ORDER BY offering_code');
    expect(stored).toEqual([
      { offering_code: 'KONTO', price: '62.50', offering_type: 'bas' },
      { offering_code: 'KUNDANSVAR', price: '12500.00', offering_type: 'tillagg' },
    ]);
  });

  it('refuses a price list whose header lacks a column as a whole, with 422', async () => {
    const response = await importCsv('/v1/price-lists', ['tjanstekod;tjanst;enhet;pris_sek;giltig_fran;giltig_till;typ', 'X;X;st;1;2030-01-01;;bas']);
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'BROKEN_HEADER', message: expect.stringContaining('lacks matt') });
  });

  it('takes agreements only for known customers and offerings of the price list', async () => {
    expect((await importCsv('/v1/customers', ['kundkod;namn;typ;kostnadsstallen', 'N138;Socialnämnd Centrum;namnd;13800'])).status).toBe(200);
    const response = await importCsv('/v1/agreements', [
      'kundkod;tjanstekod;giltig_fran;giltig_till',
      'N138;KUNDANSVAR;2030-01-01;',
      'Z999;KUNDANSVAR;2030-01-01;',
      'N138;TIMME;2030-01-01;',
      'N138;KONTO;2030-03-01;2030-02-01',
    ]);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      accepted: 1,
      rejected: [
        { line: 3, field: 'kundkod', message: expect.stringContaining('Z999 is not a known customer') },
        { line: 4, field: 'tjanstekod', message: expect.stringContaining('TIMME is not in the price list') },
        { line: 5, field: 'giltig_till', message: expect.stringContaining('before the first day') },
      ],
    });
    // Importing the row again with an end date ends the agreement.
    expect((await importCsv('/v1/agreements', ['kundkod;tjanstekod;giltig_fran;giltig_till', 'N138;KUNDANSVAR;2030-01-01;2030-06-30'])).body.accepted).toBe(1);
    expect((await http.get('/v1/agreements')).body).toEqual({
      agreements: [{ customerCode: 'N138', offeringCode: 'KUNDANSVAR', validFrom: '2030-01-01', validTo: '2030-06-30' }],
    });
  });
});
