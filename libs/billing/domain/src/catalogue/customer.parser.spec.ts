import { BillingExceptionCode } from '../billing.exception';
import { parseCustomers } from './customer.parser';

const csv = (...rows: string[]) => Buffer.from(['kundkod;namn;typ;kostnadsstallen', ...rows].join('\n'), 'utf8');

describe('parseCustomers', () => {
  it('reads customers of each type with their cost centres', () => {
    const { customers, rejected } = parseCustomers(
      csv(
        'N138;Förskoleförvaltningen;forvaltning;"1010, 1020"',
        'B110;Framtiden AB;bolag;2010',
        'K171;Räddningstjänstförbundet;Förbund;',
        'I060;Idrotts- och föreningsnämnden;namnd;3010,3011',
      ),
    );
    expect(rejected).toEqual([]);
    expect(customers).toEqual([
      { code: 'N138', name: 'Förskoleförvaltningen', type: 'forvaltning', costCentres: ['1010', '1020'] },
      { code: 'B110', name: 'Framtiden AB', type: 'bolag', costCentres: ['2010'] },
      { code: 'K171', name: 'Räddningstjänstförbundet', type: 'forbund', costCentres: [] },
      { code: 'I060', name: 'Idrotts- och föreningsnämnden', type: 'namnd', costCentres: ['3010', '3011'] },
    ]);
  });

  it.each([
    ['a lower-case code', 'n138;Namn;forvaltning;1010', 'kundkod', 'one upper-case letter and three digits'],
    ['a code with four digits', 'N1380;Namn;forvaltning;1010', 'kundkod', 'not a customer code'],
    ['an unknown type', 'N138;Namn;kommun;1010', 'typ', 'use one of forvaltning, bolag, forbund, namnd'],
    ['an empty name', 'N138;;bolag;1010', 'namn', 'empty'],
    ['a bad cost centre', 'N138;Namn;bolag;1010,,1020', 'kostnadsstallen', '"" is not a cost-centre code'],
    ['a cost centre listed twice', 'N138;Namn;bolag;1010,1010', 'kostnadsstallen', 'listed twice'],
  ])('rejects %s with line and field', (_case, row, field, says) => {
    const { customers, rejected } = parseCustomers(csv('B110;Framtiden AB;bolag;2010', row));
    expect(customers.map((customer) => customer.code)).toEqual(['B110']);
    expect(rejected).toEqual([{ line: 3, field, message: expect.stringContaining(says) }]);
  });

  it('rejects a repeated customer and a cost centre already owned, naming the earlier line', () => {
    const { customers, rejected } = parseCustomers(
      csv('N138;Förskola;forvaltning;1010', 'N138;Förskola igen;forvaltning;1099', 'B110;Bolaget;bolag;2010,1010'),
    );
    expect(customers.map((customer) => customer.code)).toEqual(['N138']);
    expect(rejected).toEqual([
      { line: 3, field: 'kundkod', message: 'kundkod: N138 already appears on line 2; each customer once' },
      { line: 4, field: 'kostnadsstallen', message: expect.stringContaining('1010 already belongs to N138 on line 2') },
    ]);
  });

  it('refuses a file without kostnadsstallen', () => {
    expect(() => parseCustomers(Buffer.from('kundkod;namn;typ\nN138;X;bolag\n'))).toThrow(
      expect.objectContaining({ code: BillingExceptionCode.BROKEN_HEADER, message: expect.stringContaining('lacks kostnadsstallen') }),
    );
  });
});
