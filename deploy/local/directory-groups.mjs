// Creates, in the local Samba AD, the AD groups an access rules file and a licence catalogue name
// (groups[].dn and products[].groupDn), with the OUs above them, when they are missing. A real
// directory has these groups already; the local stack starts empty. Only DNs below the managed
// tree (OU=itops,<base>) are created; anything else is refused.
//
// Usage: node deploy/local/directory-groups.mjs <rules.yaml|licences.yaml>...
// Reads the connection from $ITOPS_STATE/stack.env (written by deploy/local/stack.sh up).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AlreadyExistsError, Client, NoSuchObjectError } from 'ldapts';
import { parse as parseYaml } from 'yaml';

const root = resolve(import.meta.dirname, '../..');
const state = process.env.ITOPS_STATE ?? join(root, '.itops');
const env = Object.fromEntries(
  readFileSync(join(state, 'stack.env'), 'utf8')
    .split('\n')
    .filter((line) => line.includes('='))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
);
const managed = `OU=itops,${env.ITOPS_LDAP_BASE_DN}`;

const dns = new Set();
for (const file of process.argv.slice(2)) {
  const doc = parseYaml(readFileSync(file, 'utf8')) ?? {};
  for (const group of doc.groups ?? []) dns.add(group.dn);
  for (const product of doc.products ?? []) if (product.groupDn) dns.add(product.groupDn);
}
if (dns.size === 0) {
  console.error('directory-groups: no groups[].dn or products[].groupDn in the files given');
  process.exit(2);
}

const client = new Client({
  url: env.ITOPS_LDAP_URL,
  tlsOptions: { ca: [readFileSync(env.ITOPS_LDAP_CA_FILE)], servername: env.ITOPS_LDAP_TLS_SERVERNAME },
});
await client.bind(env.ITOPS_LDAP_BIND_DN, env.ITOPS_LDAP_BIND_PASSWORD);

async function exists(dn) {
  try {
    await client.search(dn, { scope: 'base', attributes: ['distinguishedName'] });
    return true;
  } catch (error) {
    if (error instanceof NoSuchObjectError) return false;
    throw error;
  }
}

async function ensureOu(dn) {
  if (dn.toLowerCase() === env.ITOPS_LDAP_BASE_DN.toLowerCase() || (await exists(dn))) return;
  await ensureOu(dn.slice(dn.indexOf(',') + 1));
  await client.add(dn, { objectClass: ['top', 'organizationalUnit'], ou: dn.slice(3, dn.indexOf(',')) });
}

let created = 0;
try {
  for (const dn of [...dns].sort()) {
    if (!dn.toLowerCase().endsWith(`,${managed.toLowerCase()}`)) throw new Error(`${dn} is outside the managed tree ${managed}; not created`);
    const parent = dn.slice(dn.indexOf(',') + 1);
    await ensureOu(parent);
    const cn = dn.slice(3, dn.indexOf(','));
    try {
      // A global security group (groupType 0x80000002), named in sAMAccountName as in CN.
      await client.add(dn, { objectClass: ['top', 'group'], cn, sAMAccountName: cn.slice(0, 20), groupType: String(-2147483646) });
      created += 1;
    } catch (error) {
      if (!(error instanceof AlreadyExistsError)) throw error;
    }
  }
} finally {
  await client.unbind();
}
console.log(`directory-groups: ${dns.size} groups, ${created} created`);
