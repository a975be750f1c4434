import { z } from 'zod';
import { bootConfig, serviceSchema } from '@itops/shared/config';

export const billingConfigSchema = serviceSchema.extend({
  ITOPS_PG_DATABASE: serviceSchema.shape.ITOPS_PG_DATABASE.default('itops_billing'),
  ITOPS_HTTP_PORT: serviceSchema.shape.ITOPS_HTTP_PORT.default(3106),
});
export type BillingConfig = z.infer<typeof billingConfigSchema>;

export const loadBillingConfig = (): BillingConfig => bootConfig(billingConfigSchema);
