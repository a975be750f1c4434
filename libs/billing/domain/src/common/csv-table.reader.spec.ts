import { BillingException, BillingExceptionCode } from '../billing.exception';
import { readCsvTable } from './csv-table.reader';

const columns = ['kod', 'namn'] as const;
const read = (text: string | Buffer, encoding?: 'utf8' | 'latin1') =>
  readCsvTable(typeof text === 'string' ? Buffer.from(text, 'utf8') : text, columns, 'test file', { encoding });

describe('readCsvTable', () => {
  it('reads columns in any order, case and spacing aside, with line numbers', () => {
    const { rows, rejected } = read(' Namn ;KOD\nSkola;A1\n\nVård;B2\n');
    expect(rejected).toEqual([]);
    expect(rows).toEqual([
      { line: 2, values: { namn: 'Skola', kod: 'A1' } },
      { line: 4, values: { namn: 'Vård', kod: 'B2' } },
    ]);
  });

  it('drops a UTF-8 byte-order mark, even when told latin1', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('kod;namn\nA1;Förskola\n', 'utf8')]);
    expect(read(bytes).rows[0].values).toEqual({ kod: 'A1', namn: 'Förskola' });
    expect(read(bytes, 'latin1').rows[0].values).toEqual({ kod: 'A1', namn: 'Förskola' });
  });

  it('reads Latin-1 when asked, and refuses it as UTF-8 with a hint', () => {
    const bytes = Buffer.from('kod;namn\r\nA1;Förskola\r\n', 'latin1');
    expect(read(bytes, 'latin1').rows[0].values['namn']).toBe('Förskola');
    expect(() => read(bytes)).toThrow(expect.objectContaining({ code: BillingExceptionCode.BROKEN_ENCODING, message: expect.stringContaining('latin1') }));
  });

  it('skips rows of bare separators and reports the first line of a quoted multi-line value', () => {
    const { rows } = read('kod;namn\n;\n"A1";"två\nrader"\nB2;x\n');
    expect(rows.map((row) => row.line)).toEqual([3, 5]);
  });

  it('rejects a row with too few fields or with values beyond the header, and keeps the rest', () => {
    const { rows, rejected } = read('kod;namn\nA1\nB2;ok;;\nC3;x;extra\n');
    expect(rows).toEqual([{ line: 3, values: { kod: 'B2', namn: 'ok' } }]);
    expect(rejected).toEqual([
      { line: 2, field: 'namn', message: expect.stringContaining('namn: missing') },
      { line: 4, field: 'column 3', message: expect.stringContaining('"extra"') },
    ]);
  });

  it.each([
    ['', /empty; expected the header kod;namn/],
    ['kod;beskrivning\nA1;x\n', /header lacks namn/],
    ['kod;namn;KOD\n', /header repeats kod/],
  ])('refuses the whole file for header %j', (text, message) => {
    try {
      read(text);
      throw new Error('expected a BillingException');
    } catch (error) {
      expect(error).toBeInstanceOf(BillingException);
      expect((error as BillingException).code).toBe(BillingExceptionCode.BROKEN_HEADER);
      expect((error as Error).message).toMatch(message);
    }
  });

  it('refuses text that is not CSV', () => {
    expect(() => read('kod;namn\n"A1;x\n')).toThrow(expect.objectContaining({ code: BillingExceptionCode.BROKEN_CSV }));
  });
});
