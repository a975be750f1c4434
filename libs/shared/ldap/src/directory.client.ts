import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import {
  AlreadyExistsError,
  AndFilter,
  Attribute,
  Change,
  Client,
  Control,
  Entry,
  EqualityFilter,
  Filter,
  NoSuchAttributeError,
  NoSuchObjectError,
  NotAllowedOnNonLeafError,
  OrFilter,
  SearchOptions,
  TypeOrValueExistsError,
  UnwillingToPerformError,
} from 'ldapts';
import type { LdapConfig } from '@itops/shared/config';

/** The connection as the services configure it (ITOPS_LDAP_* variables, `ldapSchema` in shared/config). */
export function directorySettingsFrom(config: LdapConfig): DirectorySettings {
  return {
    url: config.ITOPS_LDAP_URL,
    bindDn: config.ITOPS_LDAP_BIND_DN,
    bindPassword: config.ITOPS_LDAP_BIND_PASSWORD,
    baseDn: config.ITOPS_LDAP_BASE_DN,
    caFile: config.ITOPS_LDAP_CA_FILE,
    tlsServername: config.ITOPS_LDAP_TLS_SERVERNAME,
  };
}

export interface DirectorySettings {
  /** `ldaps://host:636`: AD accepts passwords (unicodePwd) only over an encrypted connection. */
  url: string;
  bindDn: string;
  bindPassword: string;
  baseDn: string;
  /** PEM bundle that signed the DC's certificate; without it the certificate is still required but not verified (local stack only). */
  caFile?: string;
  /**
   * The name the DC's certificate is issued to (e.g. `ITOPS-DC.itops.test`) when the URL names the DC
   * otherwise, say by IP address: the certificate is checked against this name instead of the URL's host.
   */
  tlsServername?: string;
  timeoutMs?: number;
  /** Bound connections kept open between sessions; default 4. */
  poolSize?: number;
}

/** LDAP_SERVER_TREE_DELETE_OID (MS-ADTS 3.1.1.3.4.1.15): delete an entry with its children. */
const TREE_DELETE_CONTROL = '1.2.840.113556.1.4.805';

/** userAccountControl flags (MS-ADTS 2.2.16). */
export const UAC = { ACCOUNTDISABLE: 0x2, NORMAL_ACCOUNT: 0x200 } as const;

export interface NewUser {
  dn: string;
  sAMAccountName: string;
  userPrincipalName: string;
  givenName?: string;
  sn?: string;
  displayName?: string;
  department?: string;
  title?: string;
  company?: string;
  employeeID?: string;
  manager?: string;
  /** Never logged; set over LDAPS only (AD refuses unicodePwd on a plain connection). */
  password: string;
  enabled: boolean;
}

/** Attributes a user lookup may match on; all single-valued and indexed in AD. */
export type UserKey = 'sAMAccountName' | 'employeeID' | 'userPrincipalName';

/** AD expects the password as the UTF-16LE encoding of the password in double quotes. */
const unicodePwd = (password: string): Buffer => Buffer.from(`"${password}"`, 'utf16le');

/** Builds the TLS options for ldapts: verified against the CA file when one is given. */
export function tlsOptionsFor(settings: Pick<DirectorySettings, 'caFile' | 'tlsServername'>): ConnectionOptions {
  const servername = settings.tlsServername ? { servername: settings.tlsServername } : {};
  return settings.caFile
    ? { ca: readFileSync(settings.caFile), minVersion: 'TLSv1.2', ...servername }
    : { rejectUnauthorized: false, minVersion: 'TLSv1.2', ...servername };
}

/**
 * A thin layer over ldapts for Active Directory, values always escaped (filters through ldapts'
 * filter objects, DNs through escapeDnValue). A `session` runs on a bound LDAPS connection taken
 * from a small pool: a TLS handshake and bind per operation would cost more than the operation.
 * A connection whose session failed is closed, never reused.
 */
export class DirectoryClient {
  private readonly tlsOptions: ConnectionOptions;
  private readonly idle: Client[] = [];
  private closed = false;

  constructor(private readonly settings: DirectorySettings) {
    if (!settings.url.toLowerCase().startsWith('ldaps://')) {
      throw new Error(`directory url '${settings.url}' is not allowed; allowed: an ldaps:// URL (AD takes passwords over TLS only)`);
    }
    // Read once: a missing CA file is a configuration error at start, not on the first event.
    this.tlsOptions = tlsOptionsFor(settings);
  }

  get baseDn(): string {
    return this.settings.baseDn;
  }

  async session<T>(fn: (session: DirectorySession) => Promise<T>): Promise<T> {
    const client = await this.take();
    let healthy = false;
    try {
      const result = await fn(new DirectorySession(client));
      healthy = true;
      return result;
    } finally {
      this.give(client, healthy);
    }
  }

  /** Called by Nest when the application shuts down (the client is a provider there). */
  onApplicationShutdown(): Promise<void> {
    return this.close();
  }

  /** Closes the idle connections; sessions after this use a connection each. */
  async close(): Promise<void> {
    this.closed = true;
    const clients = this.idle.splice(0);
    await Promise.all(clients.map((c) => c.unbind().catch(() => undefined)));
  }

  private async take(): Promise<Client> {
    for (let client = this.idle.pop(); client; client = this.idle.pop()) {
      if (client.isConnected) return client;
    }
    const client = new Client({
      url: this.settings.url,
      timeout: this.settings.timeoutMs ?? 10_000,
      connectTimeout: this.settings.timeoutMs ?? 10_000,
      tlsOptions: this.tlsOptions,
    });
    try {
      await client.bind(this.settings.bindDn, this.settings.bindPassword);
    } catch (error) {
      await client.unbind().catch(() => undefined);
      throw error;
    }
    return client;
  }

  private give(client: Client, healthy: boolean): void {
    if (healthy && !this.closed && client.isConnected && this.idle.length < (this.settings.poolSize ?? 4)) {
      this.idle.push(client);
      return;
    }
    // A connection that already failed cannot unbind; that error would hide the real one.
    void client.unbind().catch(() => undefined);
  }
}

export class DirectorySession {
  constructor(private readonly client: Client) {}

  async search(baseDn: string, options: SearchOptions): Promise<Entry[]> {
    try {
      const { searchEntries } = await this.client.search(baseDn, { paged: { pageSize: 500 }, ...options });
      return searchEntries;
    } catch (error) {
      if (error instanceof NoSuchObjectError) return [];
      throw error;
    }
  }

  async findUser(baseDn: string, attribute: UserKey, value: string, attributes?: string[]): Promise<Entry | undefined> {
    const [entry] = await this.findUsers(baseDn, [{ attribute, value }], attributes);
    return entry;
  }

  /** Users below `baseDn` matching any of the criteria (an OR), e.g. several employeeIDs at once. */
  async findUsers(baseDn: string, anyOf: ReadonlyArray<{ attribute: UserKey; value: string }>, attributes?: string[]): Promise<Entry[]> {
    return this.findMatching(baseDn, anyOf, attributes, 'user');
  }

  /**
   * Entries of any class below `baseDn` matching any of the criteria. sAMAccountName is unique
   * across users, groups and computers, so a name is only free when no entry at all holds it.
   */
  async findMatching(
    baseDn: string,
    anyOf: ReadonlyArray<{ attribute: UserKey; value: string }>,
    attributes?: string[],
    objectClass?: string,
  ): Promise<Entry[]> {
    if (anyOf.length === 0) return [];
    const matches: Filter[] = anyOf.map(({ attribute, value }) => new EqualityFilter({ attribute, value }));
    const any = matches.length === 1 ? matches[0] : new OrFilter({ filters: matches });
    return this.search(baseDn, {
      scope: 'sub',
      filter: objectClass ? new AndFilter({ filters: [new EqualityFilter({ attribute: 'objectClass', value: objectClass }), any] }) : any,
      attributes,
      explicitBufferAttributes: attributes?.includes('objectGUID') ? ['objectGUID'] : undefined,
    });
  }

  /** The entry at a DN, or undefined when there is none. */
  async entry(dn: string, attributes?: string[]): Promise<Entry | undefined> {
    const [entry] = await this.search(dn, {
      scope: 'base',
      attributes,
      explicitBufferAttributes: attributes?.includes('objectGUID') ? ['objectGUID'] : undefined,
    });
    return entry;
  }

  async exists(dn: string): Promise<boolean> {
    return (await this.search(dn, { scope: 'base', attributes: ['dn'] })).length > 0;
  }

  /** Creates the OU if missing (its parent must exist); returns true when something was created. */
  async ensureOu(dn: string): Promise<boolean> {
    if (await this.exists(dn)) return false;
    const ou = dn.match(/^OU=((?:\\.|[^,])*),/i);
    if (!ou) throw new Error(`not an OU DN: ${dn}`);
    try {
      await this.client.add(dn, { objectClass: ['top', 'organizationalUnit'], ou: ou[1].replace(/\\(.)/g, '$1') });
    } catch (error) {
      // Another instance created it between the look-up and the add.
      if (!(error instanceof AlreadyExistsError)) throw error;
      return false;
    }
    return true;
  }

  /**
   * Adds the user with its password in the same request, so there is never an account without
   * one; created disabled and then enabled if asked. Fails with AlreadyExistsError when the DN,
   * the sAMAccountName (Samba: 0x44) or, as ConstraintViolationError, the UPN is taken.
   */
  async createUser(user: NewUser): Promise<void> {
    const optional = (name: keyof NewUser): Record<string, string> => {
      const value = user[name];
      return typeof value === 'string' && value.length > 0 ? { [name]: value } : {};
    };
    await this.client.add(user.dn, [
      new Attribute({ type: 'objectClass', values: ['top', 'person', 'organizationalPerson', 'user'] }),
      ...Object.entries({
        sAMAccountName: user.sAMAccountName,
        userPrincipalName: user.userPrincipalName,
        ...optional('givenName'),
        ...optional('sn'),
        ...optional('displayName'),
        ...optional('department'),
        ...optional('title'),
        ...optional('company'),
        ...optional('employeeID'),
        ...optional('manager'),
        userAccountControl: String(UAC.NORMAL_ACCOUNT | UAC.ACCOUNTDISABLE),
      }).map(([type, value]) => new Attribute({ type, values: [value] })),
      new Attribute({ type: 'unicodePwd', values: [unicodePwd(user.password)] }),
    ]);
    if (user.enabled) await this.setEnabled(user.dn, true);
  }

  /**
   * Sets or clears ACCOUNTDISABLE. Pass the entry's current userAccountControl to keep its other
   * flags (password never expires, smart card required, ...); without it a normal account is assumed.
   */
  async setEnabled(dn: string, enabled: boolean, currentUac?: number): Promise<void> {
    const base = currentUac ?? UAC.NORMAL_ACCOUNT;
    const uac = enabled ? base & ~UAC.ACCOUNTDISABLE : base | UAC.ACCOUNTDISABLE;
    await this.client.modify(dn, [new Change({ operation: 'replace', modification: new Attribute({ type: 'userAccountControl', values: [String(uac)] }) })]);
  }

  /** Replaces attributes; an empty, null or undefined value clears the attribute (a no-op when it is not set). */
  async replace(dn: string, attributes: Record<string, string | readonly string[] | null | undefined>): Promise<void> {
    const changes = Object.entries(attributes).map(([type, value]) => {
      const values = value === null || value === undefined ? [] : typeof value === 'string' ? (value === '' ? [] : [value]) : [...value];
      return new Change({ operation: 'replace', modification: new Attribute({ type, values }) });
    });
    if (changes.length > 0) await this.client.modify(dn, changes);
  }

  /**
   * Moves and renames an entry: `newRdn` (escaped, e.g. from `rdn()`) below `newParent`. Fails with
   * AlreadyExistsError when the new DN is taken.
   */
  async move(dn: string, newRdn: string, newParent: string): Promise<void> {
    // ldapts splits the new DN at the first comma not preceded by a backslash, so an RDN whose value
    // ends in an escaped backslash (`\\`) would be cut there: that backslash goes as hex instead.
    const safeRdn = newRdn.replace(/\\\\$/, '\\5C');
    await this.client.modifyDN(dn, `${safeRdn},${newParent}`);
  }

  /**
   * Takes a member out of a group. Returns false when it was not a member: AD answers a removal
   * of an absent value with noSuchAttribute (16), Samba with unwillingToPerform (53); both mean
   * there is nothing left to do, so running this again is harmless.
   */
  async removeMember(groupDn: string, memberDn: string): Promise<boolean> {
    try {
      await this.client.modify(groupDn, [new Change({ operation: 'delete', modification: new Attribute({ type: 'member', values: [memberDn] }) })]);
      return true;
    } catch (error) {
      if (error instanceof NoSuchAttributeError || error instanceof UnwillingToPerformError) return false;
      throw error;
    }
  }

  /**
   * Adds a member to a group. Returns false when it was a member already: AD answers an added
   * value that is there with entryAlreadyExists (68), Samba with attributeOrValueExists (20); both
   * mean there is nothing left to do, so running this again is harmless.
   */
  async addMember(groupDn: string, memberDn: string): Promise<boolean> {
    try {
      await this.client.modify(groupDn, [new Change({ operation: 'add', modification: new Attribute({ type: 'member', values: [memberDn] }) })]);
      return true;
    } catch (error) {
      if (error instanceof AlreadyExistsError || error instanceof TypeOrValueExistsError) return false;
      throw error;
    }
  }

  /** The entry with this objectGUID wherever it is (AD and Samba resolve `<GUID=...>` as a base DN). */
  async entryByGuid(guid: string, attributes?: string[]): Promise<Entry | undefined> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(guid)) return undefined;
    return this.entry(`<GUID=${guid}>`, attributes);
  }

  /** Whether the directory's schema defines an attribute, by its lDAPDisplayName. */
  async schemaHasAttribute(name: string): Promise<boolean> {
    const { searchEntries: [root] } = await this.client.search('', { scope: 'base', attributes: ['schemaNamingContext'] });
    const schema = root ? stringAttribute(root, 'schemaNamingContext') : undefined;
    if (!schema) return false;
    const found = await this.search(schema, {
      scope: 'one',
      filter: new EqualityFilter({ attribute: 'lDAPDisplayName', value: name }),
      attributes: ['lDAPDisplayName'],
    });
    return found.length > 0;
  }

  /**
   * Deletes an entry. A user can hold child objects (Exchange ActiveSync devices, for one), which
   * a plain delete refuses: then the subtree goes with AD's tree-delete control.
   */
  async delete(dn: string): Promise<void> {
    try {
      await this.client.del(dn);
    } catch (error) {
      if (!(error instanceof NotAllowedOnNonLeafError)) throw error;
      await this.client.del(dn, new Control(TREE_DELETE_CONTROL, { critical: true }));
    }
  }
}

/** True when the entry's userAccountControl has ACCOUNTDISABLE unset. */
export const isEnabled = (entry: Entry): boolean => (Number(entry['userAccountControl']) & UAC.ACCOUNTDISABLE) === 0;

/**
 * The entry's objectGUID as a GUID string. AD stores it as 16 bytes whose first three groups
 * are little-endian, so the bytes are not simply hex in order. Needs the search to ask for
 * `objectGUID` (DirectorySession returns it as a Buffer then).
 */
export function objectGuid(entry: Entry): string | undefined {
  const raw = entry['objectGUID'];
  const bytes = Buffer.isBuffer(raw) ? raw : Array.isArray(raw) && Buffer.isBuffer(raw[0]) ? raw[0] : undefined;
  if (!bytes || bytes.length !== 16) return undefined;
  const hex = (indexes: number[]) => indexes.map((i) => bytes[i].toString(16).padStart(2, '0')).join('');
  return [hex([3, 2, 1, 0]), hex([5, 4]), hex([7, 6]), hex([8, 9]), hex([10, 11, 12, 13, 14, 15])].join('-');
}

/** The first value of a string attribute of an entry, or undefined. */
export function stringAttribute(entry: Entry, name: string): string | undefined {
  const value = entry[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : Buffer.isBuffer(first) ? first.toString('utf8') : undefined;
}
