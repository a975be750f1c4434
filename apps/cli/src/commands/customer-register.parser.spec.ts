import { CliException, CliExceptionCode } from '../cli.exception';
import { parseCustomerRegister } from './customer-register.parser';

const csv = (...rows: string[]) => Buffer.from(['kundkod;namn;typ;kostnadsstallen', ...rows].join('\n'), 'utf8');

function failure(run: () => unknown): CliException {
  try {
    run();
  } catch (error) {
    if (error instanceof CliException) return error;
    throw error;
  }
  throw new Error('expected a CliException');
}

describe('parseCustomerRegister', () => {
  it('reads code and name of each customer, with a BOM, quoted values and blank Excel rows', () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      csv('N138;Förskoleförvaltningen;forvaltning;"1010, 1020"', ';;;', 'B110; Framtiden AB ;bolag;2010'),
    ]);
    expect(parseCustomerRegister(bytes, 'kunder.csv')).toEqual([
      { code: 'N138', name: 'Förskoleförvaltningen' },
      { code: 'B110', name: 'Framtiden AB' },
    ]);
  });

  it('takes the columns in any order', () => {
    const bytes = Buffer.from('typ;namn;kostnadsstallen;kundkod\nbolag;Framtiden AB;2010;B110\n');
    expect(parseCustomerRegister(bytes, 'kunder.csv')).toEqual([{ code: 'B110', name: 'Framtiden AB' }]);
  });

  it.each([
    ['a header without kundkod', Buffer.from('kod;namn;typ;kostnadsstallen\nN138;A;bolag;1\n'), 'the header lacks kundkod'],
    ['an empty file', Buffer.from(''), 'got an empty file'],
    ['a header only', csv(), 'no customers below the header'],
    ['Latin-1 bytes', Buffer.from('kundkod;namn;typ;kostnadsstallen\nN138;Förskola;forvaltning;1\n', 'latin1'), 'not valid UTF-8'],
  ])('refuses %s', (_case, bytes, says) => {
    const error = failure(() => parseCustomerRegister(bytes, 'kunder.csv'));
    expect(error.code).toBe(CliExceptionCode.INVALID_FILE);
    expect(error.message).toContain(says);
  });

  it('refuses the whole file listing every bad row by line', () => {
    const error = failure(() =>
      parseCustomerRegister(csv('N138;Förskola;forvaltning;1010', 'n139;Skola;forvaltning;1011', 'B110;;bolag;2010', 'N138;Igen;forvaltning;1012'), 'kunder.csv'),
    );
    expect(error.code).toBe(CliExceptionCode.INVALID_FILE);
    expect(error.message).toContain('nothing was sent');
    expect(error.message).toContain('line 3: kundkod "n139" is not a customer code');
    expect(error.message).toContain('line 4: namn is empty');
    expect(error.message).toContain('line 5: kundkod N138 already appears on line 2');
  });
});
