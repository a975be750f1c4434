// Billing runs through the service path on the real PostgreSQL (and Kafka for InvoiceIssued):
// usage events -> the consumer -> a draft run priced by measure -> issue -> late ledger
// changes billed as corrections on the next period -> the finance export -> the forecast.
import { parse } from 'csv-parse/sync';
import Decimal from 'decimal.js';
import { Role } from '@itops/shared/auth';
import { decodeEvent, InvoiceIssuedSchema, Topics } from '@itops/shared/contracts';
import { eventually, readTopic } from '@itops/shared/testing';
import { startBillingTestApp, type BillingTestApp } from '../__fixtures__/billing.test-app';
import type { RunView } from './run.view';

const PRICE_LIST = [
  'tjanstekod;tjanst;enhet;matt;pris_sek;giltig_fran;giltig_till;typ',
  'KONTO;Användarkonto;st/mån;antal-vid-manadsslut;62,50;2030-01-01;2030-12-31;bas',
  'KST-PC;Klient som tjänst, dator;st/mån;dagar-proportionellt;389,50;2030-01-01;2030-12-31;bas',
  'M365-E3;Microsoft 365 E3;st/mån;vidarefakturering;389,00;2030-01-01;2030-12-31;tillagg',
  'KUNDANSVAR;Kundansvarig;mån;fast;12500,00;2030-01-01;2030-12-31;tillagg',
  'GEM-INFRA;Gemensam IT-infrastruktur;mån;fordelning-antal-anstallda;48500,00;2030-01-01;2030-12-31;tillagg',
].join('\n');
const CUSTOMERS = ['kundkod;namn;typ;kostnadsstallen', 'N138;Socialnämnd Centrum;namnd;13800,13810', 'B110;Grundskolenämnden;namnd;11000', 'K171;Kulturnämnden;namnd;'].join('\n');
const AGREEMENTS = [
  'kundkod;tjanstekod;giltig_fran;giltig_till',
  'N138;KUNDANSVAR;2030-01-01;',
  'N138;GEM-INFRA;2030-01-01;',
  'B110;GEM-INFRA;2030-01-01;',
  'K171;KUNDANSVAR;2030-01-01;',
].join('\n');

/** Ledger ids are UUIDs; this spec's are readable: 00000000-0000-4000-8000-<12 hex>. */
const id = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

type Lines = [offering: string, quantity: string, unitPriceSek: string, amountSek: string][];
const linesOf = (run: RunView, customer: string, corrections = false): Lines =>
  (run.invoices.find((invoice) => invoice.customer === customer)?.lines ?? [])
    .filter((line) => (line.correction === true) === corrections)
    .map((line) => [line.offering, line.quantity, line.unitPriceSek, line.amountSek]);
const totalOf = (run: RunView, customer: string) => run.invoices.find((invoice) => invoice.customer === customer)?.totalSek;

describe('billing runs on the real PostgreSQL', () => {
  let billing: BillingTestApp;
  let http: Awaited<ReturnType<BillingTestApp['http']>>;
  const runPeriod = async (period: string) => http.post('/v1/runs').send({ period });

  beforeAll(async () => {
    billing = await startBillingTestApp();
    http = await billing.http();
    for (const [path, body] of [
      ['/v1/price-lists', PRICE_LIST],
      ['/v1/customers', CUSTOMERS],
      ['/v1/agreements', AGREEMENTS],
    ]) {
      const imported = await http.post(path).set('Content-Type', 'text/csv').send(body);
      expect([path, imported.status, imported.body.rejected]).toEqual([path, 200, []]);
    }

    // April 2030 has 30 days. N138: accounts, PCs and licences, with a joiner on the 16th
    // and a leaver whose last day is the 10th (an open item, then a close item).
    const open = (n: number, customerCode: string, offeringCode: string, validFrom: string, subjectType = 'account') =>
      billing.record({ id: id(n), customerCode, offeringCode, subjectId: `subject-${n}`, subjectType, validFrom });
    const close = (n: number, ofItem: number, customerCode: string, offeringCode: string, validFrom: string, lastDay: string) =>
      billing.record({ id: id(n), kind: 'close', refersTo: id(ofItem), customerCode, offeringCode, subjectId: `subject-${ofItem}`, validFrom, validTo: lastDay });
    await open(1, 'N138', 'KONTO', '2029-01-01');
    await open(2, 'N138', 'KONTO', '2030-04-16');
    await open(3, 'N138', 'KONTO', '2029-01-01');
    await close(4, 3, 'N138', 'KONTO', '2029-01-01', '2030-04-10');
    await open(11, 'N138', 'KST-PC', '2029-01-01', 'device');
    await open(12, 'N138', 'KST-PC', '2030-04-16', 'device');
    await open(13, 'N138', 'KST-PC', '2029-01-01', 'device');
    await close(14, 13, 'N138', 'KST-PC', '2029-01-01', '2030-04-10');
    await open(21, 'N138', 'M365-E3', '2029-01-01', 'licence');
    await open(22, 'N138', 'M365-E3', '2030-04-16', 'licence');
    await open(31, 'B110', 'KONTO', '2029-01-01');
    // Headcount: three persons at N138, four at B110 on April's last day (a fifth left on the 29th).
    for (const n of [41, 42, 43]) await open(n, 'N138', 'ANSTALLDA', '2029-01-01', 'person');
    for (const n of [51, 52, 53, 54, 55]) await open(n, 'B110', 'ANSTALLDA', '2029-01-01', 'person');
    await close(56, 55, 'B110', 'ANSTALLDA', '2029-01-01', '2030-04-29');
  });

  afterAll(async () => {
    await billing?.close();
  });

  describe('a draft run of April', () => {
    let april: RunView;

    beforeAll(async () => {
      const response = await runPeriod('2030-04');
      expect(response.status).toBe(200);
      april = response.body;
    });

    it('prices each measure, a mid-month joiner and leaver included, exact to the öre', () => {
      expect(april).toMatchObject({ period: '2030-04', status: 'draft', issuedAt: null });
      expect(linesOf(april, 'N138')).toEqual([
        // 3/7 of 48500.00 = 20785.714… -> 20785.71.
        ['GEM-INFRA', '0.4286', '48500.00', '20785.71'],
        // Held on the last day: acc 1 and the joiner; the leaver of the 10th is not billed.
        ['KONTO', '2', '62.50', '125.00'],
        // Days held: 30 + 15 + 10 of 30 = 1.8333 months; 389.50 × 55/30 = 714.0833 -> 714.08.
        ['KST-PC', '1.8333', '389.50', '714.08'],
        // A fixed fee under agreement.
        ['KUNDANSVAR', '1', '12500.00', '12500.00'],
        // Passed through at the list price for the days held: 30 + 15 of 30.
        ['M365-E3', '1.5', '389.00', '583.50'],
      ]);
      expect(totalOf(april, 'N138')).toBe('34708.29');
      // 4/7 of 48500.00 = 27714.2857… -> 27714.29; the two shares add up to the cost.
      expect(linesOf(april, 'B110')).toEqual([
        ['GEM-INFRA', '0.5714', '48500.00', '27714.29'],
        ['KONTO', '1', '62.50', '62.50'],
      ]);
      // K171 has no usage, only an agreement: it gets an invoice for it.
      expect(linesOf(april, 'K171')).toEqual([['KUNDANSVAR', '1', '12500.00', '12500.00']]);
      expect(april.invoices.map((invoice) => invoice.customer)).toEqual(['B110', 'K171', 'N138']);
      expect(april.totalSek).toBe('74985.08');
    });

    it('does not bill the headcount items themselves', () => {
      expect(april.invoices.flatMap((invoice) => invoice.lines).some((line) => line.offering === 'ANSTALLDA')).toBe(false);
    });

    it('links each line to the ledger items behind it', () => {
      const items = (offering: string) => april.invoices.find((invoice) => invoice.customer === 'N138')?.lines.find((line) => line.offering === offering)?.items;
      expect(items('KONTO')).toEqual([id(1), id(2)]);
      expect(items('KST-PC')).toEqual([id(11), id(12), id(13)]);
    });

    it('is repeatable while a draft: the same ledger gives the same invoices, one draft', async () => {
      const again: RunView = (await runPeriod('2030-04')).body;
      expect(again.runId).not.toBe(april.runId);
      expect(again.invoices).toEqual(april.invoices);
      const [{ drafts }] = await billing.dataSource.query(`SELECT count(*)::int AS drafts FROM billing_run WHERE period = '2030-04'`);
      expect(drafts).toBe(1);
      april = again;
    });

    it('counts a redelivered usage event once', async () => {
      await billing.record({ id: id(2), customerCode: 'N138', offeringCode: 'KONTO', subjectId: 'subject-2', validFrom: '2030-04-16' });
      const again: RunView = (await runPeriod('2030-04')).body;
      expect(linesOf(again, 'N138').find(([offering]) => offering === 'KONTO')).toEqual(['KONTO', '2', '62.50', '125.00']);
      april = again;
    });
  });

  describe('issue, corrections and export', () => {
    let issuedApril: RunView;

    beforeAll(async () => {
      // A licence from April 21st arrives after the draft was made: issuing does not price
      // again, so it is not on April's invoices; the next run finds it as a change.
      await billing.record({ id: id(23), customerCode: 'N138', offeringCode: 'M365-E3', subjectId: 'subject-23', subjectType: 'licence', validFrom: '2030-04-21' });
      const issued = await http.post('/v1/runs/2030-04/issue');
      expect(issued.status).toBe(200);
      issuedApril = issued.body;
    });

    it('makes the draft final and announces each invoice on billing.invoice.v1', async () => {
      expect(issuedApril).toMatchObject({ period: '2030-04', status: 'issued', totalSek: '74985.08', issuedAt: expect.any(String) });
      const outbox: { payload: Buffer }[] = await billing.dataSource.query(`SELECT payload FROM outbox_message WHERE topic = $1 ORDER BY id`, [Topics.billingInvoice.name]);
      const events = outbox.map((row) => decodeEvent(InvoiceIssuedSchema, row.payload));
      expect(events.map((event) => [event.customerCode, event.period, event.totalSek])).toEqual([
        ['B110', '2030-04', '27776.79'],
        ['K171', '2030-04', '12500.00'],
        ['N138', '2030-04', '34708.29'],
      ]);
      expect(events.map((event) => event.invoiceId).sort()).toEqual(issuedApril.invoices.map((invoice) => invoice.invoiceId).sort());
      // The relay publishes them to Kafka.
      const invoiceIds = new Set(events.map((event) => event.invoiceId));
      await eventually(
        'the InvoiceIssued events on Kafka',
        async () => {
          const messages = await readTopic(Topics.billingInvoice.name, Number.MAX_SAFE_INTEGER, 5_000);
          const ours = messages.filter((message) => message.value && invoiceIds.has(decodeEvent(InvoiceIssuedSchema, message.value).invoiceId));
          return ours.length === 3 ? ours : undefined;
        },
        40_000,
        0,
      );
    });

    it('refuses another run, or another issue, of the issued period with 409 naming it', async () => {
      const rerun = await runPeriod('2030-04');
      expect(rerun.status).toBe(409);
      expect(rerun.body).toMatchObject({ code: 'PERIOD_ISSUED', message: expect.stringContaining('period 2030-04 was issued') });
      const reissue = await http.post('/v1/runs/2030-04/issue');
      expect(reissue.status).toBe(409);
      expect(reissue.body.message).toContain('period 2030-04 is already issued');
    });

    it('has the database refuse any change to an issued run, its invoices or lines', async () => {
      const { runId } = issuedApril;
      // TypeORM logs each refused query; the refusals are the point here.
      const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
      await expect(billing.dataSource.query(`UPDATE invoice_line SET amount_sek = 0 WHERE invoice_id IN (SELECT id FROM invoice WHERE run_id = $1)`, [runId])).rejects.toThrow(
        /belongs to an issued billing run/,
      );
      await expect(billing.dataSource.query(`DELETE FROM invoice WHERE run_id = $1`, [runId])).rejects.toThrow(/belongs to an issued billing run/);
      await expect(billing.dataSource.query(`DELETE FROM billing_run WHERE id = $1`, [runId])).rejects.toThrow(/is issued and may not be changed or deleted/);
      await expect(billing.dataSource.query(`UPDATE billing_run SET total_sek = 0 WHERE id = $1`, [runId])).rejects.toThrow(/is issued/);
      log.mockRestore();
    });

    describe('when the ledger of April changes after its issue', () => {
      let may: RunView;

      beforeAll(async () => {
        // A late joiner from April 20th, and PC 11's end dated back to April 20th.
        await billing.record({ id: id(5), customerCode: 'N138', offeringCode: 'KONTO', subjectId: 'subject-5', validFrom: '2030-04-20' });
        await billing.record({ id: id(15), kind: 'close', refersTo: id(11), customerCode: 'N138', offeringCode: 'KST-PC', subjectId: 'subject-11', subjectType: 'device', validFrom: '2029-01-01', validTo: '2030-04-20' });
        const response = await runPeriod('2030-05');
        expect(response.status).toBe(200);
        may = response.body;
      });

      it('bills the difference as credit and debit lines on May, with the period and reason', () => {
        const corrections = may.invoices.find((invoice) => invoice.customer === 'N138')?.lines.filter((line) => line.correction);
        expect(corrections).toEqual([
          {
            offering: 'KONTO', name: 'Användarkonto', measure: 'antal-vid-manadsslut', quantity: '1', unitPriceSek: '62.50', amountSek: '62.50',
            items: [id(5)], correction: true, correctsPeriod: '2030-04', reason: 'ledger changed after issue: 1 item added',
          },
          {
            // Now 20 + 15 + 10 of 30 days: 584.25 instead of 714.08.
            offering: 'KST-PC', name: 'Klient som tjänst, dator', measure: 'dagar-proportionellt', quantity: '-0.3333', unitPriceSek: '389.50', amountSek: '-129.83',
            items: [id(15)], correction: true, correctsPeriod: '2030-04', reason: 'ledger changed after issue: 1 item ended',
          },
          {
            // 10 of 30 days at 389.00: 713.17 for 55/30 months instead of 583.50 for 45/30.
            offering: 'M365-E3', name: 'Microsoft 365 E3', measure: 'vidarefakturering', quantity: '0.3333', unitPriceSek: '389.00', amountSek: '129.67',
            items: [id(23)], correction: true, correctsPeriod: '2030-04', reason: 'ledger changed after issue: 1 item added',
          },
        ]);
        // May itself: three accounts, PC 12 only, three licences, the fee and the share.
        expect(linesOf(may, 'N138')).toEqual([
          ['GEM-INFRA', '0.4286', '48500.00', '20785.71'],
          ['KONTO', '3', '62.50', '187.50'],
          ['KST-PC', '1', '389.50', '389.50'],
          ['KUNDANSVAR', '1', '12500.00', '12500.00'],
          ['M365-E3', '3', '389.00', '1167.00'],
        ]);
        // 35029.71 for May, 62.50 − 129.83 + 129.67 for April.
        expect(totalOf(may, 'N138')).toBe('35092.05');
        expect(linesOf(may, 'B110', true)).toEqual([]);
      });

      it('leaves the issued April invoices untouched', async () => {
        const stored = await http.get('/v1/runs/2030-04');
        expect(stored.status).toBe(200);
        expect(stored.body).toEqual(issuedApril);
      });

      it('refuses to issue a draft made before another period was issued, then bills each change once', async () => {
        const june = await runPeriod('2030-06');
        expect(linesOf(june.body, 'N138', true).map(([offering]) => offering)).toEqual(['KONTO', 'KST-PC', 'M365-E3']);
        expect((await http.post('/v1/runs/2030-05/issue')).status).toBe(200);

        const stale = await http.post('/v1/runs/2030-06/issue');
        expect(stale.status).toBe(409);
        expect(stale.body).toMatchObject({ code: 'DRAFT_STALE', message: expect.stringContaining('before 2030-05 was issued') });

        // Run again: May carried April's corrections, so June carries none.
        const rerun: RunView = (await runPeriod('2030-06')).body;
        expect(rerun.invoices.flatMap((invoice) => invoice.lines).filter((line) => line.correction)).toEqual([]);
        expect(linesOf(rerun, 'N138').find(([offering]) => offering === 'KONTO')).toEqual(['KONTO', '3', '62.50', '187.50']);
      });

      it('exports the issued May as CSV that sums to each invoice and the run to the öre', async () => {
        const exported = await http.get('/v1/runs/2030-05/export?format=csv');
        expect(exported.status).toBe(200);
        expect(exported.headers['content-type']).toBe('text/csv; charset=utf-8');
        const [header, ...rows] = parse(exported.text, { delimiter: ';' }) as string[][];
        expect(header).toEqual(['period', 'kundkod', 'kostnadsstalle', 'tjanstekod', 'tjanst', 'antal', 'a_pris_sek', 'belopp_sek', 'rad']);
        expect(rows).toHaveLength(may.invoices.reduce((count, invoice) => count + invoice.lines.length, 0));

        const sumOf = (selected: string[][]) => selected.reduce((sum, row) => sum.plus(row[7]), new Decimal(0)).toFixed(2);
        for (const invoice of may.invoices) expect([invoice.customer, sumOf(rows.filter((row) => row[1] === invoice.customer))]).toEqual([invoice.customer, invoice.totalSek]);
        expect(sumOf(rows)).toBe(may.totalSek);
        expect(rows.every((row) => /^-?\d+\.\d{2}$/.test(row[7]))).toBe(true);

        // The accounting string: customer, its first cost centre, offering, amount; the correction says what it corrects.
        expect(rows.filter((row) => row[1] === 'N138' && row[3] === 'KST-PC')).toEqual([
          ['2030-05', 'N138', '13800', 'KST-PC', 'Klient som tjänst, dator', '1', '389.50', '389.50', '3'],
          ['2030-05', 'N138', '13800', 'KST-PC', 'Klient som tjänst, dator (rättelse 2030-04)', '-0.3333', '389.50', '-129.83', '7'],
        ]);
        expect(rows.find((row) => row[1] === 'K171')?.[2]).toBe('');
      });

      it('exports the same rows as JSON, and refuses a draft or an unknown format', async () => {
        const csvRows = (parse((await http.get('/v1/runs/2030-05/export?format=csv')).text, { delimiter: ';', columns: true }) as Record<string, string>[]).map(
          (row) => ({ ...row, rad: Number(row['rad']) }),
        );
        const json = await http.get('/v1/runs/2030-05/export?format=json');
        expect(json.status).toBe(200);
        expect(json.body).toMatchObject({ period: '2030-05', totalSek: may.totalSek });
        expect(json.body.rows.map(({ korrigerar: _k, orsak: _o, ...row }: Record<string, unknown>) => row)).toEqual(csvRows);
        expect(json.body.rows.find((row: { korrigerar?: string }) => row.korrigerar)).toMatchObject({ korrigerar: '2030-04', orsak: 'ledger changed after issue: 1 item added' });

        expect((await http.get('/v1/runs/2030-06/export?format=csv')).body).toMatchObject({ code: 'NOT_ISSUED' });
        expect((await http.get('/v1/runs/2030-05/export?format=xml')).status).toBe(400);
      });

      it('lets an auditor export but not run', async () => {
        const auditor = await billing.http(Role.Auditor);
        expect((await auditor.get('/v1/runs/2030-05/export?format=json')).status).toBe(200);
        expect((await auditor.post('/v1/runs').send({ period: '2030-07' })).status).toBe(403);
      });

      it('forecasts the year from the runs and sets it against entered costs', async () => {
        const cost = await http.post('/v1/costs').send({ offering: 'KONTO', period: '2030-06', amountSek: '100.00', source: 'entered', note: 'test' });
        expect(cost.status).toBe(201);
        expect((await http.post('/v1/costs').send({ offering: 'KONTO', period: '2030-06', amountSek: 100, source: 'entered' })).body).toMatchObject({
          code: 'INVALID_COST',
          message: expect.stringContaining('amountSek'),
        });

        const forecast = await http.get('/v1/forecast?year=2030');
        expect(forecast.status).toBe(200);
        expect(forecast.body).toMatchObject({ year: 2030, latestPeriod: '2030-06', monthsActual: 3, monthsRemaining: 6 });
        const konto = forecast.body.customers.find((c: { customer: string }) => c.customer === 'N138').offerings.find((o: { offering: string }) => o.offering === 'KONTO');
        // April 125.00 + May 187.50 + its correction 62.50 + June 187.50; then 6 × 187.50.
        expect(konto).toEqual({ offering: 'KONTO', actualSek: '562.50', runRateSek: '187.50', forecastSek: '1687.50' });
        expect(forecast.body.offerings.find((o: { offering: string }) => o.offering === 'KONTO')).toMatchObject({
          // N138 1687.50 + B110 62.50 × 3 + 62.50 × 6.
          forecastSek: '2250.00',
          costToDateSek: '100.00',
          costForecastSek: '700.00',
          recoveryForecastSek: '1550.00',
          recovery: 'over',
        });
        expect((await http.get('/v1/forecast?year=30')).status).toBe(400);
      });
    });
  });
});
