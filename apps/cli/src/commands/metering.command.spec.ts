import { InvalidArgumentError } from 'commander';
import { cliHarness } from '../__fixtures__/cli-harness';
import { json, type Answer, type RecordedRequest } from '../__fixtures__/fake-fetch';
import { parseDay, parseQuantity, parseReason, parseSubjectId, parseSubjectType } from './metering.command';

/** The CLI against a fake metering, logged in as an operator, with stdout and stderr captured. */
const meteringHarness = (answer?: (request: RecordedRequest) => Answer) => cliHarness({ role: 'operator', subject: 'anna.operator' }, answer);

const ADJUST = ['metering', 'adjust', '--customer', 'N138', '--offering', 'KONTO', '--subject-type', 'account', '--subject', 'a-1', '--quantity', '-1', '--from', '2026-11-01'];
const recorded = {
  id: '0193b2a4-0000-7000-8000-000000000001',
  kind: 'adjust',
  customer: 'N138',
  offering: 'KONTO',
  subjectType: 'account',
  subjectId: 'a-1',
  quantity: '-1',
  validFrom: '2026-11-01',
  validTo: '2026-11-30',
  reason: 'counted twice, INC-4711',
  operator: 'anna.operator',
  recordedAt: '2026-11-22T12:00:00.000Z',
};

describe('metering argument checks', () => {
  it.each([
    [parseQuantity, '-1', '-1'],
    [parseQuantity, '0.5', '0.5'],
    [parseQuantity, '12.0025', '12.0025'],
    [parseSubjectType, 'printer', 'printer'],
    [parseSubjectId, '0193b2a4-acc1', '0193b2a4-acc1'],
    [parseDay, '2028-02-29', '2028-02-29'],
    [parseReason, '  counted twice ', 'counted twice'],
  ])('%p takes %j', (parser, value, expected) => {
    expect(parser(value)).toBe(expected);
  });

  it.each([
    [parseQuantity, '-1,5', 'is not a quantity; expected a non-zero decimal'],
    [parseQuantity, '0', 'is not a quantity'],
    [parseQuantity, '-0.00', 'is not a quantity'],
    [parseQuantity, '1e3', 'is not a quantity'],
    [parseQuantity, '0.12345', 'is not a quantity'],
    [parseSubjectType, 'Account', 'is not a subject type; expected 1-32 lower-case letters'],
    [parseSubjectId, 'a b', 'expected 1-200 characters without spaces'],
    [parseDay, '2026-02-29', '"2026-02-29" is not a day'],
    [parseDay, '2026-11', 'is not a day'],
    [parseReason, '   ', 'expected why the ledger is corrected'],
  ])('%p refuses %j', (parser, value, message) => {
    expect(() => parser(value)).toThrow(InvalidArgumentError);
    expect(() => parser(value)).toThrow(message);
  });
});

describe('itops metering adjust', () => {
  it('POSTs the correction as JSON, quantity and dates as text, and prints what was recorded', async () => {
    const cli = meteringHarness(() => json(201, recorded));
    await expect(cli.run(...ADJUST, '--to', '2026-11-30', '--reason', 'counted twice, INC-4711')).resolves.toBe(0);
    expect(cli.requests).toHaveLength(1);
    expect(cli.requests[0].method).toBe('POST');
    expect(cli.requests[0].url.toString()).toBe('http://127.0.0.1:3105/v1/adjustments');
    expect(cli.requests[0].headers['authorization']).toBe('Bearer eyJ.stored');
    expect(JSON.parse(cli.requests[0].body?.toString() ?? '')).toEqual({
      customer: 'N138',
      offering: 'KONTO',
      subjectType: 'account',
      subjectId: 'a-1',
      quantity: '-1',
      validFrom: '2026-11-01',
      validTo: '2026-11-30',
      reason: 'counted twice, INC-4711',
    });
    expect(cli.stdout().split('\n')).toEqual([
      'adjustment 0193b2a4-0000-7000-8000-000000000001: N138 KONTO account a-1 -1 from 2026-11-01 to 2026-11-30',
      'recorded by anna.operator at 2026-11-22 13:00:00 (Europe/Stockholm): counted twice, INC-4711',
    ]);
  });

  it('sends no validTo for an open-ended correction and prints the answer as it came with --json', async () => {
    const cli = meteringHarness(() => json(201, { ...recorded, validTo: null }));
    await expect(cli.run(...ADJUST, '--quantity=0.5', '--reason', 'r', '--json')).resolves.toBe(0);
    const sent = JSON.parse(cli.requests[0].body?.toString() ?? '');
    expect(sent).not.toHaveProperty('validTo');
    expect(sent.quantity).toBe('0.5');
    expect(JSON.parse(cli.stdout())).toEqual({ ...recorded, validTo: null });
  });

  it.each([
    [['--reason', 'r', '--to', '2026-10-31'], '--to 2026-10-31 is before --from 2026-11-01'],
    [[], "required option '--reason <text>' not specified"],
    [['--reason', 'r', '--quantity', 'many'], '"many" is not a quantity'],
    [['--reason', 'r', '--customer', 'n138'], "option '--customer <code>' argument 'n138' is invalid"],
  ])('refuses %j with exit 2 before sending anything', async (extra, message) => {
    const cli = meteringHarness();
    await expect(cli.run(...ADJUST, ...extra)).resolves.toBe(2);
    expect(cli.stderr()).toContain(message);
    expect(cli.requests).toHaveLength(0);
  });

  it('prints metering\'s refusal, whose message names every field at fault, exit 1', async () => {
    const message = 'subjectId: looks like a personal identity number; expected the pseudonymous person id; validFrom: "2026-11-31" is not a date';
    const cli = meteringHarness(() => json(400, { code: 'INVALID_ADJUSTMENT', message, details: [] }));
    await expect(cli.run(...ADJUST, '--reason', 'r')).resolves.toBe(1);
    expect(cli.stderr()).toContain(`metering refused POST /v1/adjustments with HTTP 400 INVALID_ADJUSTMENT: ${message}`);
  });
});
