import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  AccountAttributes,
  AccountEmployment,
  AccountHolder,
  accountAttributesFor,
  accountNameCandidates,
  accountNameFor,
  employeeIdOf,
  neutralAccountNameBase,
  ouFor,
  userPrincipalName,
} from '@itops/identity/domain';
import {
  AlreadyExistsError,
  ConstraintViolationError,
  DirectoryClient,
  DirectorySession,
  Entry,
  initialPassword,
  isEnabled,
  objectGuid,
  rdn,
  sameDn,
  splitDn,
  stringAttribute,
} from '@itops/shared/ldap';
import { PermanentEventError } from '@itops/shared/messaging';
import { step } from '../event-failure';
import { IDENTITY_OPTIONS, IdentityOptions } from '../identity.options';

/** An account as found in or written to AD. */
export interface DirectoryAccount {
  samAccountName: string;
  userPrincipalName: string;
  dn: string;
  objectGuid: string | null;
  enabled: boolean;
  /** True when the account was already there (a retried or redelivered event created it before). */
  foundInDirectory: boolean;
}

export interface ProvisionRequest {
  /** For messages and logs only: the pseudonymous person id. */
  personId: string;
  holder: AccountHolder;
  primary: AccountEmployment;
  /** DN of the manager's account, when the manager has one. */
  managerDn: string | null;
  /** All the person's employment ids: an earlier attempt may have used any of them as employeeID. */
  employmentIds: readonly string[];
  /** Which candidate names identity's own database has given out. */
  takenInDatabase: (candidates: readonly string[]) => Promise<Set<string>>;
}

/** How to find a person's account in AD: by objectGUID, else at its DN, else by employeeID. */
export interface AccountLocator {
  personId: string;
  dn: string;
  objectGuid: string | null;
  employmentIds: readonly string[];
}

/** What the account should look like; each part left out is left as it is. */
export interface DirectoryChange {
  /**
   * The attributes and OU of the primary employment. `wasHidden`: identity hid the account from
   * address lists before (a protected identity); only then does it show it again.
   */
  placement?: { ou: string; attributes: AccountAttributes; wasHidden?: boolean };
  enabled?: boolean;
  /** Take the account out of every group (memberOf; the primary group is not in memberOf and stays). */
  removeMemberships?: boolean;
}

/** What AD looked like and what was written to it. */
export interface DirectoryOutcome {
  dn: string;
  objectGuid: string | null;
  enabled: boolean;
  /** Attributes whose value in AD differed and were written. */
  changedAttributes: string[];
  moved: boolean;
  renamed: boolean;
  /** The groups the account was a member of and is no longer. */
  removedGroups: string[];
}

/**
 * The attributes identity owns on a person's account: written at creation, kept in line with the
 * primary employment, cleared when HR has no value. Anything else on the account is left alone.
 */
export const OWNED_ATTRIBUTES = ['displayName', 'givenName', 'sn', 'department', 'title', 'company', 'employeeID', 'manager'] as const;
/** Recorded with the values when the account is hidden from address lists (a protected identity). */
const HIDDEN_MARK = 'hiddenFromAddressLists';
/**
 * Exchange's switch for address lists. Samba's schema (and AD without Exchange) has no such
 * attribute, so it is written only where the schema defines it (docs/identity.md).
 */
const EXCHANGE_HIDE = 'msExchHideFromAddressLists';

const ACCOUNT_ATTRIBUTES = ['sAMAccountName', 'userPrincipalName', 'userAccountControl', 'objectGUID', 'employeeID'];
/** Names looked up per round trip; grows fivefold while all are taken. */
const FIRST_NAME_BATCH = 20;

/**
 * The values identity records for an account's owned attributes (absent: cleared), plus a mark
 * when it is hidden from address lists. Change detection compares these with what was recorded.
 */
export function recordedValues(attributes: AccountAttributes): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of OWNED_ATTRIBUTES) {
    const value = attributes[name];
    if (value) values[name] = value;
  }
  if (attributes.hiddenFromAddressLists) values[HIDDEN_MARK] = 'true';
  return values;
}

/** Whether identity's record says it hid the account from address lists. */
export const hiddenBefore = (recorded: Record<string, string> | null): boolean => recorded?.[HIDDEN_MARK] === 'true';

/**
 * Person accounts in AD: found by objectGUID, DN or employeeID, created with a unique name in the
 * customer's OU, moved, enabled, disabled, stripped of groups and deleted. Every write is preceded
 * by a look-up and changes only what differs, so doing it again after a crash, a rollback or a
 * redelivered event finds what the first attempt did instead of doing it twice.
 */
@Injectable()
export class DirectoryAccountsGateway {
  private readonly logger = new Logger(DirectoryAccountsGateway.name);
  private exchangeSchema?: Promise<boolean>;

  constructor(
    private readonly directory: DirectoryClient,
    @Inject(IDENTITY_OPTIONS) private readonly options: IdentityOptions,
  ) {}

  /** The person's account: the one AD already has for one of their employments, else a new, disabled one. */
  async provision(request: ProvisionRequest): Promise<DirectoryAccount> {
    return step(`creating the account of person ${request.personId}`, () =>
      this.directory.session(async (ad) => {
        const existing = await this.findByEmployment(ad, request.personId, request.employmentIds, ACCOUNT_ATTRIBUTES);
        if (existing) return toDirectoryAccount(existing, true);
        return this.create(ad, request);
      }),
    );
  }

  /**
   * Brings the account to what `change` asks, writing only what differs: owned attributes, OU
   * (modify DN, the OU created when missing), the CN when the name changed, enabled state, group
   * memberships. Returns the account as it is now.
   */
  async apply(locator: AccountLocator, change: DirectoryChange, what: string): Promise<DirectoryOutcome> {
    return step(`${what} of person ${locator.personId}`, () =>
      this.directory.session(async (ad) => {
        const hideInExchange = change.placement?.attributes.hiddenFromAddressLists !== undefined && (await this.exchangeHides(ad));
        const wanted = [...ACCOUNT_ATTRIBUTES, ...OWNED_ATTRIBUTES, 'memberOf', 'showInAddressBook', ...(hideInExchange ? [EXCHANGE_HIDE] : [])];
        const entry = await this.locate(ad, locator, wanted);
        const outcome: DirectoryOutcome = {
          dn: entry.dn,
          objectGuid: objectGuid(entry) ?? locator.objectGuid,
          enabled: isEnabled(entry),
          changedAttributes: [],
          moved: false,
          renamed: false,
          removedGroups: [],
        };
        if (change.removeMemberships) {
          // The primary group (Domain Users) is held by primaryGroupID and never listed in memberOf.
          for (const group of values(entry, 'memberOf')) {
            await ad.removeMember(group, entry.dn);
            outcome.removedGroups.push(group);
          }
        }
        if (change.enabled !== undefined && change.enabled !== outcome.enabled) {
          await ad.setEnabled(entry.dn, change.enabled, Number(stringAttribute(entry, 'userAccountControl') ?? 0) || undefined);
          outcome.enabled = change.enabled;
        }
        if (change.placement) {
          outcome.changedAttributes = await this.writeAttributes(ad, entry, change.placement.attributes, hideInExchange, change.placement.wasHidden ?? false);
          const place = await this.place(ad, entry.dn, change.placement.ou, change.placement.attributes);
          outcome.moved = place.moved;
          outcome.renamed = place.renamed;
          if (place.moved || place.renamed) {
            // AD's own spelling of the new DN, as later searches return it.
            const moved = outcome.objectGuid ? await ad.entryByGuid(outcome.objectGuid, ['objectGUID']) : undefined;
            outcome.dn = moved?.dn ?? place.dn;
          }
        }
        return outcome;
      }),
    );
  }

  /** Deletes the account; true when it was there, false when someone (or an earlier attempt) deleted it already. */
  async remove(locator: AccountLocator): Promise<boolean> {
    return step(`deleting the account of person ${locator.personId}`, () =>
      this.directory.session(async (ad) => {
        const entry = await this.find(ad, locator, ['objectGUID']);
        if (!entry) return false;
        await ad.delete(entry.dn);
        return true;
      }),
    );
  }

  /** Writes the owned attributes whose AD value differs; returns their names. */
  private async writeAttributes(ad: DirectorySession, entry: Entry, attributes: AccountAttributes, hideInExchange: boolean, wasHidden: boolean): Promise<string[]> {
    const changes: Record<string, string | null> = {};
    for (const name of OWNED_ATTRIBUTES) {
      const want = attributes[name] ?? null;
      const have = stringAttribute(entry, name) ?? null;
      // AD spells DNs its own way (escapes, case): the manager is compared as a DN.
      const same = name === 'manager' && want !== null && have !== null ? sameDn(want, have) : want === have;
      if (!same) changes[name] = want;
    }
    if (attributes.hiddenFromAddressLists) {
      // With no address list named in showInAddressBook the entry is in none of them.
      if (values(entry, 'showInAddressBook').length > 0) changes['showInAddressBook'] = null;
      if (hideInExchange && stringAttribute(entry, EXCHANGE_HIDE)?.toUpperCase() !== 'TRUE') changes[EXCHANGE_HIDE] = 'TRUE';
    } else if (wasHidden && hideInExchange && stringAttribute(entry, EXCHANGE_HIDE)?.toUpperCase() === 'TRUE') {
      // No longer protected: back into the address lists identity took it out of (a flag set by
      // hand on anyone else is theirs to keep).
      changes[EXCHANGE_HIDE] = null;
    }
    if (Object.keys(changes).length > 0) await ad.replace(entry.dn, changes);
    return Object.keys(changes);
  }

  /**
   * Puts the account in its OU with its CN: a move (and a rename, when the name changed) in one
   * modify-DN. A namesake holding the CN in the target OU gives way to the account-name variant.
   */
  private async place(ad: DirectorySession, dn: string, ou: string, attributes: AccountAttributes): Promise<{ dn: string; moved: boolean; renamed: boolean }> {
    const current = splitDn(dn);
    const cn = [attributes.cn, attributes.cnIfTaken].includes(current.value) ? current.value : attributes.cn;
    const moved = !sameDn(current.parent, ou);
    const renamed = cn !== current.value;
    if (!moved && !renamed) return { dn, moved, renamed };
    if (moved) {
      await ad.ensureOu(this.options.managedOu);
      await ad.ensureOu(ou);
    }
    for (const candidate of cn === attributes.cnIfTaken ? [cn] : [cn, attributes.cnIfTaken]) {
      try {
        await ad.move(dn, rdn('CN', candidate), ou);
        return { dn: `${rdn('CN', candidate)},${ou}`, moved, renamed: candidate !== current.value };
      } catch (error) {
        if (!(error instanceof AlreadyExistsError) || candidate === attributes.cnIfTaken) throw error;
      }
    }
    throw new Error(`no free CN for the account of ${dn} in ${ou}`);
  }

  /** Whether AD's schema has Exchange's address-list switch; asked once per process. */
  private async exchangeHides(ad: DirectorySession): Promise<boolean> {
    this.exchangeSchema ??= ad.schemaHasAttribute(EXCHANGE_HIDE).then((has) => {
      this.logger.log(has ? `the schema has ${EXCHANGE_HIDE}: protected identities get it set` : `the schema has no ${EXCHANGE_HIDE}: protected identities are hidden by an empty showInAddressBook`);
      return has;
    });
    try {
      return await this.exchangeSchema;
    } catch (error) {
      this.exchangeSchema = undefined;
      throw error;
    }
  }

  private async locate(ad: DirectorySession, locator: AccountLocator, attributes: string[]): Promise<Entry> {
    const entry = await this.find(ad, locator, attributes);
    if (!entry) {
      throw new PermanentEventError(
        `the account of person ${locator.personId} is neither found by objectGUID, at its DN nor by employeeID in AD; reconciliation must restore it first`,
      );
    }
    return entry;
  }

  private async find(ad: DirectorySession, locator: AccountLocator, attributes: string[]): Promise<Entry | undefined> {
    const withGuid = attributes.includes('objectGUID') ? attributes : [...attributes, 'objectGUID'];
    return (
      (locator.objectGuid ? await ad.entryByGuid(locator.objectGuid, withGuid) : undefined) ??
      (await ad.entry(locator.dn, withGuid)) ??
      (await this.findByEmployment(ad, locator.personId, locator.employmentIds, withGuid))
    );
  }

  private async findByEmployment(ad: DirectorySession, personId: string, employmentIds: readonly string[], attributes: string[]): Promise<Entry | undefined> {
    const found = await ad.findUsers(
      this.options.searchBase,
      employmentIds.map((id) => ({ attribute: 'employeeID' as const, value: id })),
      attributes,
    );
    if (found.length > 1) {
      throw new PermanentEventError(`person ${personId} has ${found.length} accounts in AD (by employeeID); reconciliation must resolve them first`);
    }
    return found[0];
  }

  private async create(ad: DirectorySession, request: ProvisionRequest): Promise<DirectoryAccount> {
    const { holder, primary } = request;
    // A protected identity has no names from HR; the account is named after the employment.
    const [given, surname] = holder.protectedIdentity ? ['', neutralAccountNameBase(primary.employmentId)] : [holder.givenName ?? '', holder.surname ?? ''];
    const samAccountName = await this.freeName(ad, request, given, surname);
    const upn = userPrincipalName(samAccountName, this.options.upnDomain);
    const attributes = accountAttributesFor(holder, primary, samAccountName, request.managerDn);
    const ou = ouFor(primary.customerCode, this.options.managedOu);
    await ad.ensureOu(this.options.managedOu);
    await ad.ensureOu(ou);

    const user = {
      sAMAccountName: samAccountName,
      userPrincipalName: upn,
      givenName: attributes.givenName,
      sn: attributes.sn,
      displayName: attributes.displayName,
      department: attributes.department,
      title: attributes.title,
      company: attributes.company,
      employeeID: employeeIdOf(primary.employmentId),
      manager: attributes.manager,
      // Nobody learns it: the holder sets their own through the onboarding's password reset.
      password: initialPassword([samAccountName, attributes.displayName]),
      enabled: false,
    };
    let dn = `${rdn('CN', attributes.cn)},${ou}`;
    try {
      await createOrExplain(ad, { ...user, dn });
    } catch (error) {
      // A namesake in the same OU holds the CN; the account name makes ours unique.
      if (!(error instanceof AlreadyExistsError) || !(await ad.exists(dn)) || attributes.cnIfTaken === attributes.cn) throw error;
      dn = `${rdn('CN', attributes.cnIfTaken)},${ou}`;
      await createOrExplain(ad, { ...user, dn });
    }
    if (attributes.hiddenFromAddressLists && (await this.exchangeHides(ad))) await ad.replace(dn, { [EXCHANGE_HIDE]: 'TRUE' });
    const created = await ad.entry(dn, ACCOUNT_ATTRIBUTES);
    return {
      samAccountName,
      userPrincipalName: upn,
      // AD's own spelling of the DN (it escapes some characters its own way), as later searches return it.
      dn: created?.dn ?? dn,
      objectGuid: created ? (objectGuid(created) ?? null) : null,
      enabled: false,
      foundInDirectory: false,
    };
  }

  /**
   * The first name in accountNameFor's order that neither identity's database nor AD (any
   * object's sAMAccountName, or a UPN of our domain) holds. Candidates are looked up in batches.
   */
  private async freeName(ad: DirectorySession, request: ProvisionRequest, given: string, surname: string): Promise<string> {
    for (let size = FIRST_NAME_BATCH; ; size *= 5) {
      const candidates = accountNameCandidates(given, surname, size);
      const taken = await request.takenInDatabase(candidates);
      const suffix = `@${this.options.upnDomain}`;
      const inUse = await ad.findMatching(
        this.options.searchBase,
        candidates.flatMap((c) => [
          { attribute: 'sAMAccountName' as const, value: c },
          { attribute: 'userPrincipalName' as const, value: `${c}${suffix}` },
        ]),
        ['sAMAccountName', 'userPrincipalName'],
      );
      for (const entry of inUse) {
        const sam = stringAttribute(entry, 'sAMAccountName')?.toLowerCase();
        const upn = stringAttribute(entry, 'userPrincipalName')?.toLowerCase();
        if (sam) taken.add(sam);
        if (upn?.endsWith(suffix)) taken.add(upn.slice(0, -suffix.length));
      }
      const checked = new Set(candidates);
      // Unchecked names count as taken, so accountNameFor picks among the ones looked up, or
      // reports that the numbers ran out when this was the last batch.
      if (candidates.some((c) => !taken.has(c)) || candidates.length < size) {
        return accountNameFor(given, surname, (c) => taken.has(c) || !checked.has(c));
      }
    }
  }
}

/**
 * AD refuses a name or UPN that another object took since the look-up (AlreadyExists when not the
 * DN, ConstraintViolation for the UPN): a plain error, so the retry picks the next free name.
 */
async function createOrExplain(ad: DirectorySession, user: Parameters<DirectorySession['createUser']>[0]): Promise<void> {
  try {
    await ad.createUser(user);
  } catch (error) {
    if (error instanceof AlreadyExistsError && !(await ad.exists(user.dn))) {
      throw new Error('the account name was taken in AD after it was chosen; will retry with the next one', { cause: error });
    }
    if (error instanceof ConstraintViolationError) {
      throw new Error('AD refused the new account on a constraint (a UPN taken meanwhile, or the password policy); will retry', { cause: error });
    }
    throw error;
  }
}

/** All values of a multi-valued string attribute (ldapts gives one value as a string, several as an array). */
function values(entry: Entry, name: string): string[] {
  const value = entry[name];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v))).filter((v) => v !== '');
}

function toDirectoryAccount(entry: Entry, foundInDirectory: boolean): DirectoryAccount {
  return {
    samAccountName: (stringAttribute(entry, 'sAMAccountName') ?? '').toLowerCase(),
    userPrincipalName: stringAttribute(entry, 'userPrincipalName') ?? '',
    dn: entry.dn,
    objectGuid: objectGuid(entry) ?? null,
    enabled: isEnabled(entry),
    foundInDirectory,
  };
}
