import { z } from 'zod';
import { bootConfig, checkManagedOu, ldapSchema, serviceSchema, withManagedOu } from '@itops/shared/config';
import { directorySettingsFrom, type DirectorySettings } from '@itops/shared/ldap';

export const licenceConfigSchema = serviceSchema
  .merge(ldapSchema)
  .extend({
    ITOPS_PG_DATABASE: serviceSchema.shape.ITOPS_PG_DATABASE.default('itops_licence'),
    ITOPS_HTTP_PORT: serviceSchema.shape.ITOPS_HTTP_PORT.default(3103),
    /** Days a leaver keeps the licences after identity disabled the account, before they are released. */
    ITOPS_LICENCE_LEAVER_GRACE_DAYS: z.coerce.number().int('must be a whole number of days').min(0).max(365).default(30),
    /** Days without any sign-in or activity after which a licence is an "inactive" harvest candidate. */
    ITOPS_LICENCE_INACTIVE_DAYS: z.coerce.number().int('must be a whole number of days').min(7).max(730).default(90),
    /** Seconds between release runs (leavers after grace, ended substitute bookings); 0 runs them only on demand. */
    ITOPS_LICENCE_RELEASE_INTERVAL_SECONDS: z.coerce.number().int('must be a whole number of seconds').min(0).max(86_400).default(300),
  })
  .superRefine(checkManagedOu)
  .transform(withManagedOu);

export type LicenceConfig = z.infer<typeof licenceConfigSchema>;

export const loadLicenceConfig = (): LicenceConfig => bootConfig(licenceConfigSchema);

export const directorySettings = (config: LicenceConfig): DirectorySettings => directorySettingsFrom(config);

/** What the use cases read from config, and the clock (specs set it). */
export const LICENCE_OPTIONS = Symbol('LICENCE_OPTIONS');
export interface LicenceOptions {
  managedOu: string;
  leaverGraceDays: number;
  inactiveDays: number;
  releaseIntervalSeconds: number;
  now: () => Date;
}
