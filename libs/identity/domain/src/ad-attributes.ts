import { IdentityException, IdentityExceptionCode } from './identity.exception';

const SAM_ACCOUNT_NAME = /^[A-Za-z0-9._-]{1,20}$/;
const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const CUSTOMER_CODE = /^[A-Z]\d{3}$/;
const RDN = /^(?:OU|DC|CN|O)=[^=,]+$/i;

/** userPrincipalName: `sam@domain`, the domain in lower case (UPN suffixes are DNS names). */
export function userPrincipalName(samAccountName: string, domain: string): string {
  if (!SAM_ACCOUNT_NAME.test(samAccountName)) {
    throw new IdentityException(
      IdentityExceptionCode.INVALID_ARGUMENT,
      `sAMAccountName '${samAccountName}' is not allowed in a UPN; allowed: 1-20 letters, digits, '.', '_' or '-'`,
    );
  }
  const suffix = domain.trim().toLowerCase();
  const labels = suffix.split('.');
  if (labels.length < 2 || suffix.length > 253 || !labels.every((label) => DNS_LABEL.test(label))) {
    throw new IdentityException(
      IdentityExceptionCode.INVALID_ARGUMENT,
      `domain '${domain}' is not a DNS name; allowed: dot-separated labels of letters, digits and '-', e.g. itops.test`,
    );
  }
  return `${samAccountName}@${suffix}`;
}

/**
 * displayName: `Given Surname` as HR spells it, runs of whitespace collapsed. Characters are kept as
 * they are; escaping is the LDAP layer's job.
 */
export function displayName(givenName: string, surname: string): string {
  const name = `${givenName} ${surname}`.trim().replace(/\s+/g, ' ');
  if (name === '') {
    throw new IdentityException(IdentityExceptionCode.INVALID_NAME, 'given name and surname are both empty; allowed: at least one of them');
  }
  return name;
}

/**
 * The OU of a customer's accounts: `OU=<customer code>,<base DN>`. The customer code is checked
 * against its pattern, which contains no DN special characters, so it needs no escaping.
 */
export function ouFor(customerCode: string, baseDn: string): string {
  if (!CUSTOMER_CODE.test(customerCode)) {
    throw new IdentityException(
      IdentityExceptionCode.INVALID_ARGUMENT,
      `customer code '${customerCode}' is not allowed; allowed: one capital letter and three digits, e.g. N138`,
    );
  }
  const base = baseDn.trim();
  if (!base.split(',').every((rdn) => RDN.test(rdn.trim()))) {
    throw new IdentityException(
      IdentityExceptionCode.INVALID_ARGUMENT,
      `base DN '${baseDn}' is not allowed; allowed: comma-separated OU=, CN=, O= or DC= parts, e.g. OU=itops,DC=itops,DC=test`,
    );
  }
  return `OU=${customerCode},${base}`;
}
