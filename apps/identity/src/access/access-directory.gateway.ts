import { AndFilter, Attribute, Change, Client, Entry, EqualityFilter, NoSuchObjectError } from 'ldapts';
import { DirectorySession, DirectorySettings, objectGuid, tlsOptionsFor } from '@itops/shared/ldap';
import type { DirectoryUser } from '@itops/identity/domain';
import { OWNED_ATTRIBUTES } from '../accounts/directory-accounts.gateway';

/** A user as reconciliation reads it, with the sign-in day AD replicates (lastLogonTimestamp). */
export interface ReadUser extends DirectoryUser {
  /** userAccountControl as read, to keep its other flags when enabling or disabling. */
  readonly userAccountControl: number;
  /** lastLogonTimestamp as an instant; null when the account never signed in. */
  readonly lastLogon: Date | null;
}

/** Users and groups are read in pages of this many entries. */
export const PAGE_SIZE = 1000;
const USER_FILTER = new AndFilter({ filters: [new EqualityFilter({ attribute: 'objectCategory', value: 'person' }), new EqualityFilter({ attribute: 'objectClass', value: 'user' })] });
const UAC_DISABLED = 0x2;

/**
 * AD as reconciliation needs it: every user of the managed OU in paged searches (objectGUID as
 * binary), each reconciled group's members with range retrieval (AD returns at most 1500 values
 * of `member` per read: `member;range=0-1499`, then `member;range=1500-*`, ...), and the few
 * writes that fix a finding. One bound connection per run.
 */
export class AccessDirectoryGateway {
  private readonly session: DirectorySession;

  private constructor(private readonly client: Client) {
    this.session = new DirectorySession(client);
  }

  static async open(settings: DirectorySettings): Promise<AccessDirectoryGateway> {
    const client = new Client({ url: settings.url, timeout: settings.timeoutMs ?? 60_000, connectTimeout: settings.timeoutMs ?? 10_000, tlsOptions: tlsOptionsFor(settings) });
    await client.bind(settings.bindDn, settings.bindPassword);
    return new AccessDirectoryGateway(client);
  }

  async close(): Promise<void> {
    await this.client.unbind().catch(() => undefined);
  }

  /** Every user below `ou`, page by page. */
  async users(ou: string): Promise<ReadUser[]> {
    const attributes = ['sAMAccountName', 'objectGUID', 'userAccountControl', 'lastLogonTimestamp', ...OWNED_ATTRIBUTES];
    const users: ReadUser[] = [];
    try {
      const pages = this.client.searchPaginated(ou, { scope: 'sub', filter: USER_FILTER, attributes, explicitBufferAttributes: ['objectGUID'], paged: { pageSize: PAGE_SIZE } });
      for await (const page of pages) {
        for (const entry of page.searchEntries) users.push(toUser(entry));
      }
    } catch (error) {
      if (error instanceof NoSuchObjectError) return [];
      throw error;
    }
    return users;
  }

  /** A group's member DNs, all of them (range retrieval); null when the group does not exist. */
  async members(groupDn: string): Promise<string[] | null> {
    const members: string[] = [];
    for (let start = 0; ; ) {
      let entry: Entry | undefined;
      try {
        ({ searchEntries: [entry] } = await this.client.search(groupDn, { scope: 'base', attributes: [`member;range=${start}-*`] }));
      } catch (error) {
        if (error instanceof NoSuchObjectError) return null;
        throw error;
      }
      if (!entry) return null;
      const key = Object.keys(entry).find((k) => k.toLowerCase() === 'member' || k.toLowerCase().startsWith('member;range='));
      if (!key) return members;
      const value = entry[key];
      members.push(...(Array.isArray(value) ? value : [value]).map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v))));
      const range = /;range=(\d+)-(\d+|\*)$/i.exec(key);
      if (!range || range[2] === '*') return members;
      start = Number(range[2]) + 1;
    }
  }

  /** The groups a user is a direct member of (memberOf; the primary group is not listed). */
  async memberOf(userDn: string): Promise<string[] | null> {
    try {
      const { searchEntries: [entry] } = await this.client.search(userDn, { scope: 'base', attributes: ['memberOf'] });
      if (!entry) return null;
      const value = entry['memberOf'];
      return (Array.isArray(value) ? value : value === undefined ? [] : [value]).map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v))).filter((v) => v !== '');
    } catch (error) {
      if (error instanceof NoSuchObjectError) return null;
      throw error;
    }
  }

  /** Adds a member; false when it was one already (idempotent, see DirectorySession). */
  addMember(groupDn: string, memberDn: string): Promise<boolean> {
    return this.session.addMember(groupDn, memberDn);
  }

  /** Removes a member; false when it was not one. */
  removeMember(groupDn: string, memberDn: string): Promise<boolean> {
    return this.session.removeMember(groupDn, memberDn);
  }

  async setEnabled(dn: string, enabled: boolean, uac: number): Promise<void> {
    const value = enabled ? uac & ~UAC_DISABLED : uac | UAC_DISABLED;
    await this.client.modify(dn, [new Change({ operation: 'replace', modification: new Attribute({ type: 'userAccountControl', values: [String(value)] }) })]);
  }

  /** Writes one attribute (null clears it). */
  async writeAttribute(dn: string, name: string, value: string | null): Promise<void> {
    await this.client.modify(dn, [new Change({ operation: 'replace', modification: new Attribute({ type: name, values: value === null ? [] : [value] }) })]);
  }
}

function text(entry: Entry, name: string): string | undefined {
  const key = Object.keys(entry).find((k) => k.toLowerCase() === name.toLowerCase());
  const value = key === undefined ? undefined : entry[key];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : Buffer.isBuffer(first) ? first.toString('utf8') : undefined;
}

function toUser(entry: Entry): ReadUser {
  const attributes: Record<string, string> = {};
  for (const name of OWNED_ATTRIBUTES) {
    const value = text(entry, name);
    if (value !== undefined && value !== '') attributes[name] = value;
  }
  const uac = Number(text(entry, 'userAccountControl') ?? 0);
  return {
    dn: entry.dn,
    guid: objectGuid(entry) ?? null,
    samAccountName: (text(entry, 'sAMAccountName') ?? '').toLowerCase(),
    enabled: (uac & UAC_DISABLED) === 0,
    attributes,
    userAccountControl: uac,
    lastLogon: fileTime(text(entry, 'lastLogonTimestamp')),
  };
}

/** Windows FILETIME (100 ns since 1601-01-01 UTC) to an instant; null for 0 or absent. */
export function fileTime(value: string | undefined): Date | null {
  if (!value || !/^\d+$/.test(value) || value === '0') return null;
  const ms = Number(BigInt(value) / 10_000n - 11_644_473_600_000n);
  return Number.isFinite(ms) ? new Date(ms) : null;
}
