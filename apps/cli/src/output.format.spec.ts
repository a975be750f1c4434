import { formatImportAnswer, formatRecord, formatTable, stockholmTime, text, toJson } from './output.format';

describe('human output', () => {
  describe('formatTable', () => {
    it('aligns columns under their headers, numbers to the right, without trailing spaces', () => {
      const table = formatTable<{ offering: string; amount: string }>(
        [
          { header: 'offering', value: (row) => row.offering },
          { header: 'amount SEK', value: (row) => row.amount, align: 'right' },
        ],
        [
          { offering: 'KONTO', amount: '95.00' },
          { offering: 'M365-E5-LICENS', amount: '12345.50' },
        ],
      );
      expect(table.split('\n')).toEqual([
        'offering        amount SEK',
        'KONTO                95.00',
        'M365-E5-LICENS    12345.50',
      ]);
    });

    it('prints only the header for no rows, and "-" for an absent value', () => {
      const columns = [{ header: 'to', value: (row: { to: string | null }) => row.to }];
      expect(formatTable(columns, [])).toBe('to');
      expect(formatTable(columns, [{ to: null }]).split('\n')[1]).toBe('-');
    });
  });

  it.each([
    [null, '-'],
    ['', '-'],
    [0, '0'],
    [false, 'false'],
    [['N138', 'B110'], 'N138, B110'],
    [[{ a: 1 }, { a: 2 }], '2 items'],
    ['1234.50', '1234.50'],
  ])('text(%j) is %j', (value, expected) => {
    expect(text(value)).toBe(expected);
  });

  it('formatRecord indents nested objects and lists objects as entries', () => {
    expect(
      formatRecord({
        samAccountName: 'anna.svensson',
        enabled: true,
        groups: ['G-Forskola', 'G-Alla'],
        employment: { customer: 'N138', rate: 100 },
        memberships: [{ group: 'G-A', since: '2026-01-01' }],
      }).split('\n'),
    ).toEqual([
      'samAccountName: anna.svensson',
      'enabled:        true',
      'groups:         G-Forskola, G-Alla',
      'employment:',
      '  customer: N138',
      '  rate:     100',
      'memberships:',
      '  - group: G-A',
      '    since: 2026-01-01',
    ]);
  });

  it('formatRecord shows each entry of a list of objects, as services send error details', () => {
    expect(
      formatRecord(
        [
          { field: 'quantity', message: 'quantity "1,5" is not a decimal' },
          { field: 'reason', message: 'reason is missing' },
        ],
        '    ',
      ).split('\n'),
    ).toEqual(['    - field:   quantity', '      message: quantity "1,5" is not a decimal', '    - field:   reason', '      message: reason is missing']);
  });

  it('formatImportAnswer shows the counts and then each rejected row with line and field', () => {
    const shown = formatImportAnswer('price list', {
      imported: 2,
      entries: [{ offering: 'KONTO' }, { offering: 'PC' }],
      rejected: [{ line: 4, field: 'pris_sek', message: 'pris_sek: "12,3,4" is not an amount' }],
    });
    expect(shown.split('\n')).toEqual([
      'price list:',
      '  imported: 2',
      '  entries:  2',
      '  1 row rejected:',
      '    line  field     message',
      '       4  pris_sek  pris_sek: "12,3,4" is not an amount',
    ]);
  });

  it('formatImportAnswer says so when no row was rejected', () => {
    expect(formatImportAnswer('billing', { rejected: [] })).toBe('billing:\n  no rows rejected');
  });

  it('stockholmTime shows Swedish wall-clock time, summer and winter', () => {
    expect(stockholmTime(new Date('2026-11-22T13:05:00Z'))).toBe('2026-11-22 14:05:00 (Europe/Stockholm)');
    expect(stockholmTime(new Date('2026-07-01T10:00:00Z'))).toBe('2026-07-01 12:00:00 (Europe/Stockholm)');
  });

  it('toJson prints the answer unchanged', () => {
    const answer = { totalSek: '1234.50', invoices: [] };
    expect(JSON.parse(toJson(answer))).toEqual(answer);
  });
});
