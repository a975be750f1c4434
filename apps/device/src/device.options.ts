import type { DeviceConfig } from './device.config';

export const DEVICE_OPTIONS = Symbol('DEVICE_OPTIONS');

/** What the use cases read from the config, and the clock (specs pass their own). */
export interface DeviceOptions {
  readonly inactiveDays: number;
  readonly leaseWarningDays: number;
  readonly leaseCheckIntervalSeconds: number;
  readonly now: () => Date;
}

export const deviceOptions = (config: DeviceConfig, now: () => Date = () => new Date()): DeviceOptions => ({
  inactiveDays: config.ITOPS_DEVICE_INACTIVE_DAYS,
  leaseWarningDays: config.ITOPS_DEVICE_LEASE_WARNING_DAYS,
  leaseCheckIntervalSeconds: config.ITOPS_DEVICE_LEASE_CHECK_INTERVAL_SECONDS,
  now,
});
