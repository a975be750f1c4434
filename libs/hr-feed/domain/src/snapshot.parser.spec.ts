import { HrFeedException, HrFeedExceptionCode } from './hr-feed.exception';
import { parseSnapshot, Rejection } from './snapshot.parser';
import { SNAPSHOT_COLUMNS, SnapshotColumn } from './snapshot-row.rules';
import { employmentWith } from './__fixtures__/employment.fixture';

const HEADER = SNAPSHOT_COLUMNS.join(';');
const knownCustomers = new Set(['N138', 'B110', 'K171', 'I060']);

type Row = Record<SnapshotColumn, string>;
const baseRow: Row = {
  anstallningsnr: '1001',
  personnr: '19850709-9805',
  fornamn: 'Anna',
  efternamn: 'Svensson',
  organisationskod: 'N138',
  enhetskod: 'U100',
  enhetsnamn: 'Hemtjänst Centrum',
  ansvar: '4711',
  befattningskod: 'AID123',
  befattning: 'Undersköterska',
  anstallningsform: 'TV',
  sysselsattningsgrad: '100',
  startdatum: '2024-01-15',
  slutdatum: '',
  chef_anstallningsnr: '9001',
  skyddad_identitet: 'N',
};
const line = (overrides: Partial<Row> = {}): string =>
  SNAPSHOT_COLUMNS.map((c) => ({ ...baseRow, ...overrides })[c]).join(';');
const file = (...lines: string[]): Buffer => Buffer.from([HEADER, ...lines].join('\n') + '\n', 'utf8');
const parseUtf8 = (bytes: Buffer) => parseSnapshot(bytes, { encoding: 'utf8', knownCustomers });

function expectThrows(run: () => unknown, code: HrFeedExceptionCode, message: RegExp): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(HrFeedException);
    expect((error as HrFeedException).code).toBe(code);
    expect((error as HrFeedException).message).toMatch(message);
    return;
  }
  throw new Error(`expected HrFeedException ${code}`);
}

describe('parseSnapshot', () => {
  it('turns a good row into an employment with the personnummer normalised to 12 digits', () => {
    const { employments, rejected } = parseUtf8(file(line(), line({ anstallningsnr: '1002', slutdatum: '2024-06-30', chef_anstallningsnr: '', skyddad_identitet: 'J', personnr: '198507699802' })));
    expect(rejected).toEqual([]);
    expect(employments).toEqual([
      employmentWith({ employmentId: '1001', personnummer: '198507099805', managerEmploymentId: '9001' }),
      expect.objectContaining({
        employmentId: '1002',
        personnummer: '198507699802', // samordningsnummer (day + 60) is accepted
        endDate: '2024-06-30',
        managerEmploymentId: null,
        protectedIdentity: true,
      }),
    ]);
  });

  it.each<[string, Partial<Row>, SnapshotColumn, RegExp]>([
    ['bad personnummer checksum', { personnr: '19850709-9806' }, 'personnr', /check digit/],
    ['personnummer without century', { personnr: '850709-9805' }, 'personnr', /12 digits/],
    ['personnummer with an impossible date', { personnr: '198502300000' }, 'personnr', /birth date/],
    ['unknown customer code', { organisationskod: 'X999' }, 'organisationskod', /'X999' is not a known customer/],
    ['malformed customer code', { organisationskod: 'n138' }, 'organisationskod', /one capital letter and three digits/],
    ['end before start', { slutdatum: '2024-01-14' }, 'slutdatum', /before startdatum 2024-01-15/],
    ['missing given name', { fornamn: '' }, 'fornamn', /fornamn is empty; it is mandatory/],
    ['missing cost centre', { ansvar: '  ' }, 'ansvar', /mandatory/],
    ['missing start date', { startdatum: '' }, 'startdatum', /mandatory/],
    ['rate above 100', { sysselsattningsgrad: '101' }, 'sysselsattningsgrad', /0 to 100/],
    ['negative rate', { sysselsattningsgrad: '-1' }, 'sysselsattningsgrad', /0 to 100/],
    ['decimal rate', { sysselsattningsgrad: '50,5' }, 'sysselsattningsgrad', /whole number/],
    ['not a calendar date', { startdatum: '2023-02-29' }, 'startdatum', /YYYY-MM-DD/],
    ['Swedish date format', { slutdatum: '31/12/2024' }, 'slutdatum', /YYYY-MM-DD/],
    ['unknown employment form', { anstallningsform: 'PROV' }, 'anstallningsform', /allowed: TV, VI, VIK, TIM/],
    ['lower-case employment form', { anstallningsform: 'tv' }, 'anstallningsform', /allowed: TV, VI, VIK, TIM/],
    ['protected identity not J/N', { skyddad_identitet: 'Ja' }, 'skyddad_identitet', /J \(yes\) or N \(no\)/],
    ['employment id with spaces', { anstallningsnr: '10 01' }, 'anstallningsnr', /not a valid employment id/],
    ['manager is the employment itself', { chef_anstallningsnr: '1001' }, 'chef_anstallningsnr', /itself/],
    ['tab inside a value', { efternamn: 'Svens\tson' }, 'efternamn', /control character/],
  ])('rejects a row with %s, names the field and goes on', (_, overrides, field, message) => {
    const { employments, rejected } = parseUtf8(file(line({ anstallningsnr: '1000' }), line(overrides), line({ anstallningsnr: '1002' })));
    expect(employments.map((e) => e.employmentId)).toEqual(['1000', '1002']);
    expect(rejected).toEqual([expect.objectContaining({ line: 3, field })]);
    expect(rejected[0].message).toMatch(message);
    expect(rejected[0].message.startsWith(field)).toBe(true);
  });

  it('never repeats a personnummer in a rejection message', () => {
    const { rejected } = parseUtf8(file(line({ personnr: '19850709-9806' })));
    expect(rejected[0].message).not.toContain('9806');
    expect(rejected[0].message).not.toContain('850709');
  });

  it('reports every problem of a row, each with the same line and the employment id', () => {
    const { employments, rejected } = parseUtf8(file(line({ organisationskod: 'X999', sysselsattningsgrad: '150' })));
    expect(employments).toEqual([]);
    expect(rejected.map((r: Rejection) => [r.line, r.field, r.employmentId])).toEqual([
      [2, 'organisationskod', '1001'],
      [2, 'sysselsattningsgrad', '1001'],
    ]);
  });

  it('rejects the second occurrence of an employment id, naming the line of the first', () => {
    const { employments, rejected } = parseUtf8(file(line(), line({ anstallningsnr: '1002' }), line({ fornamn: 'Other' })));
    expect(employments.map((e) => e.employmentId)).toEqual(['1001', '1002']);
    expect(rejected).toEqual([
      { line: 4, field: 'anstallningsnr', employmentId: '1001', message: expect.stringMatching(/duplicate of line 2/) },
    ]);
  });

  it.each([
    ['too few fields', line().split(';').slice(0, 15).join(';'), /has 15 fields but the header has 16/],
    ['too many fields', `${line()};extra`, /has 17 fields but the header has 16/],
  ])('rejects a row with %s and keeps the others', (_, bad, message) => {
    const { employments, rejected } = parseUtf8(file(bad, line({ anstallningsnr: '1002' })));
    expect(employments.map((e) => e.employmentId)).toEqual(['1002']);
    expect(rejected).toEqual([{ line: 2, field: 'row', employmentId: '1001', message: expect.stringMatching(message) }]);
  });

  it.each([
    ['surname with LDAP filter characters', { efternamn: 'Svensson*)(' }, 'surname', 'Svensson*)('],
    ['given name with a backslash', { fornamn: 'An\\na' }, 'givenName', 'An\\na'],
    ['unit name that looks like a spreadsheet formula', { enhetsnamn: '=cmd|/C calc!A0' }, 'unitName', '=cmd|/C calc!A0'],
    ['job title with + and @', { befattning: '+46 @home' }, 'jobTitle', '+46 @home'],
    ['name with a stray quote', { fornamn: 'Anna "Lisa"' }, 'givenName', 'Anna "Lisa"'],
    ['quoted value containing the delimiter', { enhetsnamn: '"Skola; Norr"' }, 'unitName', 'Skola; Norr'],
    ['value with surrounding spaces', { efternamn: '  Svensson ' }, 'surname', 'Svensson'],
  ] as const)('keeps a %s as data', (_, overrides, key, expected) => {
    const { employments, rejected } = parseUtf8(file(line(overrides)));
    expect(rejected).toEqual([]);
    expect(employments[0][key]).toBe(expected);
  });

  it('counts lines the way an editor shows them: blank lines, CRLF and quoted line breaks included', () => {
    const text = [HEADER, line(), '', line({ anstallningsnr: '1002', enhetsnamn: '"Skola\r\nNorr"' }), line({ anstallningsnr: '1003', organisationskod: 'X999' })].join('\r\n');
    const { employments, rejected } = parseUtf8(Buffer.from(text, 'utf8'));
    expect(employments.map((e) => e.employmentId)).toEqual(['1001']);
    expect(rejected.map((r) => [r.line, r.field])).toEqual([
      [4, 'enhetsnamn'], // a line break inside a value is refused (control character)
      [6, 'organisationskod'],
    ]);
  });

  it.each([
    ['UTF-8 without BOM', Buffer.from(`${HEADER}\n${line({ fornamn: 'Åsa', efternamn: 'Öberg-Ärlig' })}\n`, 'utf8'), 'utf8'],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${HEADER}\n${line({ fornamn: 'Åsa', efternamn: 'Öberg-Ärlig' })}\n`, 'utf8')]), 'utf8'],
    ['ISO-8859-1', Buffer.from(`${HEADER}\n${line({ fornamn: 'Åsa', efternamn: 'Öberg-Ärlig' })}\n`, 'latin1'), 'latin1'],
  ] as const)('reads %s with å, ä and ö intact', (_, bytes, encoding) => {
    const { employments, rejected } = parseSnapshot(bytes, { encoding, knownCustomers });
    expect(rejected).toEqual([]);
    expect(employments[0]).toMatchObject({ givenName: 'Åsa', surname: 'Öberg-Ärlig', employmentId: '1001' });
  });

  it('accepts the header in any order, with case, diacritics and unknown columns', () => {
    const columns = [...SNAPSHOT_COLUMNS].reverse();
    const header = ['extra_kolumn', ...columns.map((c) => (c === 'anstallningsnr' ? 'Anställningsnr' : c))].join(';');
    const row = ['ignored', ...columns.map((c) => baseRow[c])].join(';');
    const parsed = parseUtf8(Buffer.from(`${header}\n${row}\n`, 'utf8'));
    expect(parsed.rejected).toEqual([]);
    expect(parsed.ignoredColumns).toEqual(['extra_kolumn']);
    expect(parsed.employments[0]).toMatchObject({ employmentId: '1001', surname: 'Svensson' });
  });

  it('skips lines that carry no data: blank, spaces only, or only separators', () => {
    const { employments, rejected } = parseUtf8(file(line(), '   ', ';'.repeat(15), '', line({ anstallningsnr: '1002', organisationskod: 'X999' })));
    expect(employments.map((e) => e.employmentId)).toEqual(['1001']);
    expect(rejected.map((r) => r.line)).toEqual([6]);
  });

  it('returns no employments for a header-only file', () => {
    expect(parseUtf8(Buffer.from(`${HEADER}\n`))).toEqual({ employments: [], rejected: [], ignoredColumns: [], lineOf: new Map() });
  });

  it.each([
    ['an empty file', Buffer.alloc(0), /file is empty/],
    ['a header lacking columns', Buffer.from(`anstallningsnr;personnr;fornamn\n1001;198507099805;Anna\n`), /lacks the columns efternamn, organisationskod/],
    ['a comma-separated header', Buffer.from(SNAPSHOT_COLUMNS.join(',') + '\n'), /separated by ';'/],
    ['a column named twice', Buffer.from(`${HEADER};personnr\n`), /names column personnr twice/],
  ])('refuses %s as a broken header', (_, bytes, message) => {
    expectThrows(() => parseUtf8(bytes), HrFeedExceptionCode.BROKEN_HEADER, message);
  });

  it('refuses undecodable UTF-8, naming the line and suggesting latin1', () => {
    const ascii = { enhetsnamn: 'Hemtjanst', befattning: 'Underskoterska' };
    const bytes = Buffer.from(`${HEADER}\n${line(ascii)}\n${line({ ...ascii, anstallningsnr: '1002', fornamn: 'Åsa' })}\n`, 'latin1');
    expectThrows(() => parseUtf8(bytes), HrFeedExceptionCode.BAD_ENCODING, /line 3.*--encoding latin1/);
  });

  it('refuses a UTF-8 file with BOM declared as latin1 instead of reading Ã¥ for å', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), file(line())]);
    expectThrows(() => parseSnapshot(bytes, { encoding: 'latin1', knownCustomers }), HrFeedExceptionCode.BAD_ENCODING, /--encoding utf8/);
  });

  it('refuses a file whose quoted value is never closed rather than silently dropping the rest', () => {
    expectThrows(() => parseUtf8(file(line({ enhetsnamn: '"Skola' }), line({ anstallningsnr: '1002' }))), HrFeedExceptionCode.MALFORMED_CSV, /never closed/);
  });
});
