import { z } from 'zod';
import { bootConfig, serviceSchema } from '@itops/shared/config';

export const deviceConfigSchema = serviceSchema.extend({
  ITOPS_PG_DATABASE: serviceSchema.shape.ITOPS_PG_DATABASE.default('itops_device'),
  ITOPS_HTTP_PORT: serviceSchema.shape.ITOPS_HTTP_PORT.default(3104),
  /** A billed device not checked in for this many days is listed as inactive ("is the subscription really active?"). */
  ITOPS_DEVICE_INACTIVE_DAYS: z.coerce.number().int().min(1).max(3650).default(60),
  /** Devices whose lease ends within this many days are flagged for replacement or extension. */
  ITOPS_DEVICE_LEASE_WARNING_DAYS: z.coerce.number().int().min(0).max(730).default(90),
  /** How often the lease-end check runs, in seconds (0: never; POST /v1/lease-checks runs it on demand). */
  ITOPS_DEVICE_LEASE_CHECK_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(604800).default(86400),
});
export type DeviceConfig = z.infer<typeof deviceConfigSchema>;

export const loadDeviceConfig = (): DeviceConfig => bootConfig(deviceConfigSchema);
