import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import {
  accountAttributesFor,
  AccountGrant,
  AccountLifecycle,
  accountLifecycleAt,
  moverTransition,
  ouFor,
  stockholmDate,
  stockholmMidnight,
} from '@itops/identity/domain';
import {
  Account,
  AccountRepository,
  AuditAction,
  AuditLogRepository,
  BookingRepository,
  Employment,
  EmploymentRepository,
  MoverTransitionRecord,
  MoverTransitionRepository,
  Person,
  PersonRepository,
} from '@itops/identity/data-access';
import { AccountChangedSchema, AccountEvent, create, MembershipAction, MembershipChangedSchema, newEnvelope, Topics } from '@itops/shared/contracts';
import { sameDn, splitDn } from '@itops/shared/ldap';
import { EventPublisher } from '@itops/shared/messaging';
import type { EntityManager } from '@itops/shared/persistence';
import { AccountLocator, DirectoryAccountsGateway, hiddenBefore, recordedValues } from '../accounts/directory-accounts.gateway';
import { BIRTHRIGHT, BirthrightHook } from '../access/access.options';
import { step } from '../event-failure';
import { IDENTITY_OPTIONS, IdentityOptions } from '../identity.options';
import { LEAVER_GRANTS, LeaverGrantsHook } from '../requests/leaver-grants';

export type AccountChange = 'created' | 'updated' | 'enabled' | 'disabled' | 'access_removed' | 'deleted' | 'transition_started' | 'transition_ended';

/** Why the lifecycle acts: an HR event, or the scheduler finding a date reached. */
export interface LifecycleCause {
  /** HR_FEED_ACTOR or LIFECYCLE_ACTOR. */
  readonly actor: string;
  /** The HR event behind the change; null for the scheduler. */
  readonly causeEventId: string | null;
  /** Correlation id of the events published (the HR event's chain, or the scheduler run). */
  readonly correlationId: string;
  /** `cause` of identity.membership events: the HR event id, or 'lifecycle'. */
  readonly membershipCause: string;
}

export interface ConvergeResult {
  /** The person's account after the change (a deleted one as its record), if they have one. */
  account: Account | null;
  /** What this review did to it, in order. */
  changes: AccountChange[];
  /** The account the rules want for the person at `now`. */
  desired: AccountLifecycle<Employment>;
  /** When the person is due for review again; null when nothing is ahead. */
  nextReviewAt: Date | null;
}

interface Review {
  manager: EntityManager;
  person: Person;
  now: Date;
  today: string;
  cause: LifecycleCause;
  desired: AccountLifecycle<Employment>;
  employments: Employment[];
  changes: AccountChange[];
}

/**
 * Brings one person's AD account where the rules want it at `now`: created ahead of the first
 * day (disabled), enabled while an employment or booking runs, attributes and OU following the
 * primary employment (a mover keeps the old access for a transition period), disabled at the end
 * of the last day with its groups removed, deleted after the retention. Each change is written to
 * AD first (idempotently: look up, then change what differs), then recorded, audited with its
 * cause and announced in the caller's transaction. Running it again changes nothing.
 *
 * The caller holds the person's row lock (an HR event recording the person, or the scheduler),
 * so one person's account is never decided twice at once.
 */
@Injectable()
export class AccountLifecycleService {
  private readonly logger = new Logger(AccountLifecycleService.name);

  constructor(
    private readonly persons: PersonRepository,
    private readonly employments: EmploymentRepository,
    private readonly bookings: BookingRepository,
    private readonly accounts: AccountRepository,
    private readonly transitions: MoverTransitionRepository,
    private readonly auditLog: AuditLogRepository,
    private readonly directory: DirectoryAccountsGateway,
    private readonly publisher: EventPublisher,
    @Inject(IDENTITY_OPTIONS) private readonly options: IdentityOptions,
    /** Birthright access (roles) after a change; absent where roles are not wired (some specs). */
    @Optional() @Inject(BIRTHRIGHT) private readonly birthright?: BirthrightHook,
    /** Ends a disabled account's approved access requests; absent where requests are not wired (some specs). */
    @Optional() @Inject(LEAVER_GRANTS) private readonly leaverGrants?: LeaverGrantsHook,
  ) {}

  async converge(manager: EntityManager, person: Person, now: Date, cause: LifecycleCause): Promise<ConvergeResult> {
    const { personId } = person;
    const employments = await this.employments.forPerson(manager, personId);
    const bookings = await this.bookings.forPerson(manager, personId);
    const desired = await step(`deciding the account of person ${personId}`, () =>
      accountLifecycleAt(employments, bookings, now, {
        leadDays: this.options.leadDays,
        retentionDays: this.options.retentionDays,
        bookingLeadMinutes: this.options.bookingLeadMinutes,
        bookingGraceMinutes: this.options.bookingGraceMinutes,
      }),
    );
    const review: Review = { manager, person, now, today: stockholmDate(now), cause, desired, employments, changes: [] };
    let account = await this.accounts.findByPerson(personId, manager);
    const dnBefore = account?.dn ?? null;

    if (!account && desired.create && desired.primary) {
      account = await this.create(review, desired.primary);
    }
    if (account && desired.primary && (desired.phase === 'ACTIVE' || desired.phase === 'PREPARED')) {
      account = await this.follow(review, account, desired.primary);
    }
    if (account && desired.enabled && !account.enabled) {
      account = await this.enable(review, account);
    } else if (account && !desired.enabled && account.enabled) {
      account = await this.disable(review, account);
    } else if (account && !account.enabled && desired.removeAccess && !account.accessRemovedAt) {
      account = await this.removeAccess(review, account);
    }
    let deleted: Account | null = null;
    if (account && desired.delete) {
      deleted = await this.delete(review, account);
      account = null;
    }
    const open = await this.endTransitions(review, account === null);
    // Enabled, moved, disabled or a transition over: the role groups and entitlements follow.
    if (account && this.birthright && review.changes.some((c) => BIRTHRIGHT_CHANGES.has(c))) {
      await this.birthright.apply(manager, account, cause.correlationId, now);
    }

    // The reports' manager attribute follows this account: created, moved or gone.
    if ((account?.dn ?? null) !== dnBefore) {
      await this.persons.markReportsDue(manager, employments.map((e) => e.employmentId), now);
    }
    const nextReviewAt = earliest([desired.nextChangeAt, ...open.map((t) => stockholmMidnight(t.until))]);
    await this.persons.scheduleReview(manager, personId, nextReviewAt);
    if (review.changes.length > 0) {
      this.logger.log({
        msg: 'account changed',
        personId,
        accountId: (account ?? deleted)?.accountId,
        changes: review.changes,
        phase: desired.phase,
        actor: cause.actor,
        eventId: cause.causeEventId ?? undefined,
      });
    }
    return { account: account ?? deleted, changes: review.changes, desired, nextReviewAt };
  }

  private async create(review: Review, primary: Employment): Promise<Account> {
    const { manager, person, desired } = review;
    const managerDn = await this.managerDnFor(review, primary);
    const inDirectory = await this.directory.provision({
      personId: person.personId,
      holder: person,
      primary,
      managerDn,
      employmentIds: review.employments.map((e) => e.employmentId),
      takenInDatabase: (candidates) => this.accounts.takenNames(manager, candidates),
    });
    const attributes = accountAttributesFor(person, primary, inDirectory.samAccountName, managerDn);
    // CREATED is the disabled, prepared account; enabling is its own change and event.
    const account = await this.accounts.insert(manager, {
      accountId: uuidv7(),
      personId: person.personId,
      samAccountName: inDirectory.samAccountName,
      userPrincipalName: inDirectory.userPrincipalName,
      dn: inDirectory.dn,
      objectGuid: inDirectory.objectGuid,
      customerCode: primary.customerCode,
      unitCode: primary.unitCode,
      primaryEmploymentId: primary.employmentId,
      // An account found in AD (an earlier attempt, or made by hand) is checked against AD next.
      attributes: inDirectory.foundInDirectory ? null : recordedValues(attributes),
      // Enabled only by the enabling step, which records and announces it.
      enabled: false,
      accessRemovedAt: null,
      deletedAt: null,
    });
    if (inDirectory.enabled && !desired.enabled) {
      // Found enabled (an earlier attempt got that far) but not to be enabled now: AD follows the record.
      await this.directory.apply(this.locator(review, account), { enabled: false }, 'disabling the account found enabled');
    }
    await this.audit(review, account, 'account.created', this.ruleFor(review, 'create'), {
      samAccountName: account.samAccountName,
      userPrincipalName: account.userPrincipalName,
      dn: account.dn,
      customerCode: account.customerCode,
      ...(person.protectedIdentity ? {} : { unitCode: account.unitCode }),
      employmentId: primary.employmentId,
      phase: desired.phase,
      protectedIdentity: person.protectedIdentity,
      // The account was in AD already: an earlier attempt at this change made it.
      foundInDirectory: inDirectory.foundInDirectory,
    });
    await this.announce(review, account, AccountEvent.CREATED, review.today);
    review.changes.push('created');
    return account;
  }

  /** Attributes, OU and CN follow the primary employment; a change of customer or unit is a move. */
  private async follow(review: Review, account: Account, primary: Employment): Promise<Account> {
    const { manager, person, desired, today } = review;
    const managerDn = await this.managerDnFor(review, primary, account);
    const attributes = accountAttributesFor(person, primary, account.samAccountName, managerDn);
    const values = recordedValues(attributes);
    const ou = ouFor(primary.customerCode, this.options.managedOu);
    const placementChanged = account.customerCode !== primary.customerCode || (account.unitCode !== null && account.unitCode !== primary.unitCode);
    const recordChanged =
      placementChanged ||
      account.unitCode !== primary.unitCode ||
      account.primaryEmploymentId !== primary.employmentId ||
      !sameOu(account.dn, ou) ||
      account.attributes === null ||
      !sameValues(account.attributes, values);
    if (!recordChanged) return account;

    const outcome = await this.directory.apply(
      this.locator(review, account),
      { placement: { ou, attributes, wasHidden: hiddenBefore(account.attributes) } },
      'updating the account',
    );
    const changedInRecord = account.attributes === null ? [] : changedNames(account.attributes, values);
    const changed = [...new Set([...changedInRecord, ...outcome.changedAttributes])].sort();
    const movedOu = !sameOu(account.dn, ou) || outcome.moved;
    // A record without attributes (made before they were kept, or found in AD) only learns them,
    // unless AD or the placement really changed.
    const learning = account.attributes === null;
    const announce =
      changed.length > 0 || movedOu || outcome.renamed || placementChanged || (!learning && account.primaryEmploymentId !== primary.employmentId);

    const transition =
      account.enabled && desired.phase === 'ACTIVE'
        ? moverTransition({ customerCode: account.customerCode, unitCode: account.unitCode }, { customerCode: primary.customerCode, unitCode: primary.unitCode }, today, this.options.moverTransitionDays)
        : null;
    const before = account;
    const updated = await this.accounts.update(manager, account.accountId, {
      customerCode: primary.customerCode,
      unitCode: primary.unitCode,
      primaryEmploymentId: primary.employmentId,
      attributes: values,
      dn: outcome.dn,
      objectGuid: outcome.objectGuid ?? account.objectGuid,
    });
    if (!announce) return updated;

    await this.audit(review, updated, 'account.updated', placementChanged ? 'mover' : 'attributes.follow_hr', {
      changed,
      employmentId: primary.employmentId,
      ...(before.customerCode !== updated.customerCode ? { customerCode: { from: before.customerCode, to: updated.customerCode } } : { customerCode: updated.customerCode }),
      ...(person.protectedIdentity || before.unitCode === updated.unitCode ? {} : { unitCode: { from: before.unitCode, to: updated.unitCode } }),
      ...(before.dn !== updated.dn ? { dn: { from: before.dn, to: updated.dn } } : {}),
      moved: movedOu,
      renamed: outcome.renamed,
    });
    await this.announce(review, updated, AccountEvent.UPDATED, today);
    review.changes.push('updated');

    if (transition) {
      const record = await this.transitions.start(manager, {
        personId: person.personId,
        accountId: updated.accountId,
        fromCustomerCode: transition.from.customerCode,
        fromUnitCode: transition.from.unitCode,
        toCustomerCode: transition.to.customerCode,
        toUnitCode: transition.to.unitCode,
        startedOn: transition.startedOn,
        until: transition.until,
        causeEventId: review.cause.causeEventId,
      });
      await this.audit(review, updated, 'transition.started', 'mover.transition', this.transitionDetail(review, record));
      review.changes.push('transition_started');
    }
    return updated;
  }

  private async enable(review: Review, account: Account): Promise<Account> {
    const outcome = await this.directory.apply(this.locator(review, account), { enabled: true }, 'enabling the account');
    const enabled = await this.accounts.update(review.manager, account.accountId, {
      enabled: true,
      // Back at work: the access rules grant its groups again.
      accessRemovedAt: null,
      dn: outcome.dn,
      objectGuid: outcome.objectGuid ?? account.objectGuid,
    });
    await this.audit(review, enabled, 'account.enabled', this.ruleFor(review, 'enable'), {
      samAccountName: enabled.samAccountName,
      dn: enabled.dn,
      customerCode: enabled.customerCode,
      effectiveDate: review.today,
      ...grantDetail(review.desired.grant),
    });
    await this.announce(review, enabled, AccountEvent.ENABLED, review.today);
    review.changes.push('enabled');
    return enabled;
  }

  /**
   * Disabled at the end of the last day (the DISABLED event's effective date is the first day
   * without access). A leaver's groups go in the same step and are recorded in the entry.
   */
  private async disable(review: Review, account: Account): Promise<Account> {
    const { desired } = review;
    const removeMemberships = desired.removeAccess && !account.accessRemovedAt;
    const outcome = await this.directory.apply(this.locator(review, account), { enabled: false, removeMemberships }, 'disabling the account');
    const effectiveDate = desired.endedOn ?? review.today;
    const disabled = await this.accounts.update(review.manager, account.accountId, {
      enabled: false,
      dn: outcome.dn,
      objectGuid: outcome.objectGuid ?? account.objectGuid,
      ...(removeMemberships ? { accessRemovedAt: review.now } : {}),
    });
    await this.audit(review, disabled, 'account.disabled', this.ruleFor(review, 'disable'), {
      samAccountName: disabled.samAccountName,
      dn: disabled.dn,
      customerCode: disabled.customerCode,
      lastDay: desired.lastDay,
      effectiveDate,
      phase: desired.phase,
      ...grantDetail(desired.ended),
      ...(removeMemberships ? { removedGroups: outcome.removedGroups } : {}),
    });
    await this.announce(review, disabled, AccountEvent.DISABLED, effectiveDate);
    review.changes.push('disabled');
    // Extra access ends with the employment: a rehire starts from the roles, not old requests.
    await this.leaverGrants?.endForLeaver(review.manager, disabled, review.cause.correlationId, review.now);
    if (removeMemberships) {
      await this.announceRemovedGroups(review, disabled, outcome.removedGroups);
      review.changes.push('access_removed');
    }
    return disabled;
  }

  /** A disabled account no longer expected back within the lead time loses its groups. */
  private async removeAccess(review: Review, account: Account): Promise<Account> {
    const outcome = await this.directory.apply(this.locator(review, account), { removeMemberships: true }, 'removing the access of the account');
    const stripped = await this.accounts.update(review.manager, account.accountId, { accessRemovedAt: review.now, dn: outcome.dn });
    await this.audit(review, stripped, 'account.access_removed', 'leaver.remove_access', {
      samAccountName: stripped.samAccountName,
      removedGroups: outcome.removedGroups,
      phase: review.desired.phase,
    });
    await this.announceRemovedGroups(review, stripped, outcome.removedGroups);
    review.changes.push('access_removed');
    return stripped;
  }

  private async delete(review: Review, account: Account): Promise<Account> {
    const found = await this.directory.remove(this.locator(review, account));
    const deleted = await this.accounts.update(review.manager, account.accountId, { enabled: false, deletedAt: review.now });
    await this.audit(review, deleted, 'account.deleted', 'leaver.retention', {
      samAccountName: deleted.samAccountName,
      dn: deleted.dn,
      lastDay: review.desired.lastDay,
      retentionDays: this.options.retentionDays,
      // False when it was gone from AD already (an earlier attempt, or by hand).
      foundInDirectory: found,
    });
    await this.announce(review, deleted, AccountEvent.DELETED, review.today);
    review.changes.push('deleted');
    return deleted;
  }

  /** Ends the transitions whose time is up (all of them when the account is gone); returns those still open. */
  private async endTransitions(review: Review, accountGone: boolean): Promise<MoverTransitionRecord[]> {
    const open = await this.transitions.openForPerson(review.manager, review.person.personId);
    const still: MoverTransitionRecord[] = [];
    for (const transition of open) {
      if (!accountGone && stockholmMidnight(transition.until).getTime() > review.now.getTime()) {
        still.push(transition);
        continue;
      }
      await this.transitions.end(review.manager, transition.id, review.now);
      await this.auditLog.append(review.manager, {
        actor: review.cause.actor,
        action: 'transition.ended',
        personId: review.person.personId,
        accountId: transition.accountId,
        causeEventId: review.cause.causeEventId,
        detail: { rule: 'mover.transition_end', ...this.transitionDetail(review, transition) },
      });
      review.changes.push('transition_ended');
    }
    return still;
  }

  /** The DN of the manager's account, when HR names a manager who has one; never for a protected identity. */
  private async managerDnFor(review: Review, primary: Employment, account?: Account): Promise<string | null> {
    if (review.person.protectedIdentity || !primary.managerEmploymentId) return null;
    const dn = await this.accounts.liveDnOfEmployment(review.manager, primary.managerEmploymentId);
    // HR naming the person as their own manager: AD would list them as their own report.
    return dn !== null && account !== undefined && dn === account.dn ? null : dn;
  }

  private locator(review: Review, account: Account): AccountLocator {
    return {
      personId: account.personId,
      dn: account.dn,
      objectGuid: account.objectGuid,
      employmentIds: review.employments.map((e) => e.employmentId),
    };
  }

  /** The rule behind a step, for the audit entry: what was reached or decided. */
  private ruleFor(review: Review, change: 'create' | 'enable' | 'disable'): string {
    const booking = (change === 'disable' ? review.desired.ended : review.desired.grant)?.kind === 'booking';
    switch (change) {
      case 'create':
        return review.desired.phase === 'PREPARED' ? (booking ? 'booking.prepare' : 'joiner.prepare') : booking ? 'booking.start' : 'joiner.start';
      case 'enable':
        return booking ? 'booking.start' : 'joiner.start';
      case 'disable':
        return booking ? 'booking.expiry' : 'leaver.end_of_last_day';
    }
  }

  private transitionDetail(review: Review, t: MoverTransitionRecord): Record<string, unknown> {
    // A protected identity's units could place the person: the codes of customers only.
    const unit = (code: string | null) => (review.person.protectedIdentity ? {} : { unitCode: code });
    return {
      transitionId: t.id,
      from: { customerCode: t.fromCustomerCode, ...unit(t.fromUnitCode) },
      to: { customerCode: t.toCustomerCode, ...unit(t.toUnitCode) },
      startedOn: t.startedOn,
      until: t.until,
    };
  }

  private async audit(review: Review, account: Account, action: AuditAction, rule: string, detail: Record<string, unknown>): Promise<void> {
    await this.auditLog.append(review.manager, {
      actor: review.cause.actor,
      action,
      personId: review.person.personId,
      accountId: account.accountId,
      causeEventId: review.cause.causeEventId,
      detail: { rule, ...detail },
    });
  }

  private async announce(review: Review, account: Account, kind: AccountEvent, effectiveDate: string): Promise<void> {
    await this.publisher.publish(
      review.manager,
      Topics.identityAccount,
      create(AccountChangedSchema, {
        envelope: newEnvelope({
          source: 'identity',
          eventType: Topics.identityAccount.eventType,
          correlationId: review.cause.correlationId,
          causationId: review.cause.causeEventId ?? '',
        }),
        accountId: account.accountId,
        personId: account.personId,
        kind,
        samAccountName: account.samAccountName,
        userPrincipalName: account.userPrincipalName,
        customerCode: account.customerCode,
        enabled: account.enabled,
        effectiveDate,
      }),
    );
  }

  private async announceRemovedGroups(review: Review, account: Account, groups: readonly string[]): Promise<void> {
    for (const groupDn of groups) {
      await this.publisher.publish(
        review.manager,
        Topics.identityMembership,
        create(MembershipChangedSchema, {
          envelope: newEnvelope({
            source: 'identity',
            eventType: Topics.identityMembership.eventType,
            correlationId: review.cause.correlationId,
            causationId: review.cause.causeEventId ?? '',
          }),
          accountId: account.accountId,
          groupDn,
          action: MembershipAction.REMOVED,
          cause: review.cause.membershipCause,
        }),
      );
    }
  }
}

const BIRTHRIGHT_CHANGES = new Set<AccountChange>(['enabled', 'updated', 'disabled', 'access_removed', 'transition_ended']);

const sameOu = (accountDn: string, ou: string): boolean => sameDn(splitDn(accountDn).parent, ou);

function grantDetail(grant: AccountGrant | null): Record<string, unknown> {
  if (!grant) return {};
  return grant.kind === 'booking' ? { bookingId: grant.id } : { employmentId: grant.id };
}

function sameValues(a: Record<string, string>, b: Record<string, string>): boolean {
  return changedNames(a, b).length === 0;
}

function changedNames(a: Record<string, string>, b: Record<string, string>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => a[k] !== b[k]);
}

function earliest(instants: ReadonlyArray<Date | null>): Date | null {
  const times = instants.filter((d): d is Date => d !== null).map((d) => d.getTime());
  return times.length > 0 ? new Date(Math.min(...times)) : null;
}
