import { readFileSync } from 'node:fs';
import { AndFilter, Attribute, Change, Client, EqualityFilter, SearchOptions, Entry, NoSuchObjectError, AlreadyExistsError } from 'ldapts';

export interface DirectorySettings {
  url: string;
  bindDn: string;
  bindPassword: string;
  baseDn: string;
  /** PEM bundle that signed the DC's certificate; without it the certificate is still required but not verified (local stack only). */
  caFile?: string;
  timeoutMs?: number;
}

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

/** AD expects the password as the UTF-16LE encoding of the password in double quotes. */
const unicodePwd = (password: string): Buffer => Buffer.from(`"${password}"`, 'utf16le');

/**
 * A thin layer over ldapts for Active Directory: one bound connection per call to `session`,
 * values always escaped (filters through ldapts' filter objects, DNs through escapeDnValue).
 */
export class DirectoryClient {
  constructor(private readonly settings: DirectorySettings) {}

  get baseDn(): string {
    return this.settings.baseDn;
  }

  async session<T>(fn: (session: DirectorySession) => Promise<T>): Promise<T> {
    const client = new Client({
      url: this.settings.url,
      timeout: this.settings.timeoutMs ?? 10_000,
      connectTimeout: this.settings.timeoutMs ?? 10_000,
      tlsOptions: this.settings.caFile
        ? { ca: readFileSync(this.settings.caFile), minVersion: 'TLSv1.2' }
        : { rejectUnauthorized: false, minVersion: 'TLSv1.2' },
    });
    await client.bind(this.settings.bindDn, this.settings.bindPassword);
    try {
      return await fn(new DirectorySession(client));
    } finally {
      await client.unbind();
    }
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

  async findUser(baseDn: string, attribute: 'sAMAccountName' | 'employeeID' | 'userPrincipalName', value: string, attributes?: string[]): Promise<Entry | undefined> {
    const [entry] = await this.search(baseDn, {
      scope: 'sub',
      filter: new AndFilter({
        filters: [new EqualityFilter({ attribute: 'objectClass', value: 'user' }), new EqualityFilter({ attribute, value })],
      }),
      attributes,
    });
    return entry;
  }

  async exists(dn: string): Promise<boolean> {
    return (await this.search(dn, { scope: 'base', attributes: ['dn'] })).length > 0;
  }

  /** Creates the OU path below the base if missing; returns true when something was created. */
  async ensureOu(dn: string): Promise<boolean> {
    if (await this.exists(dn)) return false;
    const ou = dn.match(/^OU=((?:\\.|[^,])*),/i);
    if (!ou) throw new Error(`not an OU DN: ${dn}`);
    try {
      await this.client.add(dn, { objectClass: ['top', 'organizationalUnit'], ou: ou[1].replace(/\\(.)/g, '$1') });
    } catch (error) {
      if (!(error instanceof AlreadyExistsError)) throw error;
    }
    return true;
  }

  async createUser(user: NewUser): Promise<void> {
    const optional = (name: keyof NewUser): Record<string, string> => {
      const value = user[name];
      return typeof value === 'string' && value.length > 0 ? { [name]: value } : {};
    };
    await this.client.add(user.dn, {
      objectClass: ['top', 'person', 'organizationalPerson', 'user'],
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
    });
    await this.client.modify(user.dn, [new Change({ operation: 'replace', modification: new Attribute({ type: 'unicodePwd', values: [unicodePwd(user.password)] }) })]);
    if (user.enabled) await this.setEnabled(user.dn, true);
  }

  async setEnabled(dn: string, enabled: boolean): Promise<void> {
    const uac = UAC.NORMAL_ACCOUNT | (enabled ? 0 : UAC.ACCOUNTDISABLE);
    await this.client.modify(dn, [new Change({ operation: 'replace', modification: new Attribute({ type: 'userAccountControl', values: [String(uac)] }) })]);
  }

  async replace(dn: string, attributes: Record<string, string | undefined>): Promise<void> {
    const changes = Object.entries(attributes).map(
      ([type, value]) => new Change({ operation: 'replace', modification: new Attribute({ type, values: value ? [value] : [] }) }),
    );
    if (changes.length > 0) await this.client.modify(dn, changes);
  }
}

/** True when the entry's userAccountControl has ACCOUNTDISABLE unset. */
export const isEnabled = (entry: Entry): boolean => (Number(entry['userAccountControl']) & UAC.ACCOUNTDISABLE) === 0;
