import { isCalendarDate } from '@itops/shared/calendar';
import { readCsv, type RejectedRow } from './csv.reader';
import { deviceTypeOfOs, type DeviceType } from './device-lifecycle.rules';

/**
 * The columns of the management system's device export, as Intune's "Export" of All devices
 * (and ConfigMgr reports) name them. Only serial number and OS are required; the user may be
 * empty (a device in stock has no primary user).
 */
export const INVENTORY_COLUMNS = {
  deviceName: { names: ['Device name', 'DeviceName', 'Name'], required: false },
  serialNumber: { names: ['Serial number', 'SerialNumber'], required: true },
  primaryUserUpn: { names: ['Primary user UPN', 'PrimaryUserUPN', 'UPN', 'User principal name'], required: false },
  lastCheckIn: { names: ['Last check-in', 'Last check in', 'LastCheckIn', 'Last contact', 'LastContact', 'Last sync date time'], required: false },
  os: { names: ['OS', 'Operating system', 'OperatingSystem'], required: true },
  osVersion: { names: ['OS version', 'OSVersion'], required: false },
  manufacturer: { names: ['Manufacturer'], required: false },
  model: { names: ['Model'], required: false },
} as const;

export interface InventoryRow {
  line: number;
  deviceName: string;
  serialNumber: string;
  /** Lower-case; empty when the device has no primary user. */
  primaryUserUpn: string;
  /** The last check-in as an instant, or null when the device never checked in. */
  lastCheckIn: Date | null;
  os: string;
  osVersion: string;
  manufacturer: string;
  model: string;
  deviceType: DeviceType;
}

export interface InventoryImport {
  rows: InventoryRow[];
  rejected: RejectedRow[];
}

const SERIAL = /^[A-Za-z0-9][A-Za-z0-9-]{2,49}$/;
const UPN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Reads a device export. A row with a bad field is rejected with its line; the rest is kept.
 * Two rows with the same serial number are both rejected, each naming the other line: which of
 * them is the device is for IT operations to find out, not for the import to guess.
 * Matching users to accounts happens afterwards (matchInventory), against the service's accounts.
 */
export function parseInventory(bytes: Buffer): InventoryImport {
  const rejected: RejectedRow[] = [];
  const rows: InventoryRow[] = [];
  for (const { line, values } of readCsv(bytes, INVENTORY_COLUMNS, 'device export')) {
    const problems: RejectedRow[] = [];
    const serialNumber = values.serialNumber.toUpperCase();
    if (!SERIAL.test(serialNumber)) {
      problems.push({ line, field: 'Serial number', message: `"${values.serialNumber}" is not a serial number; expected 3-50 letters, digits or -` });
    }
    const deviceType = deviceTypeOfOs(values.os);
    if (!deviceType) problems.push({ line, field: 'OS', message: `"${values.os}" is not a supported OS; expected Windows, macOS, iPadOS, iOS or Android` });
    const upn = values.primaryUserUpn.toLowerCase();
    if (upn !== '' && !UPN.test(upn)) problems.push({ line, field: 'Primary user UPN', message: `"${values.primaryUserUpn}" is not a user principal name; expected name@domain or empty` });
    const lastCheckIn = parseCheckIn(values.lastCheckIn);
    if (lastCheckIn === undefined) {
      problems.push({ line, field: 'Last check-in', message: `"${values.lastCheckIn}" is not a time; expected e.g. 2026-11-20 08:15:00, 2026-11-20T07:15:00Z or empty` });
    }
    if (problems.length > 0 || !deviceType || lastCheckIn === undefined) {
      rejected.push(...problems);
      continue;
    }
    rows.push({
      line,
      deviceName: values.deviceName,
      serialNumber,
      primaryUserUpn: upn,
      lastCheckIn,
      os: values.os,
      osVersion: values.osVersion,
      manufacturer: values.manufacturer,
      model: values.model,
      deviceType,
    });
  }

  const linesBySerial = new Map<string, number[]>();
  for (const row of rows) linesBySerial.set(row.serialNumber, [...(linesBySerial.get(row.serialNumber) ?? []), row.line]);
  const kept = rows.filter((row) => {
    const lines = linesBySerial.get(row.serialNumber) ?? [];
    if (lines.length < 2) return true;
    const others = lines.filter((l) => l !== row.line).join(', ');
    rejected.push({ line: row.line, field: 'Serial number', message: `serial number ${row.serialNumber} is also on line ${others}; a serial number may appear once` });
    return false;
  });
  rejected.sort((a, b) => a.line - b.line);
  return { rows: kept, rejected };
}

/**
 * "2026-11-20 08:15:00" (the export's local time, Europe/Stockholm), an ISO instant with zone,
 * "2026-11-20" or empty (never checked in: null). undefined for anything else.
 */
export function parseCheckIn(value: string): Date | null | undefined {
  if (value === '') return null;
  if (/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(value)) {
    const instant = new Date(value);
    return Number.isNaN(instant.getTime()) ? undefined : instant;
  }
  const match = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(value);
  if (!match || !isCalendarDate(match[1])) return undefined;
  const [hh, mm, ss] = [Number(match[2] ?? 0), Number(match[3] ?? 0), Number(match[4] ?? 0)];
  if (hh > 23 || mm > 59 || ss > 59) return undefined;
  return stockholmWallClock(match[1], hh, mm, ss);
}

const STOCKHOLM_OFFSET = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Stockholm', timeZoneName: 'shortOffset' });
/** Offsets by UTC hour: an export has a few thousand distinct hours at most, and Intl is slow per call. */
const offsetByHour = new Map<number, number>();

function stockholmOffsetMs(instant: number): number {
  const hour = Math.floor(instant / 3_600_000);
  let offset = offsetByHour.get(hour);
  if (offset === undefined) {
    const name = STOCKHOLM_OFFSET.formatToParts(new Date(hour * 3_600_000)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT+1';
    offset = Number(/GMT([+-]\d+)?/.exec(name)?.[1] ?? 0) * 3_600_000;
    offsetByHour.set(hour, offset);
  }
  return offset;
}

/** A Stockholm wall-clock time as an instant (CET +1, CEST +2, as the time zone database says). */
function stockholmWallClock(date: string, hh: number, mm: number, ss: number): Date {
  const asUtc = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)), hh, mm, ss);
  const guess = asUtc - stockholmOffsetMs(asUtc);
  return new Date(asUtc - stockholmOffsetMs(guess));
}

/** An account the import may match a primary user to. */
export interface KnownAccount {
  accountId: string;
  customerCode: string;
  enabled: boolean;
}

export interface MatchedInventoryRow extends InventoryRow {
  account: KnownAccount | null;
}

/**
 * Matches each row's primary user to an account by UPN. A user the service does not know, or a
 * UPN more than one account has (a rename not yet seen everywhere), is reported with the row's
 * line and not imported: a device is never given to a guessed holder.
 */
export function matchInventory(
  rows: readonly InventoryRow[],
  accountsByUpn: ReadonlyMap<string, readonly KnownAccount[]>,
): { matched: MatchedInventoryRow[]; rejected: RejectedRow[] } {
  const matched: MatchedInventoryRow[] = [];
  const rejected: RejectedRow[] = [];
  for (const row of rows) {
    if (row.primaryUserUpn === '') {
      matched.push({ ...row, account: null });
      continue;
    }
    const accounts = accountsByUpn.get(row.primaryUserUpn) ?? [];
    if (accounts.length === 1) {
      matched.push({ ...row, account: accounts[0] });
      continue;
    }
    rejected.push({
      line: row.line,
      field: 'Primary user UPN',
      message:
        accounts.length === 0
          ? `no account has the UPN ${row.primaryUserUpn}; fix the primary user in the management system or leave it empty`
          : `${accounts.length} accounts have the UPN ${row.primaryUserUpn}; import the row again when identity has settled which one it is`,
    });
  }
  return { matched, rejected };
}
