import { z } from 'zod';
import { bootConfig, serviceSchema } from '@itops/shared/config';

export const deviceConfigSchema = serviceSchema.extend({
  ITOPS_PG_DATABASE: serviceSchema.shape.ITOPS_PG_DATABASE.default('itops_device'),
  ITOPS_HTTP_PORT: serviceSchema.shape.ITOPS_HTTP_PORT.default(3104),
});
export type DeviceConfig = z.infer<typeof deviceConfigSchema>;

export const loadDeviceConfig = (): DeviceConfig => bootConfig(deviceConfigSchema);
