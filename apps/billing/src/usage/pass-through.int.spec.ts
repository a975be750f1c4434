// Licences and devices as metering announces them, priced by a billing run on the real
// PostgreSQL: a licence at the unit cost its ledger item carries (vidarefakturering), a device
// by the days it was held (dagar-proportionellt).
import { randomUUID } from 'node:crypto';
import { startBillingTestApp, type BillingTestApp } from '../__fixtures__/billing.test-app';

const PRICE_LIST = [
  'tjanstekod;tjanst;enhet;matt;pris_sek;giltig_fran;giltig_till;typ',
  'KST-PC;Klient som tjänst, dator;st/mån;dagar-proportionellt;389,50;2026-01-01;;bas',
  'M365-E3;Microsoft 365 E3;st/mån;vidarefakturering;0,00;2026-01-01;;tillagg',
].join('\n');

describe('billing: licences passed on at cost and devices by days held', () => {
  let billing: BillingTestApp;

  beforeAll(async () => {
    billing = await startBillingTestApp();
    const imported = await (await billing.http()).post('/v1/price-lists').set('Content-Type', 'text/csv').send(`${PRICE_LIST}\n`);
    expect(imported.body).toEqual({ accepted: 2, rejected: [] });
  });

  afterAll(async () => {
    await billing?.close();
  });

  it('prices each licence at its unit cost, prorated, and a PC assigned mid-month for its days', async () => {
    const ids = { e3Full: randomUUID(), e3Half: randomUUID(), e3Closed: randomUUID(), e3Close: randomUUID(), e3NoCost: randomUUID(), pc: randomUUID() };
    const licence = { customerCode: 'K171', offeringCode: 'M365-E3', subjectType: 'licence' };
    // Held all of November at 389.00; from the 16th at 250.00 (15 of 30 days); 1-15 November at 250.00
    // (closed on the 15th); and one without a cost, which the list price (0.00) prices.
    await billing.record({ ...licence, id: ids.e3Full, subjectId: 'lic-1', validFrom: '2026-10-01', unitCostSek: '389.00' });
    await billing.record({ ...licence, id: ids.e3Half, subjectId: 'lic-2', validFrom: '2026-11-16', unitCostSek: '250.00' });
    await billing.record({ ...licence, id: ids.e3Closed, subjectId: 'lic-3', validFrom: '2026-11-01', unitCostSek: '250' });
    await billing.record({ ...licence, id: ids.e3Close, kind: 'close', refersTo: ids.e3Closed, subjectId: 'lic-3', validFrom: '2026-11-01', validTo: '2026-11-15' });
    await billing.record({ ...licence, id: ids.e3NoCost, subjectId: 'lic-4', validFrom: '2026-11-01' });
    await billing.record({ customerCode: 'K171', offeringCode: 'KST-PC', subjectType: 'device', id: ids.pc, subjectId: 'pc-1', validFrom: '2026-11-16' });

    const run = await (await billing.http()).post('/v1/runs').send({ period: '2026-11' });
    expect(run.status).toBe(200);
    const [invoice] = run.body.invoices;
    const lines = invoice.lines.map(({ offering, quantity, unitPriceSek, amountSek, items }: Record<string, unknown>) => ({ offering, quantity, unitPriceSek, amountSek, items }));
    expect(lines).toEqual([
      { offering: 'KST-PC', quantity: '0.5', unitPriceSek: '389.50', amountSek: '194.75', items: [ids.pc] },
      { offering: 'M365-E3', quantity: '1', unitPriceSek: '0.00', amountSek: '0.00', items: [ids.e3NoCost] },
      { offering: 'M365-E3', quantity: '1', unitPriceSek: '250.00', amountSek: '250.00', items: [ids.e3Half, ids.e3Closed].sort() },
      { offering: 'M365-E3', quantity: '1', unitPriceSek: '389.00', amountSek: '389.00', items: [ids.e3Full] },
    ]);
    expect(invoice).toEqual(expect.objectContaining({ customer: 'K171', totalSek: '833.75' }));
  });
});
