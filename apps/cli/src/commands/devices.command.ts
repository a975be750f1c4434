import { readFileSync } from 'node:fs';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { parseCustomerCode, parseExistingFile } from '../cli-argument.parsers';
import { serviceClient, type CliContext } from '../cli.context';
import { formatImportAnswer, formatRecord, formatTable, plural, toJson } from '../output.format';

const STATUSES = ['ORDERED', 'IN_STOCK', 'ASSIGNED', 'RETURN_REQUESTED', 'RETURNED', 'REFURBISHED', 'REASSIGNED', 'RECYCLED'] as const;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DEVICE_REF = /^[A-Za-z0-9][A-Za-z0-9-]{2,49}$/;

/** A device by its id (uuid) or serial number. */
export function parseDeviceRef(value: string): string {
  if (!DEVICE_REF.test(value)) throw new InvalidArgumentError(`"${value}" is not a device id or serial number; expected 3-50 letters, digits or -, e.g. PF3ABC12.`);
  return value;
}

export function parseDays(value: string): string {
  if (!/^\d{1,4}$/.test(value)) throw new InvalidArgumentError(`"${value}" is not a number of days; expected a whole number 0-9999, e.g. 60.`);
  return value;
}

export function parseMonths(value: string): number {
  const months = Number(value);
  if (!/^\d{1,2}$/.test(value) || months < 1 || months > 60) throw new InvalidArgumentError(`"${value}" is not an extension; expected whole months 1-60, e.g. 12.`);
  return months;
}

export function parseEffectiveDate(value: string): string {
  const match = DAY.exec(value);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!match || !date || date.getUTCMonth() !== Number(match[2]) - 1 || date.getUTCDate() !== Number(match[3])) {
    throw new InvalidArgumentError(`"${value}" is not a day; expected a calendar date YYYY-MM-DD, e.g. 2026-11-23.`);
  }
  return value;
}

export interface DeviceAnswer {
  id: string;
  serialNumber: string | null;
  deviceType: string;
  model: string;
  status: string;
  statusDate: string;
  accountId: string | null;
  customerCode: string | null;
  lastSeenAt: string | null;
  leaseEnd: string | null;
  leaseFlaggedOn: string | null;
}

export interface InactiveAnswer {
  asOf: string;
  notSeenDays: number;
  monthlyFeeSek: string;
  customers: Array<{
    customer: string;
    monthlyFeeSek: string;
    devices: Array<{ serialNumber: string | null; deviceType: string; model: string; accountId: string | null; lastSeenAt: string | null; reasons: string[]; monthlyFeeSek: string | null }>;
  }>;
}

export interface CircularityFigures {
  devices: number;
  reuseRate: number;
  averageAgeYears: number;
  recycled: number;
  reassigned: number;
}

const day = (instant: string | null): string | null => (instant ? instant.slice(0, 10) : null);

export function formatDevices(devices: readonly DeviceAnswer[]): string {
  if (devices.length === 0) return 'no devices';
  return formatTable<DeviceAnswer>(
    [
      { header: 'serial', value: (d) => d.serialNumber ?? `(order ${d.id.slice(0, 8)})` },
      { header: 'type', value: (d) => d.deviceType },
      { header: 'model', value: (d) => d.model },
      { header: 'status', value: (d) => d.status },
      { header: 'since', value: (d) => d.statusDate },
      { header: 'customer', value: (d) => d.customerCode },
      { header: 'account', value: (d) => d.accountId },
      { header: 'last seen', value: (d) => day(d.lastSeenAt) },
      { header: 'lease end', value: (d) => (d.leaseEnd ? `${d.leaseEnd}${d.leaseFlaggedOn ? ' (flagged)' : ''}` : null) },
    ],
    devices,
  );
}

export function formatInactive(answer: InactiveAnswer): string {
  const lines = [`billed devices that look unused on ${answer.asOf} (not seen for ${answer.notSeenDays} days, or held by a disabled or unknown account):`];
  if (answer.customers.length === 0) return `${lines[0]}\n  none`;
  for (const customer of answer.customers) {
    lines.push(`${customer.customer}: ${plural(customer.devices.length, 'device')}, ${customer.monthlyFeeSek} SEK a month`);
    lines.push(
      formatTable(
        [
          { header: 'serial', value: (d: InactiveAnswer['customers'][number]['devices'][number]) => d.serialNumber },
          { header: 'type', value: (d) => d.deviceType },
          { header: 'account', value: (d) => d.accountId },
          { header: 'last seen', value: (d) => day(d.lastSeenAt) ?? 'never' },
          { header: 'why', value: (d) => d.reasons.join(', ') },
          { header: 'SEK/month', value: (d) => d.monthlyFeeSek, align: 'right' },
        ],
        customer.devices,
        '  ',
      ),
    );
  }
  lines.push(`at stake: ${answer.monthlyFeeSek} SEK a month`);
  return lines.join('\n');
}

export function formatCircularity(answer: { asOf: string; customers: Array<{ customer: string } & CircularityFigures>; city: CircularityFigures }): string {
  const rows = [...answer.customers, { customer: 'city', ...answer.city }];
  return [
    `circularity on ${answer.asOf}:`,
    formatTable<{ customer: string } & CircularityFigures>(
      [
        { header: 'customer', value: (r) => r.customer },
        { header: 'devices', value: (r) => r.devices, align: 'right' },
        { header: 'reuse rate', value: (r) => `${(r.reuseRate * 100).toFixed(1)} %`, align: 'right' },
        { header: 'avg age (years)', value: (r) => r.averageAgeYears.toFixed(1), align: 'right' },
        { header: 'reassigned', value: (r) => r.reassigned, align: 'right' },
        { header: 'recycled', value: (r) => r.recycled, align: 'right' },
      ],
      rows,
      '  ',
    ),
  ].join('\n');
}

interface StepOptions {
  account?: string;
  serial?: string;
  model?: string;
  date?: string;
  months?: number;
  json?: boolean;
}

/**
 * `itops devices ...`: device exports, the fee table and leases into device; the lifecycle steps
 * of one device; the inactive list, circularity and lease-ending reports.
 */
export function registerDevicesCommands(program: Command, ctx: CliContext): void {
  const devices = program.command('devices').description('devices (Klient som tjanst): imports, lifecycle steps, inactive devices, circularity, lease end');
  const client = () => serviceClient(ctx, 'device');
  const csv = (file: string) => ({ body: readFileSync(file), contentType: 'text/csv' });

  devices
    .command('import')
    .description('send a device export (Intune/ConfigMgr CSV: Device name, Serial number, Primary user UPN, Last check-in, OS, ...): bad rows, duplicate serials and unknown users are reported by line, good rows kept')
    .argument('<file>', 'the export CSV (header row; "," or ";")', parseExistingFile)
    .option('--json', 'print device\'s JSON answer as it is')
    .action(async (file: string, options: { json?: boolean }) => {
      const answer = await client().post<Record<string, unknown>>('/v1/devices/imports', csv(file));
      if (options.json) return ctx.io.out(toJson(answer));
      const { holderDiffers, ...rest } = answer ?? {};
      const lines = [formatImportAnswer('device export', rest)];
      if (Array.isArray(holderDiffers) && holderDiffers.length > 0) {
        lines.push(`  ${plural(holderDiffers.length, 'known device')} whose primary user is not the holder here (left as they are; assign or return them):`, formatRecord(holderDiffers, '    '));
      }
      ctx.io.out(lines.join('\n'));
    });

  devices
    .command('fees')
    .description('send the device fee table (offering_code;device_type;model;monthly_fee_sek, e.g. KST-PC;PC;;389.50)')
    .argument('<file>', 'the fee table CSV', parseExistingFile)
    .option('--json', 'print device\'s JSON answer as it is')
    .action(async (file: string, options: { json?: boolean }) => {
      const answer = await client().post('/v1/offerings', csv(file));
      ctx.io.out(options.json ? toJson(answer) : formatImportAnswer('device fee table', answer));
    });

  devices
    .command('leases')
    .description('send lease contracts (contract_id,supplier,start_date,term_months[,serial_number]): the devices named are put under their contract')
    .argument('<file>', 'the lease contract CSV', parseExistingFile)
    .option('--json', 'print device\'s JSON answer as it is')
    .action(async (file: string, options: { json?: boolean }) => {
      const answer = await client().post('/v1/leases', csv(file));
      ctx.io.out(options.json ? toJson(answer) : formatImportAnswer('lease contracts', answer));
    });

  devices
    .command('list')
    .description('devices, optionally of one customer, in one status or held by one account')
    .option('--customer <code>', 'customer code (kundkod), e.g. N138', parseCustomerCode)
    .addOption(new Option('--status <status>', 'only devices in this status').choices(STATUSES))
    .option('--account <id>', 'only the devices of this account id')
    .option('--json', 'print device\'s JSON answer as it is')
    .action(async (options: { customer?: string; status?: string; account?: string; json?: boolean }) => {
      const answer = await client().get<{ devices: DeviceAnswer[] }>('/v1/devices', { query: { customer: options.customer, status: options.status, account: options.account } });
      ctx.io.out(options.json ? toJson(answer) : formatDevices(answer.devices));
    });

  devices
    .command('show')
    .description('one device by id or serial number, with its lease contract and history')
    .argument('<device>', 'device id or serial number', parseDeviceRef)
    .option('--json', 'print device\'s JSON answer as it is')
    .action(async (ref: string, options: { json?: boolean }) => {
      const answer = await client().get<{ device: DeviceAnswer; lease: Record<string, unknown> | null; history: Array<{ status: string; effectiveDate: string; cause: string; accountId: string | null }> }>(
        `/v1/devices/${encodeURIComponent(ref)}`,
      );
      if (options.json) return ctx.io.out(toJson(answer));
      ctx.io.out(
        [
          formatRecord(answer.device),
          ...(answer.lease ? ['lease:', formatRecord(answer.lease, '  ')] : []),
          'history:',
          formatTable(
            [
              { header: 'day', value: (h: (typeof answer.history)[number]) => h.effectiveDate },
              { header: 'status', value: (h) => h.status },
              { header: 'account', value: (h) => h.accountId },
              { header: 'cause', value: (h) => h.cause },
            ],
            answer.history,
            '  ',
          ),
        ].join('\n'),
      );
    });

  const step = (name: string, description: string, configure: (command: Command) => Command = (c) => c) =>
    configure(
      devices
        .command(name)
        .description(description)
        .argument('<device>', 'device id or serial number', parseDeviceRef),
    )
      .option('--date <YYYY-MM-DD>', 'the day it takes effect (default: today, Europe/Stockholm)', parseEffectiveDate)
      .option('--json', 'print device\'s JSON answer as it is')
      .action(async (ref: string, options: StepOptions) => {
        const answer = await client().post<DeviceAnswer>(`/v1/devices/${encodeURIComponent(ref)}/${name}`, {
          json: { accountId: options.account, serialNumber: options.serial, model: options.model, effectiveDate: options.date },
        });
        ctx.io.out(options.json ? toJson(answer) : formatDevices([answer]));
      });

  step('assign', 'give a device in stock (or refurbished) to an account: ASSIGNED, or REASSIGNED when it had a holder before', (c) =>
    c.requiredOption('--account <id>', 'the account id of the new holder'),
  );
  step('deliver', 'hand out an ordered device: its serial number (and model) are registered and it is ASSIGNED to the account that ordered it', (c) =>
    c.requiredOption('--serial <serial>', 'the serial number of the device handed out', parseDeviceRef).option('--model <model>', 'the model, e.g. "Latitude 5440"'),
  );
  step('request-return', 'ask for a device back (billing stops the day before)');
  step('return', 'the device came back: RETURNED, no holder');
  step('refurbish', 'a returned device was refurbished for reuse');
  step('stock', 'put an ordered, returned or refurbished device in stock');
  step('recycle', 'the device is out of use for good');

  devices
    .command('extend-lease')
    .description('extend a device\'s lease by whole months from its current end; clears its lease-end flag')
    .argument('<device>', 'device id or serial number', parseDeviceRef)
    .requiredOption('--months <n>', 'months to add, 1-60', parseMonths)
    .option('--json', 'print device\'s JSON answer as it is')
    .action(async (ref: string, options: StepOptions) => {
      const answer = await client().post<DeviceAnswer>(`/v1/devices/${encodeURIComponent(ref)}/extend-lease`, { json: { months: options.months } });
      ctx.io.out(options.json ? toJson(answer) : formatDevices([answer]));
    });

  devices
    .command('inactive')
    .description('"is the subscription really active?": billed devices not seen for a number of days, or held by leavers, disabled or unknown accounts, per customer with the monthly fee at stake')
    .option('--customer <code>', 'only this customer (kundkod), e.g. N138', parseCustomerCode)
    .option('--days <n>', 'not seen for more than this many days (default: the service\'s ITOPS_DEVICE_INACTIVE_DAYS, 60)', parseDays)
    .option('--json', 'print device\'s JSON answer as it is')
    .action(async (options: { customer?: string; days?: string; json?: boolean }) => {
      const answer = await client().get<InactiveAnswer>('/v1/devices/inactive', { query: { customer: options.customer, days: options.days } });
      ctx.io.out(options.json ? toJson(answer) : formatInactive(answer));
    });

  devices
    .command('circularity')
    .description('reuse rate, average age, devices reassigned and recycled, per customer and city-wide')
    .option('--customer <code>', 'only this customer (kundkod), e.g. N138', parseCustomerCode)
    .option('--json', 'print device\'s JSON answer as it is')
    .action(async (options: { customer?: string; json?: boolean }) => {
      const answer = await client().get<{ asOf: string; customers: Array<{ customer: string } & CircularityFigures>; city: CircularityFigures }>('/v1/devices/circularity', {
        query: { customer: options.customer },
      });
      ctx.io.out(options.json ? toJson(answer) : formatCircularity(answer));
    });

  devices
    .command('lease-ending')
    .description('devices whose lease ends within a number of days (or has ended): replace or extend them')
    .option('--days <n>', 'within this many days (default: the service\'s ITOPS_DEVICE_LEASE_WARNING_DAYS, 90)', parseDays)
    .option('--check', 'run the lease-end check first (it flags the devices; it also runs on its schedule)')
    .option('--json', 'print device\'s JSON answer as it is')
    .action(async (options: { days?: string; check?: boolean; json?: boolean }) => {
      if (options.check) await client().post('/v1/lease-checks');
      const answer = await client().get<{ asOf: string; until: string; devices: DeviceAnswer[] }>('/v1/lease-ending', { query: { days: options.days } });
      ctx.io.out(options.json ? toJson(answer) : `leases ending by ${answer.until} (as of ${answer.asOf}):\n${formatDevices(answer.devices)}`);
    });
}
