import Decimal from 'decimal.js';
import { addDays } from '@itops/shared/calendar';
import { isBilled, type DeviceStatus } from './device-lifecycle.rules';
import { ageInYears } from './lease.rules';

/** Why a paid-for device looks unused ("is the subscription really active?"). */
export type InactiveReason = 'NOT_SEEN' | 'ACCOUNT_DISABLED' | 'NO_KNOWN_ACCOUNT';

export interface DeviceUseFacts {
  status: DeviceStatus;
  /** Stockholm day of the last check-in, or null when never seen. */
  lastSeenDate: string | null;
  /** null when the holder's account is unknown to the service. */
  accountEnabled: boolean | null;
}

/**
 * The reasons a billed device looks unused on `today`: not seen for `notSeenDays` days (or never),
 * held by a leaver or otherwise disabled account, or held by an account the service does not know.
 * Devices that are not billed have no reasons: nobody pays for them.
 */
export function inactiveReasons(device: DeviceUseFacts, today: string, notSeenDays: number): InactiveReason[] {
  if (!isBilled(device.status)) return [];
  const reasons: InactiveReason[] = [];
  if (device.lastSeenDate === null || device.lastSeenDate < addDays(today, -notSeenDays)) reasons.push('NOT_SEEN');
  if (device.accountEnabled === false) reasons.push('ACCOUNT_DISABLED');
  if (device.accountEnabled === null) reasons.push('NO_KNOWN_ACCOUNT');
  return reasons;
}

/** The monthly fees at stake, summed exactly. */
export const sumFees = (fees: readonly (string | null)[]): string => fees.reduce((sum, fee) => sum.plus(fee ?? 0), new Decimal(0)).toFixed(2);

export interface CircularityFacts {
  customerCode: string;
  status: DeviceStatus;
  /** How many holders the device has had. */
  timesAssigned: number;
  /** The day the device came into the service (lease start, else first registration). */
  inServiceSince: string;
}

export interface Circularity {
  devices: number;
  /** reassigned / devices that have had a holder, 0..1 with 3 decimals. */
  reuseRate: number;
  /** Mean age in years (1 decimal) of the devices not recycled. */
  averageAgeYears: number;
  recycled: number;
  /** Devices that have had more than one holder (återbrukade). */
  reassigned: number;
}

/** Circularity figures (återbruk) of a set of devices. */
export function circularity(devices: readonly CircularityFacts[], today: string): Circularity {
  const everHeld = devices.filter((d) => d.timesAssigned > 0).length;
  const reassigned = devices.filter((d) => d.timesAssigned > 1).length;
  const inUse = devices.filter((d) => d.status !== 'RECYCLED');
  const ages = inUse.map((d) => ageInYears(d.inServiceSince, today));
  return {
    devices: devices.length,
    reuseRate: everHeld === 0 ? 0 : Math.round((reassigned / everHeld) * 1000) / 1000,
    averageAgeYears: ages.length === 0 ? 0 : Math.round((ages.reduce((a, b) => a + b, 0) / ages.length) * 10) / 10,
    recycled: devices.filter((d) => d.status === 'RECYCLED').length,
    reassigned,
  };
}

/** Per customer (code order) and city-wide. */
export function circularityByCustomer(devices: readonly CircularityFacts[], today: string): { customers: Array<{ customer: string } & Circularity>; city: Circularity } {
  const codes = [...new Set(devices.map((d) => d.customerCode))].sort();
  return {
    customers: codes.map((customer) => ({ customer, ...circularity(devices.filter((d) => d.customerCode === customer), today) })),
    city: circularity(devices, today),
  };
}
