import { z } from 'zod';
import { bootConfig, checkManagedOu, ldapSchema, serviceSchema, withManagedOu } from '@itops/shared/config';
import { directorySettingsFrom, type DirectorySettings } from '@itops/shared/ldap';

export const identityConfigSchema = serviceSchema
  .merge(ldapSchema)
  .extend({
    ITOPS_PG_DATABASE: serviceSchema.shape.ITOPS_PG_DATABASE.default('itops_identity'),
    ITOPS_HTTP_PORT: serviceSchema.shape.ITOPS_HTTP_PORT.default(3102),
    /** UPN suffix: accounts are <sAMAccountName>@<this>. */
    ITOPS_AD_UPN_DOMAIN: z
      .string()
      .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/, 'must be a lower-case DNS name, e.g. itops.test')
      .default('itops.test'),
    /** Days before the first day of work that the (disabled) account is prepared. */
    ITOPS_IDENTITY_LEAD_DAYS: z.coerce.number().int('must be a whole number of days').min(0).max(90).default(14),
    /** Days a leaver's disabled account is kept after the last day before it is deleted from AD. */
    ITOPS_IDENTITY_RETENTION_DAYS: z.coerce.number().int('must be a whole number of days').min(0).max(3650).default(90),
    /** Days a mover keeps the old placement's access after the move. */
    ITOPS_IDENTITY_MOVER_TRANSITION_DAYS: z.coerce.number().int('must be a whole number of days').min(0).max(365).default(30),
    /** Minutes before a substitute or hourly booking starts that its account is enabled. */
    ITOPS_IDENTITY_BOOKING_LEAD_MINUTES: z.coerce.number().int('must be a whole number of minutes').min(0).max(1440).default(60),
    /** Minutes after a booking ends that its account stays enabled before it expires by itself. */
    ITOPS_IDENTITY_BOOKING_GRACE_MINUTES: z.coerce.number().int('must be a whole number of minutes').min(0).max(1440).default(60),
    /** Seconds between runs of the account lifecycle (dates reached: starts, ends, bookings, retention); 0 runs it only on demand. */
    ITOPS_IDENTITY_LIFECYCLE_INTERVAL_SECONDS: z.coerce.number().int('must be a whole number of seconds').min(0).max(86_400).default(60),
    /** Share of the accounts read (0-1) one reconciliation may take access from or disable before it is held for approval. */
    ITOPS_IDENTITY_RECONCILE_MAX_REMOVAL_SHARE: z.coerce.number().min(0, 'must be a share from 0 to 1, e.g. 0.05').max(1, 'must be a share from 0 to 1, e.g. 0.05').default(0.05),
    /** Seconds between scheduled reconciliations with AD (applied); 0 runs it only on demand. */
    ITOPS_IDENTITY_RECONCILE_INTERVAL_SECONDS: z.coerce.number().int('must be a whole number of seconds').min(0).max(604_800).default(0),
  })
  .superRefine(checkManagedOu)
  .transform(withManagedOu);

export type IdentityConfig = z.infer<typeof identityConfigSchema>;

export const loadIdentityConfig = (): IdentityConfig => bootConfig(identityConfigSchema);

export const directorySettings = (config: IdentityConfig): DirectorySettings => directorySettingsFrom(config);

