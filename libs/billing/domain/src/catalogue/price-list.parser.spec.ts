import { BillingException, BillingExceptionCode } from '../billing.exception';
import { parsePriceList } from './price-list.parser';

const HEADER = 'tjanstekod;tjanst;enhet;matt;pris_sek;giltig_fran;giltig_till;typ';
const GOOD = 'KST01;Klient som tjänst, PC;st/mån;antal-vid-manadsslut;350,00;2025-01-01;;bas';
const csv = (...rows: string[]) => Buffer.from([HEADER, ...rows].join('\n') + '\n', 'utf8');

describe('parsePriceList', () => {
  it('reads every measure and type, "," or "." decimals, open and closed validity', () => {
    const { entries, rejected } = parsePriceList(
      csv(
        GOOD,
        'M365E3;Microsoft 365 E3;licens/mån;vidarefakturering;0;2025-01-01;2025-12-31;digital-infrastruktur',
        'BEH01;Behörighetsadministration;konto/mån;dagar-proportionellt;12.5;2025-01-01;;tillagg',
        'SPEC1;Systemförvaltning;mån;fast;15000;2025-01-01;;specialist',
        'IDM01;Identitetshantering;mån;fordelning-antal-anstallda;1250000,75;2025-01-01;;bas',
      ),
    );
    expect(rejected).toEqual([]);
    expect(entries).toEqual([
      {
        offeringCode: 'KST01',
        offeringName: 'Klient som tjänst, PC',
        unit: 'st/mån',
        measure: 'antal-vid-manadsslut',
        priceSek: '350.00',
        validFrom: '2025-01-01',
        validTo: null,
        offeringType: 'bas',
      },
      expect.objectContaining({ offeringCode: 'M365E3', measure: 'vidarefakturering', priceSek: '0.00', validTo: '2025-12-31' }),
      expect.objectContaining({ offeringCode: 'BEH01', measure: 'dagar-proportionellt', priceSek: '12.50', offeringType: 'tillagg' }),
      expect.objectContaining({ offeringCode: 'SPEC1', measure: 'fast', priceSek: '15000.00', offeringType: 'specialist' }),
      expect.objectContaining({ offeringCode: 'IDM01', measure: 'fordelning-antal-anstallda', priceSek: '1250000.75' }),
    ]);
  });

  it('takes the columns in any order, a BOM and Swedish spelling of the tokens', () => {
    const text = '\uFEFFtyp;pris_sek;tjanstekod;tjanst;enhet;matt;giltig_fran;giltig_till\nTillägg;99,9;BEH01;Behörighet;st;Dagar-Proportionellt;2025-01-01;\n';
    const { entries, rejected } = parsePriceList(Buffer.from(text, 'utf8'));
    expect(rejected).toEqual([]);
    expect(entries[0]).toMatchObject({ offeringType: 'tillagg', measure: 'dagar-proportionellt', priceSek: '99.90' });
  });

  it('reads a Latin-1 export', () => {
    const { entries } = parsePriceList(Buffer.from(`${HEADER}\r\n${GOOD}\r\n`, 'latin1'), { encoding: 'latin1' });
    expect(entries[0].offeringName).toBe('Klient som tjänst, PC');
  });

  // Each bad row is rejected with its line (header = 1, the bad row = 3) and field, while
  // the good rows around it go on.
  it.each([
    ['a negative price', 'X1;Tjänst;st;fast;-1;2025-01-01;;bas', 'pris_sek', 'is negative'],
    ['a price with 3 decimals', 'X1;Tjänst;st;fast;10,005;2025-01-01;;bas', 'pris_sek', 'has 3 decimals'],
    ['a price that is no number', 'X1;Tjänst;st;fast;1 000;2025-01-01;;bas', 'pris_sek', 'is not a number'],
    ['an empty price', 'X1;Tjänst;st;fast;;2025-01-01;;bas', 'pris_sek', 'is not a number'],
    ['an unknown measure', 'X1;Tjänst;st;per-timme;10;2025-01-01;;bas', 'matt', 'use one of antal-vid-manadsslut'],
    ['an unknown type', 'X1;Tjänst;st;fast;10;2025-01-01;;premium', 'typ', 'use one of bas, tillagg'],
    ['a date that does not exist', 'X1;Tjänst;st;fast;10;2025-02-29;;bas', 'giltig_fran', 'is not a date'],
    ['a date in another format', 'X1;Tjänst;st;fast;10;2025-01-01;31/12/2025;bas', 'giltig_till', 'expected YYYY-MM-DD'],
    ['an end before the start', 'X1;Tjänst;st;fast;10;2025-06-01;2025-05-31;bas', 'giltig_till', 'is before the first day'],
    ['an empty code', ';Tjänst;st;fast;10;2025-01-01;;bas', 'tjanstekod', 'empty'],
    ['an empty unit', 'X1;Tjänst;;fast;10;2025-01-01;;bas', 'enhet', 'empty'],
  ])('rejects %s', (_case, row, field, says) => {
    const { entries, rejected } = parsePriceList(
      csv(GOOD, row, 'K2;Klient 2;st;antal-vid-manadsslut;1.00;2025-01-01;;bas'),
    );
    expect(entries.map((entry) => entry.offeringCode)).toEqual(['KST01', 'K2']);
    expect(rejected).toEqual([{ line: 3, field, message: expect.stringContaining(says) }]);
    expect(rejected[0].message.startsWith(`${field}: `)).toBe(true);
  });

  it('reports every bad field of a row', () => {
    const { rejected } = parsePriceList(csv('X1;Tjänst;st;okänd;-1;2025-13-01;;bas'));
    expect(rejected.map((row) => row.field)).toEqual(['matt', 'pris_sek', 'giltig_fran']);
  });

  it('rejects both rows of an overlapping validity, each naming the other line, and keeps the rest', () => {
    const { entries, rejected } = parsePriceList(
      csv(
        GOOD,
        'M365E3;Microsoft 365 E3;licens/mån;vidarefakturering;300;2025-01-01;2025-06-30;digital-infrastruktur',
        'M365E3;Microsoft 365 E3;licens/mån;vidarefakturering;320;2025-06-30;;digital-infrastruktur',
        'M365E5;Microsoft 365 E5;licens/mån;vidarefakturering;500;2025-01-01;2025-06-30;digital-infrastruktur',
        'M365E5;Microsoft 365 E5;licens/mån;vidarefakturering;520;2025-07-01;;digital-infrastruktur',
      ),
    );
    expect(entries.map((entry) => `${entry.offeringCode} ${entry.priceSek}`)).toEqual(['KST01 350.00', 'M365E5 500.00', 'M365E5 520.00']);
    expect(rejected).toEqual([
      { line: 3, field: 'giltig_fran', message: expect.stringMatching(/M365E3 valid 2025-01-01..2025-06-30 overlaps line 4 \(2025-06-30..open\)/) },
      { line: 4, field: 'giltig_fran', message: expect.stringMatching(/M365E3 valid 2025-06-30..open overlaps line 3 \(2025-01-01..2025-06-30\)/) },
    ]);
  });

  it('rejects a repeated row as an overlap', () => {
    const { entries, rejected } = parsePriceList(csv(GOOD, GOOD));
    expect(entries).toEqual([]);
    expect(rejected.map((row) => row.line)).toEqual([2, 3]);
  });

  it('refuses the whole file when a header column is missing, naming it', () => {
    const text = Buffer.from('tjanstekod;tjanst;enhet;pris_sek;giltig_fran;typ\nKST01;PC;st;350;2025-01-01;bas\n');
    try {
      parsePriceList(text);
      throw new Error('expected a BillingException');
    } catch (error) {
      expect(error).toBeInstanceOf(BillingException);
      expect(error).toMatchObject({ code: BillingExceptionCode.BROKEN_HEADER });
      expect((error as Error).message).toMatch(/header lacks matt, giltig_till/);
    }
  });
});
