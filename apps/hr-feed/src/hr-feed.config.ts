import { z } from 'zod';
import { bootConfig, serviceSchema } from '@itops/shared/config';

/**
 * The person id secret of the local stack only. Anyone who knows it can test every personnummer
 * against a person id, so every real installation sets its own (a Kubernetes Secret); main.ts warns
 * when this one is in use.
 */
export const LOCAL_ONLY_PERSON_ID_SECRET = 'itops-local-stack-only-person-id-secret';

export const hrFeedConfigSchema = serviceSchema.extend({
  ITOPS_PG_DATABASE: serviceSchema.shape.ITOPS_PG_DATABASE.default('itops_hr_feed'),
  ITOPS_HTTP_PORT: serviceSchema.shape.ITOPS_HTTP_PORT.default(3101),
  /**
   * Secret. HMAC key of the pseudonymous person id (personIdFor). Must stay the same for the life of
   * the platform: changing it gives every person a new id in every service.
   */
  ITOPS_HR_PERSON_ID_SECRET: z
    .string()
    .min(16, 'must be at least 16 characters (a random secret, the same for the life of the platform)')
    .default(LOCAL_ONLY_PERSON_ID_SECRET),
  /** Largest share of active employments that may leave in one snapshot before it is held for approval. */
  ITOPS_HR_MAX_LEAVER_SHARE: z.coerce
    .number({ invalid_type_error: 'must be a number from 0 to 1, e.g. 0.05' })
    .min(0, 'must be a number from 0 to 1, e.g. 0.05')
    .max(1, 'must be a number from 0 to 1, e.g. 0.05')
    .default(0.05),
});
export type HrFeedConfig = z.infer<typeof hrFeedConfigSchema>;

export const loadHrFeedConfig = (): HrFeedConfig => bootConfig(hrFeedConfigSchema);

/** What the snapshot use cases need from the config. */
export interface HrFeedSettings {
  readonly personIdSecret: string;
  readonly maxLeaverShare: number;
}
export const HR_FEED_SETTINGS = Symbol('HR_FEED_SETTINGS');

export const hrFeedSettings = (config: HrFeedConfig): HrFeedSettings => ({
  personIdSecret: config.ITOPS_HR_PERSON_ID_SECRET,
  maxLeaverShare: config.ITOPS_HR_MAX_LEAVER_SHARE,
});
