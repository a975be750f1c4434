import { DeviceException } from './device.exception';
import { matchInventory, parseCheckIn, parseInventory } from './device-inventory.parser';

const HEADER = 'Device name,Serial number,Primary user UPN,Last check-in,OS,OS version,Manufacturer,Model';
const csv = (...lines: string[]) => Buffer.from([HEADER, ...lines].join('\n'));

describe('parseInventory (Intune "Export" of All devices)', () => {
  it('reads the export\'s own header names, with a BOM, in any column order', () => {
    const file = Buffer.from('\uFEFFModel,OS,Serial number,Primary user UPN,Device name,Last check-in\n"Latitude 5440",Windows,pf3abc12,Anna.S@itops.test,GBG-PC-1,2026-11-20 08:15:00\n');
    const { rows, rejected } = parseInventory(file);
    expect(rejected).toEqual([]);
    expect(rows).toEqual([
      expect.objectContaining({ line: 2, serialNumber: 'PF3ABC12', primaryUserUpn: 'anna.s@itops.test', deviceType: 'PC', model: 'Latitude 5440', deviceName: 'GBG-PC-1' }),
    ]);
    // 08:15 in Stockholm in November is 07:15 UTC.
    expect(rows[0].lastCheckIn?.toISOString()).toBe('2026-11-20T07:15:00.000Z');
  });

  it('keeps good rows and reports each bad one with its line, field and reason', () => {
    const { rows, rejected } = parseInventory(
      csv(
        'PC-1,SN0001,a@itops.test,2026-11-20 08:00:00,Windows,10.0.22631,Lenovo,T14',
        'PC-2,,b@itops.test,2026-11-20 08:00:00,Windows,,,',
        'PC-3,SN0003,b@itops.test,yesterday,Windows,,,',
        'PHONE,SN0004,,2026-11-19T10:00:00Z,Symbian,,,',
        'PAD,SN0005,,,iPadOS,17.1,Apple,iPad 10th gen',
      ),
    );
    expect(rows.map((r) => [r.line, r.serialNumber, r.deviceType, r.lastCheckIn])).toEqual([
      [2, 'SN0001', 'PC', new Date('2026-11-20T07:00:00Z')],
      [6, 'SN0005', 'IPAD', null],
    ]);
    expect(rejected).toEqual([
      { line: 3, field: 'Serial number', message: '"" is not a serial number; expected 3-50 letters, digits or -' },
      { line: 4, field: 'Last check-in', message: expect.stringContaining('"yesterday" is not a time') },
      { line: 5, field: 'OS', message: '"Symbian" is not a supported OS; expected Windows, macOS, iPadOS, iOS or Android' },
    ]);
  });

  it('rejects both rows of a duplicated serial number, each naming the other line', () => {
    const { rows, rejected } = parseInventory(csv('A,SN0001,,,Windows,,,', 'B,sn0001,,,Windows,,,', 'C,SN0002,,,iOS,,,'));
    expect(rows.map((r) => r.serialNumber)).toEqual(['SN0002']);
    expect(rejected).toEqual([
      { line: 2, field: 'Serial number', message: 'serial number SN0001 is also on line 3; a serial number may appear once' },
      { line: 3, field: 'Serial number', message: 'serial number SN0001 is also on line 2; a serial number may appear once' },
    ]);
  });

  it.each([
    ['', 'the device export is empty'],
    ['Device name,OS\nPC-1,Windows\n', 'the device export has no column "Serial number"'],
  ])('refuses a file it cannot read: %j', (text, message) => {
    expect(() => parseInventory(Buffer.from(text))).toThrow(DeviceException);
    expect(() => parseInventory(Buffer.from(text))).toThrow(message);
  });

  it.each([
    ['2026-07-01 12:00', '2026-07-01T10:00:00.000Z'],
    // The first hour of summer time (clocks went from 02:00 to 03:00).
    ['2026-03-29 03:30', '2026-03-29T01:30:00.000Z'],
    ['2026-03-29 01:30', '2026-03-29T00:30:00.000Z'],
    ['2026-01-15', '2026-01-14T23:00:00.000Z'],
    ['2026-11-20T07:15:00+01:00', '2026-11-20T06:15:00.000Z'],
  ])('reads the check-in %j as %s', (value, iso) => {
    expect(parseCheckIn(value)?.toISOString()).toBe(iso);
  });

  it.each(['2026-02-30 10:00', '20/11/2026', '2026-11-20 25:00'])('refuses the check-in %j', (value) => {
    expect(parseCheckIn(value)).toBeUndefined();
  });
});

describe('matchInventory', () => {
  it('matches users by UPN and reports unknown users instead of guessing', () => {
    const { rows } = parseInventory(csv('A,SN0001,a@itops.test,,Windows,,,', 'B,SN0002,ghost@itops.test,,Windows,,,', 'C,SN0003,,,Windows,,,', 'D,SN0004,twice@itops.test,,Windows,,,'));
    const accounts = new Map([
      ['a@itops.test', [{ accountId: 'acc-a', customerCode: 'N138', enabled: true }]],
      [
        'twice@itops.test',
        [
          { accountId: 'acc-b', customerCode: 'N138', enabled: false },
          { accountId: 'acc-c', customerCode: 'B110', enabled: true },
        ],
      ],
    ]);
    const { matched, rejected } = matchInventory(rows, accounts);
    expect(matched.map((r) => [r.serialNumber, r.account?.accountId ?? null])).toEqual([
      ['SN0001', 'acc-a'],
      ['SN0003', null],
    ]);
    expect(rejected).toEqual([
      { line: 3, field: 'Primary user UPN', message: 'no account has the UPN ghost@itops.test; fix the primary user in the management system or leave it empty' },
      { line: 5, field: 'Primary user UPN', message: '2 accounts have the UPN twice@itops.test; import the row again when identity has settled which one it is' },
    ]);
  });
});
