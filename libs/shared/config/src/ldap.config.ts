import { existsSync } from 'node:fs';
import { z } from 'zod';

const DN = /^(?:(?:OU|DC|CN|O)=(?:\\.|[^,=\\])+)(?:,(?:OU|DC|CN|O)=(?:\\.|[^,=\\])+)*$/i;
const dn = (example: string) => z.string().trim().regex(DN, `must be a DN of OU=, CN=, O= and DC= parts, e.g. ${example}`);

/**
 * Active Directory over LDAPS, for the services that read and write it (identity manages the
 * accounts and groups, licence the licence groups). Defaults are the local stack's.
 */
export const ldapSchema = z.object({
  /** The domain controller. LDAPS only: AD takes passwords over an encrypted connection only. */
  ITOPS_LDAP_URL: z
    .string()
    .regex(/^ldaps:\/\/[^\s/:]+(:\d{1,5})?\/?$/i, 'must be an ldaps:// URL such as ldaps://dc1.example.org:636 (plain ldap:// is not allowed)')
    .default('ldaps://127.0.0.1:636'),
  ITOPS_LDAP_BIND_DN: dn('CN=svc-itops,OU=Service,DC=example,DC=org').default('CN=Administrator,CN=Users,DC=itops,DC=test'),
  /** Secret: from the environment or a Kubernetes Secret only. The default is the local stack's. */
  ITOPS_LDAP_BIND_PASSWORD: z.string().min(1, 'must not be empty').default('Itops-Admin-2026!'),
  ITOPS_LDAP_BASE_DN: dn('DC=example,DC=org').default('DC=itops,DC=test'),
  /** The subtree itops manages (one OU per customer below it, the licence groups in OU=Licences); default OU=itops,<base DN>. */
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
});

export type LdapConfig = z.infer<typeof ldapSchema>;

/** For `.superRefine`: the managed OU, when given, must lie below the base DN. */
export function checkManagedOu(config: LdapConfig, ctx: z.RefinementCtx): void {
  if (config.ITOPS_LDAP_MANAGED_OU && !isBelow(config.ITOPS_LDAP_MANAGED_OU, config.ITOPS_LDAP_BASE_DN)) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['ITOPS_LDAP_MANAGED_OU'], message: `must be below ITOPS_LDAP_BASE_DN (${config.ITOPS_LDAP_BASE_DN})` });
  }
}

/** For `.transform`: the managed OU, OU=itops,<base DN> when none is given. */
export function withManagedOu<T extends LdapConfig>(config: T): T & { ITOPS_LDAP_MANAGED_OU: string } {
  return { ...config, ITOPS_LDAP_MANAGED_OU: config.ITOPS_LDAP_MANAGED_OU ?? `OU=itops,${config.ITOPS_LDAP_BASE_DN}` };
}

/** True when `dn` is below `base` (DNs compare without regard to case or spaces after commas). */
function isBelow(dn: string, base: string): boolean {
  const norm = (value: string) => value.toLowerCase().replace(/,\s+/g, ',');
  return norm(dn).endsWith(`,${norm(base)}`);
}
