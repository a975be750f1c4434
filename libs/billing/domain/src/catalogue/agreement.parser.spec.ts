import { BillingExceptionCode } from '../billing.exception';
import { parseAgreements } from './agreement.parser';

const csv = (...rows: string[]) => Buffer.from(['kundkod;tjanstekod;giltig_fran;giltig_till', ...rows].join('\n'), 'utf8');

describe('parseAgreements', () => {
  it('reads agreements, open-ended or not, in any column order', () => {
    const text = Buffer.from('giltig_till;giltig_fran;tjanstekod;kundkod\n;2025-01-01;SPEC1;N138\n2025-06-30;2025-02-01;BEH01;B110\n');
    expect(parseAgreements(text)).toEqual({
      agreements: [
        { customerCode: 'N138', offeringCode: 'SPEC1', validFrom: '2025-01-01', validTo: null },
        { customerCode: 'B110', offeringCode: 'BEH01', validFrom: '2025-02-01', validTo: '2025-06-30' },
      ],
      rejected: [],
    });
  });

  it.each([
    ['a bad customer code', 'N13;SPEC1;2025-01-01;', 'kundkod', 'not a customer code'],
    ['an empty offering', 'N138;;2025-01-01;', 'tjanstekod', 'empty'],
    ['a bad first day', 'N138;SPEC1;2025-02-30;', 'giltig_fran', 'not a date'],
    ['an end before the start', 'N138;SPEC1;2025-02-01;2025-01-31', 'giltig_till', 'before the first day'],
    ['an unknown customer', 'Z999;SPEC1;2025-01-01;', 'kundkod', 'Z999 is not a known customer'],
    ['an offering outside the price list', 'N138;NOPE;2025-01-01;', 'tjanstekod', 'NOPE is not in the price list'],
  ])('rejects %s with line and field', (_case, row, field, says) => {
    const { agreements, rejected } = parseAgreements(csv('B110;SPEC1;2025-01-01;', row), {
      knownCustomerCodes: ['B110', 'N138'],
      knownOfferingCodes: new Set(['SPEC1', 'BEH01']),
    });
    expect(agreements.map((agreement) => agreement.customerCode)).toEqual(['B110']);
    expect(rejected).toEqual([{ line: 3, field, message: expect.stringContaining(says) }]);
  });

  it('rejects overlapping agreements for the same customer and offering, naming both lines', () => {
    const { agreements, rejected } = parseAgreements(
      csv('N138;SPEC1;2025-01-01;', 'N138;SPEC1;2025-03-01;2025-03-31', 'B110;SPEC1;2025-03-01;', 'N138;BEH01;2025-03-01;'),
    );
    expect(agreements.map((agreement) => `${agreement.customerCode} ${agreement.offeringCode}`)).toEqual(['B110 SPEC1', 'N138 BEH01']);
    expect(rejected).toEqual([
      { line: 2, field: 'giltig_fran', message: expect.stringContaining('overlaps line 3') },
      { line: 3, field: 'giltig_fran', message: expect.stringContaining('overlaps line 2') },
    ]);
  });

  it('refuses a file with a broken header', () => {
    expect(() => parseAgreements(Buffer.from('kund;tjanstekod;giltig_fran;giltig_till\n'))).toThrow(
      expect.objectContaining({ code: BillingExceptionCode.BROKEN_HEADER, message: expect.stringContaining('lacks kundkod') }),
    );
  });
});
