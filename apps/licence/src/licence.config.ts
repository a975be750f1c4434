import { existsSync } from 'node:fs';
import { z } from 'zod';
import { bootConfig, serviceSchema } from '@itops/shared/config';
import type { DirectorySettings } from '@itops/shared/ldap';

const DN = /^(?:(?:OU|DC|CN|O)=(?:\\.|[^,=\\])+)(?:,(?:OU|DC|CN|O)=(?:\\.|[^,=\\])+)*$/i;
const dn = (example: string) => z.string().trim().regex(DN, `must be a DN of OU=, CN=, O= and DC= parts, e.g. ${example}`);

export const licenceConfigSchema = serviceSchema
  .extend({
    ITOPS_PG_DATABASE: serviceSchema.shape.ITOPS_PG_DATABASE.default('itops_licence'),
    ITOPS_HTTP_PORT: serviceSchema.shape.ITOPS_HTTP_PORT.default(3103),
    /** The domain controller, LDAPS only (the same directory identity manages). */
    ITOPS_LDAP_URL: z
      .string()
      .regex(/^ldaps:\/\/[^\s/:]+(:\d{1,5})?\/?$/i, 'must be an ldaps:// URL such as ldaps://dc1.example.org:636 (plain ldap:// is not allowed)')
      .default('ldaps://127.0.0.1:636'),
    ITOPS_LDAP_BIND_DN: dn('CN=svc-itops-licence,OU=Service,DC=example,DC=org').default('CN=Administrator,CN=Users,DC=itops,DC=test'),
    /** Secret: from the environment or a Kubernetes Secret only. The default is the local stack's. */
    ITOPS_LDAP_BIND_PASSWORD: z.string().min(1, 'must not be empty').default('Itops-Admin-2026!'),
    ITOPS_LDAP_BASE_DN: dn('DC=example,DC=org').default('DC=itops,DC=test'),
    /** The subtree where the accounts are (licence finds them there by sAMAccountName); default OU=itops,<base DN>. */
    ITOPS_LDAP_MANAGED_OU: dn('OU=itops,DC=example,DC=org').optional(),
    /** PEM file of the CA that signed the DC's certificate; without it the certificate is not verified (local use only). */
    ITOPS_LDAP_CA_FILE: z
      .string()
      .min(1)
      .refine((path) => existsSync(path), 'must name a readable PEM file')
      .optional(),
    /** Name the DC's certificate is issued to, when the URL reaches the DC by another name or an IP address. */
    ITOPS_LDAP_TLS_SERVERNAME: z
      .string()
      .regex(/^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/, 'must be a DNS name, e.g. DC1.example.org')
      .optional(),
    /** Days a leaver keeps the licences after identity disabled the account, before they are released. */
    ITOPS_LICENCE_LEAVER_GRACE_DAYS: z.coerce.number().int('must be a whole number of days').min(0).max(365).default(30),
    /** Days without any sign-in or activity after which a licence is an "inactive" harvest candidate. */
    ITOPS_LICENCE_INACTIVE_DAYS: z.coerce.number().int('must be a whole number of days').min(7).max(730).default(90),
    /** Seconds between release runs (leavers after grace, ended substitute bookings); 0 runs them only on demand. */
    ITOPS_LICENCE_RELEASE_INTERVAL_SECONDS: z.coerce.number().int('must be a whole number of seconds').min(0).max(86_400).default(300),
  })
  .transform((config) => ({ ...config, ITOPS_LDAP_MANAGED_OU: config.ITOPS_LDAP_MANAGED_OU ?? `OU=itops,${config.ITOPS_LDAP_BASE_DN}` }));

export type LicenceConfig = z.infer<typeof licenceConfigSchema>;

export const loadLicenceConfig = (): LicenceConfig => bootConfig(licenceConfigSchema);

export const directorySettings = (config: LicenceConfig): DirectorySettings => ({
  url: config.ITOPS_LDAP_URL,
  bindDn: config.ITOPS_LDAP_BIND_DN,
  bindPassword: config.ITOPS_LDAP_BIND_PASSWORD,
  baseDn: config.ITOPS_LDAP_BASE_DN,
  caFile: config.ITOPS_LDAP_CA_FILE,
  tlsServername: config.ITOPS_LDAP_TLS_SERVERNAME,
});

/** What the use cases read from config, and the clock (specs set it). */
export const LICENCE_OPTIONS = Symbol('LICENCE_OPTIONS');
export interface LicenceOptions {
  managedOu: string;
  leaverGraceDays: number;
  inactiveDays: number;
  releaseIntervalSeconds: number;
  now: () => Date;
}
