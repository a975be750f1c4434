import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { cliHarness } from '../__fixtures__/cli-harness';
import { json, type Answer, type RecordedRequest } from '../__fixtures__/fake-fetch';
import { parseDays, parseDeviceRef, parseEffectiveDate, parseMonths } from './devices.command';

const devicesHarness = (answer?: (request: RecordedRequest) => Answer) => cliHarness({ role: 'operator', subject: 'anna.operator' }, answer);

const pc = {
  id: '0193b2a4-0000-7000-8000-000000000001',
  serialNumber: 'PF3ABC12',
  deviceType: 'PC',
  model: 'Latitude 5440',
  status: 'REASSIGNED',
  statusDate: '2026-11-25',
  accountId: 'a-2',
  customerCode: 'N138',
  lastSeenAt: '2026-11-20T07:15:00.000Z',
  leaseEnd: '2026-12-14',
  leaseFlaggedOn: '2026-11-22',
};

describe('devices argument checks', () => {
  it.each([
    [parseDeviceRef, 'PF3ABC12', 'PF3ABC12'],
    [parseDeviceRef, '0193b2a4-0000-7000-8000-000000000001', '0193b2a4-0000-7000-8000-000000000001'],
    [parseDays, '60', '60'],
    [parseMonths, '12', 12],
    [parseEffectiveDate, '2028-02-29', '2028-02-29'],
  ])('%p takes %j', (parser, value, expected) => {
    expect(parser(value)).toBe(expected);
  });

  it.each([
    [parseDeviceRef, 'a b', 'is not a device id or serial number'],
    [parseDays, '-1', 'is not a number of days'],
    [parseMonths, '0', 'is not an extension'],
    [parseMonths, '61', 'is not an extension'],
    [parseEffectiveDate, '2026-02-30', 'is not a day'],
  ])('%p refuses %j', (parser, value, message) => {
    expect(() => parser(value)).toThrow(InvalidArgumentError);
    expect(() => parser(value)).toThrow(message);
  });
});

describe('itops devices', () => {
  it('import sends the export as text/csv and prints the counts, the rejected rows and the holders that differ', async () => {
    const cli = devicesHarness(() =>
      json(200, {
        accepted: 2,
        created: 1,
        updated: 1,
        rejected: [{ line: 4, field: 'Primary user UPN', message: 'no account has the UPN ghost@itops.test; fix the primary user in the management system or leave it empty' }],
        holderDiffers: [{ line: 3, serialNumber: 'SN2', exportUser: 'b@itops.test', holderAccountId: 'a-1' }],
      }),
    );
    const file = join(cli.dir, 'export.csv');
    writeFileSync(file, 'Device name,Serial number,Primary user UPN,Last check-in,OS\n');
    await expect(cli.run('devices', 'import', file)).resolves.toBe(0);
    expect(cli.requests[0].method).toBe('POST');
    expect(cli.requests[0].url.toString()).toBe('http://127.0.0.1:3104/v1/devices/imports');
    expect(cli.requests[0].headers['content-type']).toBe('text/csv');
    expect(cli.requests[0].body?.toString()).toContain('Serial number');
    const out = cli.stdout();
    expect(out).toContain('accepted: 2');
    expect(out).toContain('1 row rejected:');
    expect(out).toMatch(/4 +Primary user UPN +no account has the UPN ghost@itops.test/);
    expect(out).toContain('1 known device whose primary user is not the holder here');
    expect(out).toContain('serialNumber:    SN2');
  });

  it('inactive asks for one customer and the days, and prints each customer with the fee at stake', async () => {
    const cli = devicesHarness(() =>
      json(200, {
        asOf: '2026-11-22',
        notSeenDays: 30,
        monthlyFeeSek: '518.50',
        customers: [
          {
            customer: 'N138',
            monthlyFeeSek: '518.50',
            devices: [
              { serialNumber: 'SN1', deviceType: 'PC', model: '', accountId: 'a-1', lastSeenAt: null, reasons: ['NOT_SEEN'], monthlyFeeSek: '389.50' },
              { serialNumber: 'SN2', deviceType: 'MOBILE', model: '', accountId: 'a-2', lastSeenAt: '2026-11-21T08:00:00Z', reasons: ['ACCOUNT_DISABLED'], monthlyFeeSek: '129.00' },
            ],
          },
        ],
      }),
    );
    await expect(cli.run('devices', 'inactive', '--customer', 'N138', '--days', '30')).resolves.toBe(0);
    expect(cli.requests[0].url.toString()).toBe('http://127.0.0.1:3104/v1/devices/inactive?customer=N138&days=30');
    expect(cli.stdout().split('\n')).toEqual([
      'billed devices that look unused on 2026-11-22 (not seen for 30 days, or held by a disabled or unknown account):',
      'N138: 2 devices, 518.50 SEK a month',
      '  serial  type    account  last seen   why               SEK/month',
      '  SN1     PC      a-1      never       NOT_SEEN             389.50',
      '  SN2     MOBILE  a-2      2026-11-21  ACCOUNT_DISABLED     129.00',
      'at stake: 518.50 SEK a month',
    ]);
  });

  it('inactive --json prints the answer as it came', async () => {
    const answer = { asOf: '2026-11-22', notSeenDays: 60, monthlyFeeSek: '0.00', customers: [] };
    const cli = devicesHarness(() => json(200, answer));
    await expect(cli.run('devices', 'inactive', '--json')).resolves.toBe(0);
    expect(JSON.parse(cli.stdout())).toEqual(answer);
    expect(cli.requests[0].url.toString()).toBe('http://127.0.0.1:3104/v1/devices/inactive');
  });

  it('assign POSTs the account and the day, and prints the device', async () => {
    const cli = devicesHarness(() => json(200, pc));
    await expect(cli.run('devices', 'assign', 'PF3ABC12', '--account', 'a-2', '--date', '2026-11-25')).resolves.toBe(0);
    expect(cli.requests[0].url.toString()).toBe('http://127.0.0.1:3104/v1/devices/PF3ABC12/assign');
    expect(JSON.parse(cli.requests[0].body?.toString() ?? '')).toEqual({ accountId: 'a-2', effectiveDate: '2026-11-25' });
    expect(cli.stdout()).toMatch(/PF3ABC12 +PC +Latitude 5440 +REASSIGNED +2026-11-25 +N138 +a-2 +2026-11-20 +2026-12-14 \(flagged\)/);
  });

  it('show prints the device, its lease contract and its history', async () => {
    const cli = devicesHarness(() =>
      json(200, {
        device: { serialNumber: 'PF3ABC12', status: 'REASSIGNED' },
        lease: { contractId: 'L-2023-7', supplier: 'Atea', startDate: '2023-12-15', termMonths: 36, endDate: '2026-12-14' },
        history: [
          { status: 'ASSIGNED', effectiveDate: '2026-01-10', accountId: 'a-1', cause: 'import by anna' },
          { status: 'RETURNED', effectiveDate: '2026-11-24', accountId: null, cause: 'operator:anna' },
        ],
      }),
    );
    await expect(cli.run('devices', 'show', 'PF3ABC12')).resolves.toBe(0);
    expect(cli.requests[0].url.toString()).toBe('http://127.0.0.1:3104/v1/devices/PF3ABC12');
    expect(cli.stdout().split('\n')).toEqual([
      'serialNumber: PF3ABC12',
      'status:       REASSIGNED',
      'lease:',
      '  contractId: L-2023-7',
      '  supplier:   Atea',
      '  startDate:  2023-12-15',
      '  termMonths: 36',
      '  endDate:    2026-12-14',
      'history:',
      '  day         status    account  cause',
      '  2026-01-10  ASSIGNED  a-1      import by anna',
      '  2026-11-24  RETURNED  -        operator:anna',
    ]);
  });

  it('refuses assign without --account before sending anything', async () => {
    const cli = devicesHarness();
    await expect(cli.run('devices', 'assign', 'PF3ABC12')).resolves.toBe(2);
    expect(cli.requests).toHaveLength(0);
    expect(cli.stderr()).toContain("required option '--account <id>' not specified");
  });

  it('a refused step fails with the service\'s message', async () => {
    const cli = devicesHarness(() => json(409, { code: 'INVALID_TRANSITION', message: 'a device that is ASSIGNED cannot be given the step "recycle"; allowed: request-return, return' }));
    await expect(cli.run('devices', 'recycle', 'PF3ABC12')).resolves.toBe(1);
    expect(cli.stderr()).toContain('cannot be given the step "recycle"');
  });

  it('lease-ending --check runs the check, then lists the devices', async () => {
    const cli = devicesHarness((request) =>
      request.url.toString().includes('lease-checks') ? json(200, { ran: true, flagged: 1 }) : json(200, { asOf: '2026-11-22', until: '2027-02-20', devices: [pc] }),
    );
    await expect(cli.run('devices', 'lease-ending', '--check')).resolves.toBe(0);
    expect(cli.requests.map((r) => `${r.method} ${r.url.pathname}`)).toEqual(['POST /v1/lease-checks', 'GET /v1/lease-ending']);
    expect(cli.stdout()).toContain('leases ending by 2027-02-20 (as of 2026-11-22):');
  });

  it('circularity prints each customer and the city', async () => {
    const figures = { devices: 3, reuseRate: 0.667, averageAgeYears: 3, recycled: 1, reassigned: 2 };
    const cli = devicesHarness(() => json(200, { asOf: '2026-11-22', customers: [{ customer: 'N138', ...figures }], city: figures }));
    await expect(cli.run('devices', 'circularity')).resolves.toBe(0);
    expect(cli.stdout().split('\n')).toEqual([
      'circularity on 2026-11-22:',
      '  customer  devices  reuse rate  avg age (years)  reassigned  recycled',
      '  N138            3      66.7 %              3.0           2         1',
      '  city            3      66.7 %              3.0           2         1',
    ]);
  });
});
