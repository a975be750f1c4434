import { checkPushedEmployment, endEmployment } from './employment-push.rules';
import { Employment } from './employment.model';
import { HrFeedException, HrFeedExceptionCode } from './hr-feed.exception';
import { parseSnapshot } from './snapshot.parser';
import { SNAPSHOT_COLUMNS } from './snapshot-row.rules';
import { employmentWith } from './__fixtures__/employment.fixture';

const knownCustomers = new Set(['N138', 'B110']);
const PNR = '19850709-9805';
// A pushed body carries every field but the id, which comes from the path.
const body = (overrides: Record<string, unknown> = {}): Record<string, unknown> => {
  const fields: Record<string, unknown> = { ...employmentWith({ personnummer: PNR }) };
  delete fields.employmentId;
  return { ...fields, ...overrides };
};

function refusal(run: () => unknown): HrFeedException {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(HrFeedException);
    return error as HrFeedException;
  }
  throw new Error('expected the body to be refused');
}

describe('checkPushedEmployment', () => {
  it('builds the very employment the same values give as a snapshot row', () => {
    const csv = [
      SNAPSHOT_COLUMNS.join(';'),
      ['1001', PNR, 'Anna', 'Svensson', 'N138', 'U100', 'Hemtjänst Centrum', '4711', 'AID123', 'Undersköterska', 'TV', '100', '2024-01-15', '', '9001', 'N'].join(';'),
    ].join('\n');
    const [fromSnapshot] = parseSnapshot(Buffer.from(csv), { encoding: 'utf8', knownCustomers }).employments;
    expect(checkPushedEmployment('1001', body(), knownCustomers)).toEqual(fromSnapshot);
  });

  it('trims values as a snapshot does, keeps *)( \\ and = as data, and reads missing optional fields as empty', () => {
    const { endDate, managerEmploymentId, ...withoutOptional } = body({ givenName: ' *)(cn=* ', surname: 'O\\Brien=cmd|', protectedIdentity: true });
    expect([endDate, managerEmploymentId]).toEqual([null, '9001']);
    expect(checkPushedEmployment('1001', { ...withoutOptional, employmentId: '1001' }, knownCustomers)).toMatchObject<Partial<Employment>>({
      employmentId: '1001',
      personnummer: '198507099805',
      givenName: '*)(cn=*',
      surname: 'O\\Brien=cmd|',
      endDate: null,
      managerEmploymentId: null,
      protectedIdentity: true,
    });
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ['a wrong check digit', { personnummer: '19850709-9806' }, 'personnummer', /^personnummer is not a valid personnummer or samordningsnummer: the check digit/],
    ['a personnummer without century', { personnummer: '850709-9805' }, 'personnummer', /^personnummer has the wrong format; allowed: 12 digits/],
    ['an unknown customer', { customerCode: 'K999' }, 'customerCode', /^customerCode 'K999' is not a known customer; allowed: one of the 2 customer codes/],
    ['a customer code of the wrong format', { customerCode: 'n138' }, 'customerCode', /^customerCode 'n138' has the wrong format/],
    ['an end before the start', { endDate: '2023-12-31' }, 'endDate', /^endDate 2023-12-31 is before startDate 2024-01-15; allowed: on or after startDate/],
    ['an impossible date', { startDate: '2024-02-30' }, 'startDate', /^startDate '2024-02-30' is not a date/],
    ['a rate over 100', { rate: 101 }, 'rate', /^rate '101' is out of range; allowed: a whole number of percent from 0 to 100/],
    ['a fractional rate', { rate: 50.5 }, 'rate', /^rate '50.5' is out of range/],
    ['an unknown form', { form: 'X' }, 'form', /^form 'X' is not an employment form; allowed: TV, VI, VIK, TIM/],
    ['the employment as its own manager', { managerEmploymentId: '1001' }, 'managerEmploymentId', /^managerEmploymentId names the employment itself; allowed: another employment's employmentId/],
    ['a line break in a name', { givenName: 'An\nna' }, 'givenName', /^givenName contains a line break/],
    ['an empty surname', { surname: '  ' }, 'surname', /^surname is empty; it is mandatory/],
    ['a missing unit name', { unitName: undefined }, 'unitName', /^unitName is empty; it is mandatory/],
    ['a missing protected identity', { protectedIdentity: null }, 'protectedIdentity', /^protectedIdentity is empty; it is mandatory/],
  ])('refuses %s with INVALID_EMPLOYMENT naming the field', (_, overrides, field, message) => {
    const error = refusal(() => checkPushedEmployment('1001', body(overrides), knownCustomers));
    expect(error.code).toBe(HrFeedExceptionCode.INVALID_EMPLOYMENT);
    expect(error.details).toEqual([{ field, message: expect.stringMatching(message) }]);
    expect(error.message).toContain(error.details?.[0].message);
    expect(error.message).not.toMatch(/850709/);
  });

  it('lists every problem of the body at once', () => {
    const error = refusal(() => checkPushedEmployment('1001', body({ personnummer: '19850709-9806', customerCode: 'K999', rate: 120 }), knownCustomers));
    expect(error.details?.map((d) => d.field)).toEqual(['personnummer', 'customerCode', 'rate']);
  });

  it.each<[string, unknown, string, RegExp]>([
    ['a list', [body()], 'body', /^body is an array; allowed: a JSON object with the fields of an employment: employmentId, personnummer/],
    ['no body', undefined, 'body', /^body is missing/],
    ['a rate as text', body({ rate: '100' }), 'rate', /^rate is a string; allowed: a whole number from 0 to 100/],
    ['protected identity as J', body({ protectedIdentity: 'J' }), 'protectedIdentity', /^protectedIdentity is a string; allowed: true or false/],
    ['a personnummer as a number', body({ personnummer: 198507099805 }), 'personnummer', /^personnummer is a number; allowed: a string/],
    ['a misspelt field', body({ endDte: '2025-06-30' }), 'endDte', /^"endDte" is not a field of an employment; allowed: .*endDate/],
    ['another id in the body', body({ employmentId: '1002' }), 'employmentId', /^employmentId in the body differs from the one in the path/],
  ])('refuses %s with INVALID_INPUT naming the field', (_, input, field, message) => {
    const error = refusal(() => checkPushedEmployment('1001', input, knownCustomers));
    expect(error.code).toBe(HrFeedExceptionCode.INVALID_INPUT);
    expect(error.details).toEqual([{ field, message: expect.stringMatching(message) }]);
    expect(error.message).not.toMatch(/850709/);
  });
});

describe('endEmployment', () => {
  const open = checkPushedEmployment('1001', body(), knownCustomers);

  it('sets the last day, and changes nothing when it is already the last day', () => {
    const ended = endEmployment(open, '2025-03-31');
    expect(ended).toEqual({ ...open, endDate: '2025-03-31' });
    expect(endEmployment(ended as Employment, '2025-03-31')).toBeNull();
  });

  it.each<[string | undefined, HrFeedExceptionCode, RegExp]>([
    [undefined, HrFeedExceptionCode.INVALID_INPUT, /^lastDay is missing; allowed: the last day of the employment as YYYY-MM-DD/],
    ['2025-02-30', HrFeedExceptionCode.INVALID_INPUT, /^lastDay is '2025-02-30', not a date/],
    ['2023-12-31', HrFeedExceptionCode.INVALID_EMPLOYMENT, /^lastDay 2023-12-31 is before startDate 2024-01-15/],
  ])('refuses lastDay %s', (lastDay, code, message) => {
    const error = refusal(() => endEmployment(open, lastDay));
    expect(error.code).toBe(code);
    expect(error.details).toEqual([{ field: 'lastDay', message: expect.stringMatching(message) }]);
  });
});
