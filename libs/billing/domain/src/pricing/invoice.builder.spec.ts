import { BillingExceptionCode } from '../billing.exception';
import { buildInvoice } from './invoice.builder';
import type { InvoiceLine } from './invoice.model';

const line = (amountSek: string, more: Partial<InvoiceLine> = {}): InvoiceLine => ({
  customerCode: 'N138',
  period: '2025-04',
  offeringCode: 'BEH01',
  offeringName: 'Behörighet',
  offeringType: 'bas',
  measure: 'dagar-proportionellt',
  unit: 'st/mån',
  quantity: '0.3333',
  unitPriceSek: '100.00',
  amountSek,
  priceValidFrom: '2025-01-01',
  itemIds: [],
  ...more,
});

describe('buildInvoice', () => {
  it('totals the rounded lines: three thirds make 99.99, as printed', () => {
    const invoice = buildInvoice('N138', '2025-04', [line('33.33'), line('33.33'), line('33.33')]);
    expect(invoice.totalSek).toBe('99.99');
    expect(invoice.lines).toHaveLength(3);
  });

  it.each([
    [[], '0.00'],
    [[line('1234.50'), line('-34.50')], '1200.00'],
    [[line('-10.00')], '-10.00'],
  ])('totals %j to %s', (lines, total) => {
    expect(buildInvoice('N138', '2025-04', lines).totalSek).toBe(total);
  });

  it.each([
    [line('1.00', { customerCode: 'B110' }), 'customerCode is B110'],
    [line('1.00', { period: '2025-03' }), 'period is 2025-03'],
    [line('1.005'), 'amountSek "1.005"'],
    [line('1'), 'amountSek "1"'],
  ])('refuses a line that does not belong (%#)', (bad, says) => {
    expect(() => buildInvoice('N138', '2025-04', [line('1.00'), bad])).toThrow(
      expect.objectContaining({ code: BillingExceptionCode.INVALID_INVOICE_LINE, message: expect.stringContaining(`lines[1] (BEH01): ${says}`) }),
    );
  });

  it('refuses a bad period or customer', () => {
    expect(() => buildInvoice('N138', '2025-4', [])).toThrow(expect.objectContaining({ code: BillingExceptionCode.INVALID_PERIOD }));
    expect(() => buildInvoice('N13', '2025-04', [])).toThrow(expect.objectContaining({ code: BillingExceptionCode.INVALID_CUSTOMER_CODE }));
  });
});
