import { DeviceException, DeviceExceptionCode } from './device.exception';

/** The statuses of device.device.v1, in lifecycle order. */
export const DEVICE_STATUSES = [
  'ORDERED',
  'IN_STOCK',
  'ASSIGNED',
  'RETURN_REQUESTED',
  'RETURNED',
  'REFURBISHED',
  'REASSIGNED',
  'RECYCLED',
] as const;
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];

export const DEVICE_TYPES = ['PC', 'IPAD', 'MOBILE'] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];

/** What an operator (or an event) does to a device. */
export type DeviceStep = 'deliver' | 'stock' | 'assign' | 'request-return' | 'return' | 'refurbish' | 'recycle';

/**
 * Which step is allowed from which status, and where it leads. A returned PC is refurbished
 * before it goes back to stock or to a new holder (återbruk); only devices out of use are
 * recycled. "assign" leads to ASSIGNED the first time and REASSIGNED for a device that has had
 * a holder before: the circularity figures count those.
 */
const STEPS: Readonly<Record<DeviceStep, { from: readonly DeviceStatus[]; to: DeviceStatus | 'ASSIGNED|REASSIGNED' }>> = {
  deliver: { from: ['ORDERED'], to: 'ASSIGNED|REASSIGNED' },
  stock: { from: ['ORDERED', 'RETURNED', 'REFURBISHED'], to: 'IN_STOCK' },
  assign: { from: ['IN_STOCK', 'REFURBISHED'], to: 'ASSIGNED|REASSIGNED' },
  'request-return': { from: ['ASSIGNED', 'REASSIGNED', 'ORDERED'], to: 'RETURN_REQUESTED' },
  return: { from: ['ASSIGNED', 'REASSIGNED', 'RETURN_REQUESTED'], to: 'RETURNED' },
  refurbish: { from: ['RETURNED'], to: 'REFURBISHED' },
  recycle: { from: ['IN_STOCK', 'RETURNED', 'REFURBISHED'], to: 'RECYCLED' },
};

export const DEVICE_STEPS = Object.keys(STEPS) as DeviceStep[];

/**
 * The status a step leads to, or a DeviceException naming the status and the steps it allows.
 * @param timesAssigned how many holders the device has had before this step.
 */
export function nextStatus(current: DeviceStatus, step: DeviceStep, timesAssigned: number): DeviceStatus {
  const rule = STEPS[step];
  if (!rule.from.includes(current)) {
    const allowed = DEVICE_STEPS.filter((s) => STEPS[s].from.includes(current));
    throw new DeviceException(
      DeviceExceptionCode.INVALID_TRANSITION,
      `a device that is ${current} cannot be given the step "${step}"; allowed: ${allowed.length ? allowed.join(', ') : 'none (the device is out of use)'}`,
    );
  }
  if (rule.to === 'ASSIGNED|REASSIGNED') return timesAssigned > 0 ? 'REASSIGNED' : 'ASSIGNED';
  return rule.to;
}

/** A device is billed to its customer for the days it is with a holder (ASSIGNED or REASSIGNED). */
export const isBilled = (status: DeviceStatus): boolean => status === 'ASSIGNED' || status === 'REASSIGNED';

/** Statuses in which the device has a holder whose account matters. */
export const HELD_STATUSES: readonly DeviceStatus[] = ['ORDERED', 'ASSIGNED', 'REASSIGNED', 'RETURN_REQUESTED'];

export function isDeviceStatus(value: string): value is DeviceStatus {
  return (DEVICE_STATUSES as readonly string[]).includes(value);
}

export function isDeviceType(value: string): value is DeviceType {
  return (DEVICE_TYPES as readonly string[]).includes(value);
}

/**
 * The device type from the operating system the management system reports: Windows and macOS
 * are client computers (PC in the price list), iPadOS tablets, iOS and Android phones.
 */
export function deviceTypeOfOs(os: string): DeviceType | undefined {
  const name = os.trim().toLowerCase();
  if (name.startsWith('windows') || name === 'macos' || name === 'mac os' || name.startsWith('macos')) return 'PC';
  if (name.startsWith('ipados')) return 'IPAD';
  if (name === 'ios' || name.startsWith('android')) return 'MOBILE';
  return undefined;
}
