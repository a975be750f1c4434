import { Inject, Injectable } from '@nestjs/common';
import {
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
  /** All the person's employment ids: an earlier attempt may have used any of them as employeeID. */
  employmentIds: readonly string[];
  /** Which candidate names identity's own database has given out. */
  takenInDatabase: (candidates: readonly string[]) => Promise<Set<string>>;
}

const ACCOUNT_ATTRIBUTES = ['sAMAccountName', 'userPrincipalName', 'userAccountControl', 'objectGUID', 'employeeID'];
/** Names looked up per round trip; grows fivefold while all are taken. */
const FIRST_NAME_BATCH = 20;

/**
 * Person accounts in AD: found by employeeID, created with a unique name in the customer's OU,
 * enabled. Every write is preceded by a look-up, so doing it again after a crash, a rollback or
 * a redelivered event finds what the first attempt did instead of doing it twice.
 */
@Injectable()
export class DirectoryAccountsGateway {
  constructor(
    private readonly directory: DirectoryClient,
    @Inject(IDENTITY_OPTIONS) private readonly options: IdentityOptions,
  ) {}

  /** The person's account: the one AD already has for one of their employments, else a new, disabled one. */
  async provision(request: ProvisionRequest): Promise<DirectoryAccount> {
    return step(`creating the account of person ${request.personId}`, () =>
      this.directory.session(async (ad) => {
        const existing = await this.findByEmployment(ad, request.personId, request.employmentIds);
        if (existing) return toDirectoryAccount(existing, true);
        return this.create(ad, request);
      }),
    );
  }

  /**
   * Enables the account, found at its DN or, when someone moved it, by employeeID. Returns it as
   * it is now. Enabling an enabled account changes nothing.
   */
  async enable(personId: string, dn: string, employmentIds: readonly string[]): Promise<DirectoryAccount> {
    return step(`enabling the account of person ${personId}`, () =>
      this.directory.session(async (ad) => {
        const entry = (await ad.entry(dn, ACCOUNT_ATTRIBUTES)) ?? (await this.findByEmployment(ad, personId, employmentIds));
        if (!entry) {
          throw new PermanentEventError(
            `the account of person ${personId} is neither at its DN nor found by employeeID in AD; reconciliation must restore it first`,
          );
        }
        if (!isEnabled(entry)) await ad.setEnabled(entry.dn, true);
        return { ...toDirectoryAccount(entry, true), enabled: true };
      }),
    );
  }

  private async findByEmployment(ad: DirectorySession, personId: string, employmentIds: readonly string[]): Promise<Entry | undefined> {
    const found = await ad.findUsers(
      this.options.searchBase,
      employmentIds.map((id) => ({ attribute: 'employeeID' as const, value: id })),
      ACCOUNT_ATTRIBUTES,
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
    const attributes = accountAttributesFor(holder, primary, samAccountName);
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
