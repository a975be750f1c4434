import { existsSync } from 'node:fs';
import { z } from 'zod';
import { bootConfig, serviceSchema } from '@itops/shared/config';
import type { DirectorySettings } from '@itops/shared/ldap';

const DN = /^(?:(?:OU|DC|CN|O)=(?:\\.|[^,=\\])+)(?:,(?:OU|DC|CN|O)=(?:\\.|[^,=\\])+)*$/i;
const dn = (example: string) => z.string().trim().regex(DN, `must be a DN of OU=, CN=, O= and DC= parts, e.g. ${example}`);

export const identityConfigSchema = serviceSchema
  .extend({
    ITOPS_PG_DATABASE: serviceSchema.shape.ITOPS_PG_DATABASE.default('itops_identity'),
    ITOPS_HTTP_PORT: serviceSchema.shape.ITOPS_HTTP_PORT.default(3102),
    /** The domain controller. LDAPS only: AD takes passwords over an encrypted connection only. */
    ITOPS_LDAP_URL: z
      .string()
      .regex(/^ldaps:\/\/[^\s/:]+(:\d{1,5})?\/?$/i, 'must be an ldaps:// URL such as ldaps://dc1.example.org:636 (plain ldap:// is not allowed)')
      .default('ldaps://127.0.0.1:636'),
    ITOPS_LDAP_BIND_DN: dn('CN=svc-itops,OU=Service,DC=example,DC=org').default('CN=Administrator,CN=Users,DC=itops,DC=test'),
    /** Secret: from the environment or a Kubernetes Secret only. The default is the local stack's. */
    ITOPS_LDAP_BIND_PASSWORD: z.string().min(1, 'must not be empty').default('Itops-Admin-2026!'),
    ITOPS_LDAP_BASE_DN: dn('DC=example,DC=org').default('DC=itops,DC=test'),
    /** The subtree identity manages (one OU per customer below it); default OU=itops,<base DN>. */
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
  .superRefine((config, ctx) => {
    if (config.ITOPS_LDAP_MANAGED_OU && !isBelow(config.ITOPS_LDAP_MANAGED_OU, config.ITOPS_LDAP_BASE_DN)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['ITOPS_LDAP_MANAGED_OU'], message: `must be below ITOPS_LDAP_BASE_DN (${config.ITOPS_LDAP_BASE_DN})` });
    }
  })
  .transform((config) => ({ ...config, ITOPS_LDAP_MANAGED_OU: config.ITOPS_LDAP_MANAGED_OU ?? `OU=itops,${config.ITOPS_LDAP_BASE_DN}` }));

export type IdentityConfig = z.infer<typeof identityConfigSchema>;

export const loadIdentityConfig = (): IdentityConfig => bootConfig(identityConfigSchema);

export const directorySettings = (config: IdentityConfig): DirectorySettings => ({
  url: config.ITOPS_LDAP_URL,
  bindDn: config.ITOPS_LDAP_BIND_DN,
  bindPassword: config.ITOPS_LDAP_BIND_PASSWORD,
  baseDn: config.ITOPS_LDAP_BASE_DN,
  caFile: config.ITOPS_LDAP_CA_FILE,
  tlsServername: config.ITOPS_LDAP_TLS_SERVERNAME,
});

/** True when `dn` is `base` or below it (DNs compare without regard to case or spaces after commas). */
function isBelow(dn: string, base: string): boolean {
  const norm = (value: string) => value.toLowerCase().replace(/,\s+/g, ',');
  const [child, parent] = [norm(dn), norm(base)];
  return child.endsWith(`,${parent}`);
}
