import { z } from 'zod';
import { bootConfig, serviceSchema } from '@itops/shared/config';

export const meteringConfigSchema = serviceSchema.extend({
  ITOPS_PG_DATABASE: serviceSchema.shape.ITOPS_PG_DATABASE.default('itops_metering'),
  ITOPS_HTTP_PORT: serviceSchema.shape.ITOPS_HTTP_PORT.default(3105),
  /** Offering that an enabled user account is metered as (tjänstekod in the price list). */
  ITOPS_METERING_ACCOUNT_OFFERING: z.string().regex(/^[A-Z0-9-]{2,20}$/, 'must be an offering code like KONTO').default('KONTO'),
  /** Offering that a person employed by a customer is metered as: the headcount (antal anställda) per customer. */
  ITOPS_METERING_HEADCOUNT_OFFERING: z.string().regex(/^[A-Z0-9-]{2,20}$/, 'must be an offering code like ANSTALLDA').default('ANSTALLDA'),
});
export type MeteringConfig = z.infer<typeof meteringConfigSchema>;

export const loadMeteringConfig = (): MeteringConfig => bootConfig(meteringConfigSchema);
