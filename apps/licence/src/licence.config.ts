import { z } from 'zod';
import { bootConfig, serviceSchema } from '@itops/shared/config';

export const licenceConfigSchema = serviceSchema.extend({
  ITOPS_PG_DATABASE: serviceSchema.shape.ITOPS_PG_DATABASE.default('itops_licence'),
  ITOPS_HTTP_PORT: serviceSchema.shape.ITOPS_HTTP_PORT.default(3103),
});
export type LicenceConfig = z.infer<typeof licenceConfigSchema>;

export const loadLicenceConfig = (): LicenceConfig => bootConfig(licenceConfigSchema);
