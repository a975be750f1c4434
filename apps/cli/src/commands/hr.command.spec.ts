import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { cliHarness } from '../__fixtures__/cli-harness';
import { json, type Answer, type RecordedRequest } from '../__fixtures__/fake-fetch';
import { CliException, CliExceptionCode } from '../cli.exception';
import { checkPersonnummer, parseBookingId, parseDay, parseEmploymentId, parseInstant, parseText } from './hr.command';

// Valid numbers with their check digits: a personnummer and a samordningsnummer (day + 60).
const PNR = '19850709-9805';
const SAMORDNING = '198507699802';
const BAD_CHECK_DIGIT = '19850709-9806';

/** The CLI against a fake hr-feed, logged in, with stdout and stderr captured. */
const harness = (answer?: (request: RecordedRequest) => Answer) => cliHarness({ role: 'operator', subject: 'dev-operator' }, answer);

const BOOK = [
  'hr', 'book', '--booking', 'B-2026-0042', '--personnummer', PNR, '--given', 'Eva', '--surname', 'Lund',
  '--customer', 'B110', '--unit', 'S200', '--from', '2026-11-23T07:00:00+01:00', '--to', '2026-11-23T16:00:00+01:00',
];
const withOption = (name: string, value: string): string[] => {
  const args = [...BOOK];
  args[args.indexOf(name) + 1] = value;
  return args;
};

describe('hr argument checks', () => {
  const parsers = { parseBookingId, parseEmploymentId, parseInstant, parseDay, parseText };

  it.each([
    ['parseBookingId', 'B-2026-0042', 'B-2026-0042'],
    ['parseEmploymentId', '1001.2_a', '1001.2_a'],
    ['parseInstant', '2026-11-23T07:00:00+01:00', '2026-11-23T07:00:00+01:00'],
    ['parseInstant', '2026-11-23T06:00Z', '2026-11-23T06:00Z'],
    ['parseInstant', '2026-11-23T06:00:00.250-05:00', '2026-11-23T06:00:00.250-05:00'],
    ['parseDay', '2028-02-29', '2028-02-29'],
    ['parseText', ' *)(cn=* ', '*)(cn=*'],
  ] as const)('%s takes %j', (parser, value, expected) => {
    expect(parsers[parser](value)).toBe(expected);
  });

  it.each([
    ['parseBookingId', 'B 42', 'is not a booking id; expected 1-16 letters'],
    ['parseBookingId', '../employments', 'is not a booking id'],
    ['parseBookingId', 'x'.repeat(17), 'is not a booking id'],
    ['parseEmploymentId', '-1001', 'is not an employment id'],
    ['parseInstant', '2026-11-23T07:00:00', 'expected ISO-8601 with its offset'],
    ['parseInstant', '2026-11-23', 'is not an instant'],
    ['parseInstant', '2026-02-30T07:00:00Z', 'is not an instant'],
    ['parseInstant', '2026-11-23T25:00:00Z', 'is not an instant'],
    ['parseDay', '2026-02-29', 'is not a day; expected a calendar date YYYY-MM-DD'],
    ['parseDay', '30/11/2026', 'is not a day'],
    ['parseText', '   ', 'expected 1-200 characters on one line'],
    ['parseText', 'Eva\nLund', 'on one line'],
  ] as const)('%s refuses %j saying what is allowed', (parser, value, says) => {
    const run = () => parsers[parser](value);
    expect(run).toThrow(InvalidArgumentError);
    expect(run).toThrow(says);
  });

  it.each([
    [PNR, '198507099805'],
    ['198507099805', '198507099805'],
    [SAMORDNING, SAMORDNING],
  ])('checkPersonnummer takes %s as %s', (value, digits) => {
    expect(checkPersonnummer(value)).toBe(digits);
  });

  it.each([
    [BAD_CHECK_DIGIT, 'not a valid personnummer or samordningsnummer'],
    ['850709-9805', 'not 12 digits'],
    ['19850230-0000', 'not a valid personnummer'],
    ['19850709+9805', 'not 12 digits'],
  ])('checkPersonnummer refuses %s without repeating it', (value, says) => {
    let caught: unknown;
    try {
      checkPersonnummer(value);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CliException);
    expect((caught as CliException).code).toBe(CliExceptionCode.USAGE);
    expect((caught as CliException).message).toContain(says);
    expect((caught as CliException).message).not.toContain(value.slice(2, 8));
  });
});

describe('itops hr book|cancel-booking|end (against a fake hr-feed)', () => {
  it('book POSTs the booking as JSON and prints what hr-feed did', async () => {
    const cli = harness(() => json(201, { bookingId: 'B-2026-0042', personId: 'p-0123', status: 'booked', changeId: 'c-1' }));
    await expect(cli.run(...BOOK, '--form', 'TIM', '--unit-name', 'Skola Norr', '--protected-identity')).resolves.toBe(0);
    const [request] = cli.requests;
    expect([request.method, request.url.toString(), request.headers['content-type']]).toEqual(['POST', 'http://127.0.0.1:3101/v1/bookings', 'application/json']);
    expect(JSON.parse(request.body?.toString() ?? '')).toEqual({
      bookingId: 'B-2026-0042',
      personnummer: '198507099805',
      givenName: 'Eva',
      surname: 'Lund',
      customerCode: 'B110',
      unitCode: 'S200',
      unitName: 'Skola Norr',
      protectedIdentity: true,
      form: 'TIM',
      from: '2026-11-23T07:00:00+01:00',
      to: '2026-11-23T16:00:00+01:00',
    });
    expect(cli.stdout().split('\n')).toEqual(['booking B-2026-0042: booked; the joiner was announced', '  personId: p-0123', '  changeId: c-1']);
    expect(cli.stdout()).not.toContain('850709');
  });

  it('book defaults to a substitute (VIK) and prints the JSON answer as it came with --json', async () => {
    const answer = { bookingId: 'B-2026-0042', personId: 'p-0123', status: 'unchanged', changeId: null };
    const cli = harness(() => json(200, answer));
    await expect(cli.run(...BOOK, '--json')).resolves.toBe(0);
    expect(JSON.parse(cli.requests[0].body?.toString() ?? '')).toMatchObject({ form: 'VIK', protectedIdentity: false });
    expect(JSON.parse(cli.stdout())).toEqual(answer);
  });

  it.each([
    ['a personnummer with a wrong check digit', withOption('--personnummer', BAD_CHECK_DIGIT), 'not a valid personnummer or samordningsnummer'],
    ['a personnummer without century', withOption('--personnummer', '850709-9805'), 'not 12 digits'],
    ['an end before the start', withOption('--to', '2026-11-23T06:00:00+01:00'), '--to 2026-11-23T06:00:00+01:00 is not after --from 2026-11-23T07:00:00+01:00'],
    ['a start without offset', withOption('--from', '2026-11-23T07:00:00'), "option '--from <instant>' argument '2026-11-23T07:00:00' is invalid"],
    ['a lower-case customer', withOption('--customer', 'b110'), 'is not a customer code'],
    ['a booking id with a slash', withOption('--booking', 'B/1'), 'is not a booking id'],
    ['another form', [...BOOK, '--form', 'TV'], 'Allowed choices are VIK, TIM'],
    ['no personnummer', BOOK.filter((_, i) => i !== BOOK.indexOf('--personnummer') && i !== BOOK.indexOf('--personnummer') + 1), "required option '--personnummer <personnummer>' not specified"],
  ])('book refuses %s with exit 2, sending nothing and never printing the personnummer', async (_, args, says) => {
    const cli = harness();
    await expect(cli.run(...args)).resolves.toBe(2);
    expect(cli.stderr()).toContain(says);
    expect(cli.requests).toHaveLength(0);
    expect(`${cli.stdout()}${cli.stderr()}`).not.toContain('850709');
  });

  it('book fails with exit 1 and hr-feed\'s reason when it refuses the booking', async () => {
    const cli = harness(() =>
      json(422, {
        code: 'INVALID_BOOKING',
        message: "the booking is refused: customerCode 'B110' is not a known customer",
        details: [{ field: 'customerCode', message: "customerCode 'B110' is not a known customer" }],
      }),
    );
    await expect(cli.run(...BOOK)).resolves.toBe(1);
    expect(cli.stderr()).toContain("hr-feed refused POST /v1/bookings with HTTP 422 INVALID_BOOKING: the booking is refused: customerCode 'B110' is not a known customer");
  });

  it('cancel-booking DELETEs the booking', async () => {
    const cli = harness(() => json(200, { bookingId: 'B-2026-0042', personId: 'p-0123', status: 'cancelled', changeId: 'c-2' }));
    await expect(cli.run('hr', 'cancel-booking', 'B-2026-0042')).resolves.toBe(0);
    expect([cli.requests[0].method, cli.requests[0].url.pathname]).toEqual(['DELETE', '/v1/bookings/B-2026-0042']);
    expect(cli.stdout()).toContain('booking B-2026-0042: cancelled; access ends now');
  });

  it('end DELETEs the employment with its last day', async () => {
    const cli = harness(() => json(200, { employmentId: '1001', personId: 'p-0123', change: 'LEAVER', changeId: 'c-3' }));
    await expect(cli.run('hr', 'end', '1001', '--last-day', '2026-11-30')).resolves.toBe(0);
    expect([cli.requests[0].method, cli.requests[0].url.toString()]).toEqual(['DELETE', 'http://127.0.0.1:3101/v1/employments/1001?lastDay=2026-11-30']);
    expect(cli.stdout().split('\n')[0]).toBe('employment 1001: LEAVER, last day 2026-11-30');
  });

  it.each([
    [['hr', 'end', '1001'], "required option '--last-day <YYYY-MM-DD>' not specified"],
    [['hr', 'end', '1001', '--last-day', '2026-11-31'], 'is not a day'],
    [['hr', 'end', '../x', '--last-day', '2026-11-30'], 'is not an employment id'],
    [['hr', 'cancel-booking', 'B 1'], 'is not a booking id'],
  ])('%j is a usage error', async (args, says) => {
    const cli = harness();
    await expect(cli.run(...args)).resolves.toBe(2);
    expect(cli.stderr()).toContain(says);
    expect(cli.requests).toHaveLength(0);
  });
});

describe('itops hr import --changes-only (against a fake hr-feed)', () => {
  const answer = { snapshotId: 's-1', scope: 'changes', accepted: 1, rejected: [], changes: { joiners: 1, movers: 0, leavers: 0, unchanged: 0 }, held: false, dryRun: false };
  const importFile = (): string => {
    const file = join(mkdtempSync(join(tmpdir(), 'itops-cli-hr-file-')), 'changes.csv');
    writeFileSync(file, 'anstallningsnr;personnr\n');
    return file;
  };

  it.each([
    [['--changes-only'], '?dryRun=false&encoding=utf8&scope=changes'],
    [['--changes-only', '--dry-run', '--encoding', 'latin1'], '?dryRun=true&encoding=latin1&scope=changes'],
    // Without the flag no scope is sent: hr-feed then reads the file as a full snapshot.
    [[], '?dryRun=false&encoding=utf8'],
  ])('import %j asks hr-feed for %s', async (flags, search) => {
    const cli = harness(() => json(200, answer));
    await expect(cli.run('hr', 'import', importFile(), ...flags)).resolves.toBe(0);
    expect([cli.requests[0].method, cli.requests[0].url.pathname, cli.requests[0].url.search]).toEqual(['POST', '/v1/snapshots', search]);
  });

  it('prints the scope hr-feed answered with', async () => {
    const cli = harness(() => json(200, answer));
    await expect(cli.run('hr', 'import', importFile(), '--changes-only')).resolves.toBe(0);
    expect(cli.stdout().split('\n')).toContain('scope:      changes');
  });
});
