import { z } from 'zod';
import { bootConfig, serviceSchema } from '@itops/shared/config';

export const billingConfigSchema = serviceSchema.extend({
  ITOPS_PG_DATABASE: serviceSchema.shape.ITOPS_PG_DATABASE.default('itops_billing'),
  ITOPS_HTTP_PORT: serviceSchema.shape.ITOPS_HTTP_PORT.default(3106),
  /**
   * Offering whose ledger items are the headcount (one open item per person and customer),
   * the allocation key of costs shared by headcount. Not billed unless the price list has it.
   */
  ITOPS_BILLING_HEADCOUNT_OFFERING: z.string().regex(/^[A-Z0-9-]{2,20}$/, 'must be an offering code like ANSTALLDA').default('ANSTALLDA'),
});
export type BillingConfig = z.infer<typeof billingConfigSchema>;

export const loadBillingConfig = (): BillingConfig => bootConfig(billingConfigSchema);
