import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'ldapts';
import { DirectoryClient, DirectorySession, isEnabled, objectGuid, stringAttribute, tlsOptionsFor, UAC } from './directory.client';
import { rdn, sameDn, splitDn } from './dn';

// The local stack's Samba AD (`itops stack up`), its certificate verified when the CA is there.
const localCa = join(__dirname, '../../../../.itops/samba/private/tls/ca.pem');
const settings = {
  url: process.env['ITOPS_LDAP_URL'] ?? 'ldaps://127.0.0.1:636',
  bindDn: process.env['ITOPS_LDAP_BIND_DN'] ?? 'CN=Administrator,CN=Users,DC=itops,DC=test',
  bindPassword: process.env['ITOPS_LDAP_BIND_PASSWORD'] ?? 'Itops-Admin-2026!',
  baseDn: process.env['ITOPS_LDAP_BASE_DN'] ?? 'DC=itops,DC=test',
  ...(existsSync(localCa) ? { caFile: localCa, tlsServername: 'ITOPS-DC.itops.test' } : {}),
};
const directory = new DirectoryClient(settings);
const run = randomBytes(3).toString('hex');
const base = `OU=ldap-${run},OU=itops,${directory.baseDn}`;
const moved = `OU=moved,${base}`;
const DONT_EXPIRE_PASSWORD = 0x10000;

async function addGroup(dn: string, sam: string, members: string[]): Promise<void> {
  const client = new Client({ url: process.env['ITOPS_LDAP_URL'] ?? 'ldaps://127.0.0.1:636', tlsOptions: tlsOptionsFor(existsSync(localCa) ? { caFile: localCa, tlsServername: 'ITOPS-DC.itops.test' } : {}) });
  await client.bind(process.env['ITOPS_LDAP_BIND_DN'] ?? 'CN=Administrator,CN=Users,DC=itops,DC=test', process.env['ITOPS_LDAP_BIND_PASSWORD'] ?? 'Itops-Admin-2026!');
  try {
    await client.add(dn, { objectClass: ['top', 'group'], sAMAccountName: sam, member: members });
  } finally {
    await client.unbind();
  }
}

describe('DirectorySession on Samba AD', () => {
  const ad = <T>(fn: (session: DirectorySession) => Promise<T>) => directory.session(fn);

  beforeAll(() =>
    ad(async (s) => {
      await s.ensureOu(`OU=itops,${directory.baseDn}`);
      await s.ensureOu(base);
      await s.ensureOu(moved);
    }),
  );

  afterAll(async () => {
    await ad(async (s) => {
      for (const ou of [moved, base]) {
        for (const entry of await s.search(ou, { scope: 'one', attributes: ['dn'] })) await s.delete(entry.dn);
        await s.delete(ou);
      }
    });
    await directory.close();
  });

  const newUser = (s: DirectorySession, cn: string, sam: string) =>
    s.createUser({ dn: `${rdn('CN', cn)},${base}`, sAMAccountName: sam, userPrincipalName: `${sam}@itops.test`, password: `Pw-${randomBytes(12).toString('hex')}!A`, enabled: true });

  it('binds once for sessions one after another, and binds anew after a failed session', async () => {
    const pooled = new DirectoryClient(settings);
    const bind = jest.spyOn(Client.prototype, 'bind');
    try {
      for (let i = 0; i < 3; i++) await pooled.session((s) => s.search(base, { scope: 'base', attributes: ['dn'] }));
      expect(bind).toHaveBeenCalledTimes(1);
      await expect(pooled.session(async () => Promise.reject(new Error('handler failed')))).rejects.toThrow('handler failed');
      await pooled.session((s) => s.search(base, { scope: 'base', attributes: ['dn'] }));
      expect(bind).toHaveBeenCalledTimes(2);
    } finally {
      bind.mockRestore();
      await pooled.close();
    }
  });

  it('moves a user whose name ends in a backslash, and finds it by objectGUID wherever it is', async () => {
    await ad(async (s) => {
      const cn = `Ek, Jr\\ ${run}\\`;
      await newUser(s, cn, `ek${run}`);
      const [before] = await s.findUsers(base, [{ attribute: 'sAMAccountName', value: `ek${run}` }], ['objectGUID']);
      await s.move(before.dn, rdn('CN', cn), moved);
      const after = await s.entryByGuid(objectGuid(before) ?? '', ['objectGUID']);
      expect(splitDn(after?.dn ?? '')).toMatchObject({ value: cn });
      expect(sameDn(splitDn(after?.dn ?? '').parent, moved)).toBe(true);
      expect(await s.entryByGuid('not-a-guid')).toBeUndefined();
    });
  });

  it('takes a member out of a group once, and again without complaint', async () => {
    await ad(async (s) => {
      await newUser(s, `Gruppmedlem ${run}`, `gm${run}`);
      const user = `${rdn('CN', `Gruppmedlem ${run}`)},${base}`;
      const group = `CN=g-${run},${base}`;
      // DirectorySession makes no groups: this one is added over a connection of its own.
      await addGroup(group, `g-${run}`, [user]);
      expect(await s.removeMember(group, user)).toBe(true);
      expect(await s.removeMember(group, user)).toBe(false);
      const [entry] = await s.search(group, { scope: 'base', attributes: ['member'] });
      expect(entry['member']).toEqual([]);
    });
  });

  it('disables and enables without losing the other userAccountControl flags', async () => {
    await ad(async (s) => {
      await newUser(s, `Flaggor ${run}`, `fl${run}`);
      const dn = `${rdn('CN', `Flaggor ${run}`)},${base}`;
      await s.replace(dn, { userAccountControl: String(UAC.NORMAL_ACCOUNT | DONT_EXPIRE_PASSWORD) });
      await s.setEnabled(dn, false, UAC.NORMAL_ACCOUNT | DONT_EXPIRE_PASSWORD);
      let entry = await s.entry(dn, ['userAccountControl']);
      expect(isEnabled(entry ?? { dn })).toBe(false);
      expect(Number(stringAttribute(entry ?? { dn }, 'userAccountControl')) & DONT_EXPIRE_PASSWORD).toBe(DONT_EXPIRE_PASSWORD);
      await s.setEnabled(dn, true, Number(stringAttribute(entry ?? { dn }, 'userAccountControl')));
      entry = await s.entry(dn, ['userAccountControl']);
      expect(isEnabled(entry ?? { dn })).toBe(true);
      // An empty value clears an attribute, set or not.
      await s.replace(dn, { department: 'Hemtjänst', title: undefined });
      await s.replace(dn, { department: null });
      expect((await s.entry(dn, ['department']))?.['department']).toEqual([]);
    });
  });

  it('answers what the schema defines: showInAddressBook yes, Exchange’s msExchHideFromAddressLists not on Samba', async () => {
    await ad(async (s) => {
      expect(await s.schemaHasAttribute('showInAddressBook')).toBe(true);
      expect(await s.schemaHasAttribute('msExchHideFromAddressLists')).toBe(false);
    });
  });
});
