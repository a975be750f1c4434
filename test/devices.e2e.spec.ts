import { randomInt } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { itops, itopsJson } from './cli';

interface DeviceAnswer {
  id: string;
  serialNumber: string;
  status: string;
  leaseEnd: string | null;
  leaseFlaggedOn: string | null;
}

/**
 * Devices on the running device service, driven through the CLI as IT operations would: the
 * fee table, a device export with bad rows (a duplicate serial, an unknown user, an unsupported
 * OS), lease contracts, the lease-end check and an extension, a device's way from stock to
 * recycling, and the reports. Serial numbers are new per run; the service's database may hold
 * other devices, so the spec looks at its own.
 */
describe('devices through the CLI', () => {
  const run = `${Date.now().toString(36)}${randomInt(36 ** 3).toString(36)}`.toUpperCase();
  const serial = (n: number) => `E2E${run}${n}`;
  const dir = mkdtempSync(join(tmpdir(), 'itops-e2e-devices-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const stockholmDay = (instant: Date): string => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(instant);
  const plusMonths = (day: string, months: number): string => {
    const [y, m, d] = day.split('-').map(Number);
    return new Date(Date.UTC(y, m - 1 + months, d)).toISOString().slice(0, 10);
  };
  const today = stockholmDay(new Date());

  beforeAll(() => {
    // A token store of this spec's own, so other specs' logins are left alone.
    process.env.ITOPS_STATE = mkdtempSync(join(tmpdir(), 'itops-e2e-devices-state-'));
    const login = itops('login', '--role', 'operator');
    if (login.status !== 0) throw new Error(`itops login failed: ${login.stderr}`);
  });

  it('imports the fee table', () => {
    const answer = itopsJson<{ accepted: number; rejected: unknown[] }>('devices', 'fees', file('fees.csv', 'offering_code;device_type;model;monthly_fee_sek\nKST-PC;PC;;389.50\nKST-IPAD;IPAD;;199.00\nKST-MOBIL;MOBILE;;129.00\n'));
    expect(answer).toEqual({ accepted: 3, rejected: [] });
  });

  it('imports a device export, keeping good rows and reporting bad ones by line', () => {
    const exportFile = file(
      'export.csv',
      [
        'Device name,Serial number,Primary user UPN,Last check-in,OS,OS version,Manufacturer,Model',
        `E2E-1,${serial(1)},,2026-11-20 08:00:00,Windows,10.0.22631,Dell,Latitude 5440`,
        `E2E-2,${serial(2)},,,iPadOS,17.1,Apple,iPad`,
        `E2E-3,${serial(3)},nobody.${run.toLowerCase()}@itops.test,,Windows,,,`,
        `E2E-4,${serial(4)},,,Windows,,,`,
        `E2E-5,${serial(4)},,,Windows,,,`,
        `E2E-6,${serial(6)},,,Tizen,,,`,
      ].join('\r\n'),
    );
    const human = itops('devices', 'import', exportFile);
    expect(human.status).toBe(0);
    expect(human.stdout).toContain('4 rows rejected:');
    const again = itopsJson<{ accepted: number; created: number; updated: number; rejected: Array<{ line: number; field: string }> }>('devices', 'import', exportFile);
    // The second time the good rows are known devices: updated, not created.
    expect(again).toMatchObject({ accepted: 2, created: 0, delivered: 0, updated: 2 });
    expect(again.rejected.map((r) => [r.line, r.field])).toEqual([
      [4, 'Primary user UPN'],
      [5, 'Serial number'],
      [6, 'Serial number'],
      [7, 'OS'],
    ]);
    const shown = itopsJson<{ device: DeviceAnswer }>('devices', 'show', serial(1));
    expect(shown.device).toMatchObject({ serialNumber: serial(1), status: 'IN_STOCK' });
  });

  it('flags a lease about to end, and an extension clears the flag', () => {
    const start = plusMonths(today, -35);
    const leases = itopsJson<{ devices: number; rejected: unknown[] }>('devices', 'leases', file('leases.csv', `contract_id,supplier,start_date,term_months,serial_number\nL-${run},Atea,${start},36,${serial(1)}\n`));
    expect(leases).toMatchObject({ devices: 1, rejected: [] });
    const ending = itopsJson<{ devices: DeviceAnswer[] }>('devices', 'lease-ending', '--check');
    const mine = ending.devices.find((d) => d.serialNumber === serial(1));
    expect(mine).toMatchObject({ leaseFlaggedOn: today });
    const extended = itopsJson<DeviceAnswer>('devices', 'extend-lease', serial(1), '--months', '12');
    expect(extended.leaseFlaggedOn).toBeNull();
    expect(extended.leaseEnd).toBe(plusMonths(mine?.leaseEnd ?? '', 12));
  });

  it('refuses a step the status does not allow, and recycles a device from stock', () => {
    const refused = itops('devices', 'refurbish', serial(2));
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('a device that is IN_STOCK cannot be given the step "refurbish"; allowed: assign, recycle');
    expect(itopsJson<DeviceAnswer>('devices', 'recycle', serial(2)).status).toBe('RECYCLED');
    const history = itopsJson<{ history: Array<{ status: string; cause: string }> }>('devices', 'show', serial(2)).history;
    expect(history.map((h) => h.status)).toEqual(['IN_STOCK', 'RECYCLED']);
    expect(history[1].cause).toMatch(/^operator:/);
  });

  it('answers the reports', () => {
    const circularity = itopsJson<{ city: { devices: number; recycled: number } }>('devices', 'circularity');
    expect(circularity.city.devices).toBeGreaterThanOrEqual(2);
    expect(circularity.city.recycled).toBeGreaterThanOrEqual(1);
    const inactive = itopsJson<{ asOf: string; notSeenDays: number; customers: unknown[] }>('devices', 'inactive');
    expect(inactive).toMatchObject({ asOf: today, notSeenDays: 60 });
    const human = itops('devices', 'inactive', '--customer', 'N138');
    expect(human.status).toBe(0);
    expect(human.stdout).toContain(`billed devices that look unused on ${today}`);
  });
});
