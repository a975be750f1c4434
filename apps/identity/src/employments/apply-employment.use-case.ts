import { Inject, Injectable, Logger } from '@nestjs/common';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { v7 as uuidv7 } from 'uuid';
import { accountStateOn, AccountState, stockholmDate } from '@itops/identity/domain';
import {
  Account,
  AccountRepository,
  AuditLogRepository,
  Employment,
  EmploymentChangeKind,
  EmploymentFormName,
  EmploymentRepository,
  HR_FEED_ACTOR,
  Person,
  PersonRepository,
} from '@itops/identity/data-access';
import { AccountChangedSchema, AccountEvent, ChangeKind, create, EmploymentChanged, EmploymentForm, newEnvelope, Topics } from '@itops/shared/contracts';
import { EventPublisher, type EventContext } from '@itops/shared/messaging';
import { DirectoryAccountsGateway } from '../accounts/directory-accounts.gateway';
import { step } from '../event-failure';
import { IDENTITY_OPTIONS, IdentityOptions } from '../identity.options';

export type AccountChange = 'created' | 'enabled';

export interface ApplyEmploymentResult {
  /** The person's account after the event, if they have one. */
  account: Account | null;
  /** What this event did to it, in order. */
  changes: AccountChange[];
  /** The account the rules want for the person today. */
  desired: AccountState<Employment>;
}

/**
 * An employment changed in HR: store it, work out the account the person should have today
 * (accountStateOn over all their employments) and bring AD and identity's records there.
 *
 * Now: an account that should exist and does not is created (disabled) in the primary
 * employment's customer OU, then enabled when an employment runs today. Moving, disabling and
 * deleting accounts follow the same path in the lifecycle to come.
 *
 * The AD writes happen before the database transaction commits. If it rolls back (or the
 * process dies), the retried or redelivered event finds the account in AD by employeeID and
 * carries on from there: never a second account, never a second CREATED.
 */
@Injectable()
export class ApplyEmployment {
  private readonly logger = new Logger(ApplyEmployment.name);

  constructor(
    private readonly persons: PersonRepository,
    private readonly employments: EmploymentRepository,
    private readonly accounts: AccountRepository,
    private readonly auditLog: AuditLogRepository,
    private readonly directory: DirectoryAccountsGateway,
    private readonly publisher: EventPublisher,
    @Inject(IDENTITY_OPTIONS) private readonly options: IdentityOptions,
  ) {}

  async execute(event: EmploymentChanged, ctx: EventContext): Promise<ApplyEmploymentResult> {
    const { manager } = ctx;
    const occurredAt = event.envelope?.occurredAt ? timestampDate(event.envelope.occurredAt) : new Date();
    const person = await this.persons.recordAndLock(manager, {
      personId: event.personId,
      givenName: event.protectedIdentity ? null : event.givenName.trim() || null,
      surname: event.protectedIdentity ? null : event.surname.trim() || null,
      protectedIdentity: event.protectedIdentity,
      sourceOccurredAt: occurredAt,
    });
    await this.employments.record(manager, employmentFrom(event, ctx.eventId, occurredAt));
    const employments = await this.employments.forPerson(manager, event.personId);

    const today = stockholmDate(this.options.now());
    const desired = await step(`deciding the account of person ${event.personId}`, () =>
      accountStateOn(employments, today, { leadDays: this.options.leadDays }),
    );
    const changes: AccountChange[] = [];
    let account = await this.accounts.findByPerson(event.personId, manager);

    if (desired.exists && desired.primary && !account) {
      account = await this.create(person, desired.primary, desired, employments, ctx, today);
      changes.push('created');
    }
    if (account && desired.enabled && !account.enabled) {
      account = await this.enable(account, employments, ctx, today);
      changes.push('enabled');
    }
    if (changes.length > 0) {
      this.logger.log({ msg: 'account changed', personId: person.personId, accountId: account?.accountId, changes, phase: desired.phase, eventId: ctx.eventId });
    }
    return { account, changes, desired };
  }

  private async create(
    person: Person,
    primary: Employment,
    desired: AccountState<Employment>,
    employments: Employment[],
    ctx: EventContext,
    today: string,
  ): Promise<Account> {
    const inDirectory = await this.directory.provision({
      personId: person.personId,
      holder: person,
      primary,
      employmentIds: employments.map((e) => e.employmentId),
      takenInDatabase: (candidates) => this.accounts.takenNames(ctx.manager, candidates),
    });
    // CREATED is the disabled, prepared account; enabling is its own change and event below.
    const account = await this.accounts.insert(ctx.manager, {
      accountId: uuidv7(),
      personId: person.personId,
      samAccountName: inDirectory.samAccountName,
      userPrincipalName: inDirectory.userPrincipalName,
      dn: inDirectory.dn,
      objectGuid: inDirectory.objectGuid,
      customerCode: primary.customerCode,
      enabled: false,
    });
    await this.auditLog.append(ctx.manager, {
      actor: HR_FEED_ACTOR,
      action: 'account.created',
      accountId: account.accountId,
      causeEventId: ctx.eventId,
      detail: {
        samAccountName: account.samAccountName,
        userPrincipalName: account.userPrincipalName,
        dn: account.dn,
        customerCode: account.customerCode,
        employmentId: primary.employmentId,
        phase: desired.phase,
        protectedIdentity: person.protectedIdentity,
        // The account was in AD already: an earlier attempt at this event made it.
        foundInDirectory: inDirectory.foundInDirectory,
      },
    });
    await this.announce(ctx, account, AccountEvent.CREATED, today);
    return account;
  }

  private async enable(account: Account, employments: Employment[], ctx: EventContext, today: string): Promise<Account> {
    const inDirectory = await this.directory.enable(
      account.personId,
      account.dn,
      employments.map((e) => e.employmentId),
    );
    const enabled = await this.accounts.update(ctx.manager, account.accountId, {
      enabled: true,
      dn: inDirectory.dn,
      objectGuid: inDirectory.objectGuid ?? account.objectGuid,
    });
    await this.auditLog.append(ctx.manager, {
      actor: HR_FEED_ACTOR,
      action: 'account.enabled',
      accountId: account.accountId,
      causeEventId: ctx.eventId,
      detail: { samAccountName: enabled.samAccountName, dn: enabled.dn, customerCode: enabled.customerCode, effectiveDate: today },
    });
    await this.announce(ctx, enabled, AccountEvent.ENABLED, today);
    return enabled;
  }

  private async announce(ctx: EventContext, account: Account, kind: AccountEvent, effectiveDate: string): Promise<void> {
    await this.publisher.publish(
      ctx.manager,
      Topics.identityAccount,
      create(AccountChangedSchema, {
        envelope: newEnvelope({ source: 'identity', eventType: Topics.identityAccount.eventType, correlationId: ctx.correlationId, causationId: ctx.eventId }),
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
}

function employmentFrom(event: EmploymentChanged, eventId: string, occurredAt: Date): Omit<Employment, 'updatedAt'> {
  const text = (value: string): string | null => (value.trim() === '' ? null : value.trim());
  return {
    employmentId: event.employmentId,
    personId: event.personId,
    customerCode: event.customerCode,
    unitCode: event.unitCode,
    unitName: event.protectedIdentity ? null : text(event.unitName),
    costCentre: text(event.costCentre),
    jobCode: text(event.jobCode),
    jobTitle: text(event.jobTitle),
    form: EmploymentForm[event.form] as EmploymentFormName,
    rate: event.employmentRate,
    startDate: event.startDate,
    endDate: text(event.endDate),
    managerEmploymentId: text(event.managerEmploymentId),
    lastChange: ChangeKind[event.kind] as EmploymentChangeKind,
    snapshotId: event.snapshotId,
    sourceEventId: eventId,
    sourceOccurredAt: occurredAt,
  };
}
