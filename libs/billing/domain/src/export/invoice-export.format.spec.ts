import { parse } from 'csv-parse/sync';
import type { Customer } from '../catalogue/customer.model';
import type { Invoice, InvoiceLine } from '../pricing/invoice.model';
import { EXPORT_COLUMNS, exportRows, formatExportCsv } from './invoice-export.format';

const line = (customerCode: string, offeringCode: string, quantity: string, unitPriceSek: string, amountSek: string, more: Partial<InvoiceLine> = {}): InvoiceLine => ({
  customerCode,
  period: '2026-05',
  offeringCode,
  offeringName: `Tjänst ${offeringCode}`,
  offeringType: 'bas',
  measure: 'antal-vid-manadsslut',
  unit: 'st/mån',
  quantity,
  unitPriceSek,
  amountSek,
  priceValidFrom: '2026-01-01',
  itemIds: [],
  ...more,
});
const invoice = (customerCode: string, lines: InvoiceLine[], totalSek: string): Invoice => ({ customerCode, period: '2026-05', lines, totalSek });
const customers: Customer[] = [
  { code: 'N138', name: 'Socialnämnd Centrum', type: 'namnd', costCentres: ['13800', '13810'] },
  { code: 'B110', name: 'Grundskolenämnden', type: 'namnd', costCentres: [] },
];

describe('exportRows', () => {
  const invoices = [
    invoice('N138', [line('N138', 'KONTO', '120.0000', '62.50', '7500.00'), line('N138', 'KST-PC', '0.5', '389.5', '194.75')], '7694.75'),
    invoice('B110', [line('B110', 'KONTO', '-1', '62.50', '-62.50', { correctsPeriod: '2026-04', reason: 'ledger changed after issue: 1 item ended' })], '-62.50'),
    invoice('K171', [line('K171', 'KONTO', '1', '62.50', '62.50')], '62.50'),
  ];

  it('gives one row per line, by customer, with the first cost centre and numbered lines', () => {
    expect(exportRows(invoices, customers)).toEqual([
      {
        period: '2026-05', kundkod: 'B110', kostnadsstalle: '', tjanstekod: 'KONTO', tjanst: 'Tjänst KONTO (rättelse 2026-04)',
        antal: '-1', a_pris_sek: '62.50', belopp_sek: '-62.50', rad: 1, korrigerar: '2026-04', orsak: 'ledger changed after issue: 1 item ended',
      },
      { period: '2026-05', kundkod: 'K171', kostnadsstalle: '', tjanstekod: 'KONTO', tjanst: 'Tjänst KONTO', antal: '1', a_pris_sek: '62.50', belopp_sek: '62.50', rad: 1 },
      { period: '2026-05', kundkod: 'N138', kostnadsstalle: '13800', tjanstekod: 'KONTO', tjanst: 'Tjänst KONTO', antal: '120', a_pris_sek: '62.50', belopp_sek: '7500.00', rad: 1 },
      { period: '2026-05', kundkod: 'N138', kostnadsstalle: '13800', tjanstekod: 'KST-PC', tjanst: 'Tjänst KST-PC', antal: '0.5', a_pris_sek: '389.50', belopp_sek: '194.75', rad: 2 },
    ]);
  });
});

describe('formatExportCsv', () => {
  it('writes the header and ;-separated rows ending in CRLF, quoting what needs it', () => {
    const rows = exportRows([invoice('N138', [line('N138', 'KONTO', '2', '10.00', '20.00', { offeringName: 'Konto; "bas"' })], '20.00')], customers);
    const csv = formatExportCsv(rows);
    expect(csv).toBe(`${EXPORT_COLUMNS.join(';')}\r\n2026-05;N138;13800;KONTO;"Konto; ""bas""";2;10.00;20.00;1\r\n`);
    // It reads back as it was written.
    const [header, ...records] = parse(csv, { delimiter: ';' }) as string[][];
    expect(header).toEqual([...EXPORT_COLUMNS]);
    expect(records).toEqual([['2026-05', 'N138', '13800', 'KONTO', 'Konto; "bas"', '2', '10.00', '20.00', '1']]);
  });

  it('writes only the header for a period without invoices', () => {
    expect(formatExportCsv([])).toBe('period;kundkod;kostnadsstalle;tjanstekod;tjanst;antal;a_pris_sek;belopp_sek;rad\r\n');
  });
});
