import { randomInt } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, type Entry } from 'ldapts';
import { eventually, personnummerFor } from '@itops/shared/testing';
import { itopsJson, root } from './cli';

/** The local stack's Samba AD as an administrator sees it (deploy/local/stack.sh). */
const MANAGED_TREE = 'OU=itops,DC=itops,DC=test';

/** Runs `fn` on a bound LDAPS connection to the local directory. */
export async function ldap<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({
    url: 'ldaps://127.0.0.1:636',
    tlsOptions: { ca: [readFileSync(join(root, '.itops/samba/private/tls/ca.pem'))], servername: 'ITOPS-DC.itops.test' },
  });
  await client.bind('CN=Administrator,CN=Users,DC=itops,DC=test', 'Itops-Admin-2026!');
  try {
    return await fn(client);
  } finally {
    await client.unbind();
  }
}

/** A group's member DNs, lower-cased (AD keeps the case it was given). */
export function membersOf(groupDn: string): Promise<string[]> {
  return ldap(async (c) => {
    const { searchEntries } = await c.search(groupDn, { scope: 'base', attributes: ['member'] });
    const member = searchEntries[0]?.['member'] ?? [];
    return (Array.isArray(member) ? member : [member]).map((m) => String(m).toLowerCase());
  });
}

/** A spec's own OU below the managed tree, with its groups (global security groups). */
export async function createOuWithGroups(ou: string, groupDns: readonly string[]): Promise<void> {
  await ldap(async (c) => {
    await c.add(ou, { objectClass: ['top', 'organizationalUnit'], ou: ou.slice(3, ou.indexOf(',')) });
    for (const group of groupDns) {
      const cn = group.slice(3, group.indexOf(','));
      await c.add(group, { objectClass: ['top', 'group'], cn, sAMAccountName: cn.slice(0, 20) });
    }
  });
}

const SNAPSHOT_COLUMNS = [
  'anstallningsnr', 'personnr', 'fornamn', 'efternamn', 'organisationskod', 'enhetskod', 'enhetsnamn', 'ansvar',
  'befattningskod', 'befattning', 'anstallningsform', 'sysselsattningsgrad', 'startdatum', 'slutdatum', 'chef_anstallningsnr', 'skyddad_identitet',
];

export interface Joiner {
  employmentId: string;
  givenName: string;
  surname: string;
  unitCode: string;
  unitName: string;
  jobCode: string;
  jobTitle: string;
  /** YYYY-MM-DD, Europe/Stockholm: today for an account enabled at once. */
  startDate: string;
  /** Where the change file is written. */
  dir: string;
  /** How long identity may take (the stack is shared: other runs' imports may be ahead in its queue). */
  timeoutMs?: number;
}

/**
 * Hires a permanent full-time employee of N138 through HR (a change file through `itops hr
 * import --changes-only`) and waits until identity has the account enabled in AD. The person is
 * born 1930-1949, older than anyone the city generator employs, so never meets a loaded city.
 */
export async function hireThroughHr(joiner: Joiner): Promise<Entry & { sAMAccountName: string }> {
  const birth = `${1930 + randomInt(20)}${String(randomInt(1, 13)).padStart(2, '0')}${String(randomInt(1, 29)).padStart(2, '0')}`;
  const pnr = personnummerFor(birth, randomInt(1, 1000));
  const row = [
    joiner.employmentId, `${birth}-${pnr.slice(8)}`, joiner.givenName, joiner.surname, 'N138', joiner.unitCode, joiner.unitName, '13800',
    joiner.jobCode, joiner.jobTitle, 'TV', '100', joiner.startDate, '', '', 'N',
  ];
  const file = join(joiner.dir, `joiner-${joiner.employmentId}.csv`);
  writeFileSync(file, `${SNAPSHOT_COLUMNS.join(';')}\n${row.join(';')}\n`);
  const answer = itopsJson<{ accepted: number; rejected: unknown[] }>('hr', 'import', file, '--changes-only');
  if (answer.accepted !== 1) throw new Error(`hr import took ${answer.accepted} rows: ${JSON.stringify(answer.rejected)}`);
  const user = await eventually(
    `${joiner.employmentId} enabled in AD`,
    () =>
      ldap(async (c) => {
        const { searchEntries } = await c.search(MANAGED_TREE, { filter: `(employeeID=${joiner.employmentId})`, attributes: ['sAMAccountName', 'userAccountControl'] });
        const entry = searchEntries[0];
        // userAccountControl bit 0x2: disabled.
        return entry && (Number(entry['userAccountControl']) & 2) === 0 ? entry : undefined;
      }),
    joiner.timeoutMs ?? 60_000,
  );
  return { ...user, sAMAccountName: String(user['sAMAccountName']) };
}
