import { Inject, Injectable, Logger } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import {
  AccessRequestException,
  AccessRequestExceptionCode,
  checkDecision,
  checkNewRequest,
  grantEndsAt,
  requestCause,
  stockholmDate,
} from '@itops/identity/domain';
import {
  AccessRequest,
  AccessRequestRepository,
  AccessReviewRepository,
  AccountRepository,
  AuditLogRepository,
  EmploymentRepository,
  LIFECYCLE_ACTOR,
} from '@itops/identity/data-access';
import { DataSource, EntityManager } from '@itops/shared/persistence';
import { IDENTITY_OPTIONS, IdentityOptions } from '../identity.options';
import { AccessGrantsService } from './access-grants.service';
import { GroupCatalogue } from './group-catalogue';
import { LeaverGrantsHook } from './leaver-grants';

export interface NewAccessRequest {
  /** sAMAccountName of the account that gets the access. */
  account: string;
  /** Key of the group in the rule set's catalogue; exactly one of group and licence. */
  group?: string;
  /** Code of a requestable licence in the rule set's licence catalogue (e.g. VISIO-P2). */
  licence?: string;
  /** Last day with access, YYYY-MM-DD (Europe/Stockholm). */
  until: string;
  reason: string;
  /** The employment the access is for; the account's primary employment when left out. */
  employmentId?: string;
}

export interface Caller {
  subject: string;
  isAdmin: boolean;
  /** Acts as a line manager only (no service-desk, operator or admin role): limited to their own staff. */
  managerOnly?: boolean;
}

/** What a request is for, in audit entries: the group (key and DN) or the licence code. */
export const targetDetail = (request: AccessRequest): Record<string, unknown> =>
  request.licenceCode ? { licenceCode: request.licenceCode, customerCode: request.customerCode } : { groupKey: request.groupKey, groupDn: request.groupDn };

/** Grants expired per batch; the schedule comes back for the rest. */
const EXPIRY_BATCH = 200;

/**
 * Extra access by request: made by a manager or the service desk, decided by the group's owner,
 * realised in AD on approval, removed at the end of the last day.
 */
@Injectable()
export class AccessRequestsService implements LeaverGrantsHook {
  private readonly logger = new Logger(AccessRequestsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly requests: AccessRequestRepository,
    private readonly accounts: AccountRepository,
    private readonly employments: EmploymentRepository,
    private readonly reviews: AccessReviewRepository,
    private readonly auditLog: AuditLogRepository,
    private readonly catalogue: GroupCatalogue,
    private readonly grants: AccessGrantsService,
    @Inject(IDENTITY_OPTIONS) private readonly options: IdentityOptions,
  ) {}

  async create(input: NewAccessRequest, caller: Caller): Promise<AccessRequest> {
    const now = this.options.now();
    const account = await this.accounts.findBySamAccountName(input.account);
    if (!account || account.deletedAt) {
      throw new AccessRequestException(AccessRequestExceptionCode.UNKNOWN_ACCOUNT, `account "${input.account}" is not an account identity manages${account ? ' (it is deleted)' : ''}; give a live sAMAccountName`);
    }
    if (!input.group === !input.licence) {
      throw new AccessRequestException(AccessRequestExceptionCode.UNKNOWN_GROUP, 'give exactly one of group (a catalogue group key) and licence (a requestable licence code)');
    }
    return this.dataSource.transaction(async (manager) => {
      const group = input.group ? await this.catalogue.group(manager, input.group) : null;
      const licence = input.licence ? await this.catalogue.licence(manager, input.licence) : null;
      const duplicate = group ? await this.requests.openFor(manager, account.accountId, group.key) : await this.requests.openForLicence(manager, account.accountId, input.licence as string);
      const target = group ?? (licence as NonNullable<typeof licence>);
      checkNewRequest({ group: target, until: input.until, today: stockholmDate(now), reason: input.reason, openDuplicateId: duplicate?.id ?? null });
      const employmentIds = (await this.employments.forPerson(manager, account.personId)).map((e) => e.employmentId);
      if (input.employmentId && !employmentIds.includes(input.employmentId)) {
        throw new AccessRequestException(
          AccessRequestExceptionCode.UNKNOWN_ACCOUNT,
          `employmentId "${input.employmentId}" is not an employment of account ${account.samAccountName}; allowed: ${employmentIds.join(', ')}`,
        );
      }
      const employmentId = input.employmentId ?? account.primaryEmploymentId;
      if (caller.managerOnly) {
        // Who manages whom is HR's managerEmploymentId; the same rule picks the reviewers later.
        const managers = await this.reviews.reviewersOf(manager, account.personId, employmentId);
        if (!managers.includes(caller.subject.toLowerCase())) {
          throw new AccessRequestException(
            AccessRequestExceptionCode.NOT_MANAGER,
            `"${caller.subject}" is not the manager of ${account.samAccountName}'s employment ${employmentId ?? '-'} in HR; managers: ${managers.join(', ') || 'none'} (the service desk may request for anyone)`,
          );
        }
      }
      const request = await this.requests.insert(manager, {
        id: uuidv7(),
        accountId: account.accountId,
        personId: account.personId,
        employmentId,
        samAccountName: account.samAccountName,
        groupKey: group?.key ?? null,
        groupDn: group?.dn ?? null,
        licenceCode: licence?.code ?? null,
        customerCode: licence ? account.customerCode : null,
        owner: target.owner,
        reason: input.reason.trim(),
        until: input.until,
        requestedBy: caller.subject,
        requestedAt: now,
        status: 'PENDING',
        decidedBy: null,
        decidedAt: null,
        decisionNote: null,
        endedAt: null,
        endCause: null,
      });
      await this.auditLog.append(manager, {
        actor: caller.subject,
        action: 'request.created',
        personId: request.personId,
        accountId: request.accountId,
        causeEventId: null,
        detail: {
          requestId: request.id,
          cause: requestCause(request.id),
          ...targetDetail(request),
          owner: request.owner,
          until: request.until,
          reason: request.reason,
          employmentId: request.employmentId,
        },
      });
      return request;
    });
  }

  /** The owner approves: the account is added to the group in AD, audited and announced. */
  async approve(id: string, caller: Caller, note?: string): Promise<AccessRequest> {
    return this.decide(id, caller, 'APPROVED', note);
  }

  async reject(id: string, caller: Caller, note?: string): Promise<AccessRequest> {
    return this.decide(id, caller, 'REJECTED', note);
  }

  async get(id: string): Promise<AccessRequest> {
    const request = await this.requests.get(id);
    if (!request) throw new AccessRequestException(AccessRequestExceptionCode.NOT_FOUND, `access request ${id} does not exist`);
    return request;
  }

  /**
   * Removes the grants whose last day is over at `now` (end of the day, Europe/Stockholm), each
   * in its own transaction. Returns how many ended.
   */
  async expireDue(now: Date = this.options.now()): Promise<number> {
    let ended = 0;
    for (;;) {
      const batch = await this.dataSource.transaction(async (manager) => {
        const due = await this.requests.dueForExpiry(manager, stockholmDate(now), 1);
        const request = due[0];
        if (!request) return 0;
        await this.grants.end(manager, request, 'EXPIRED', {
          actor: LIFECYCLE_ACTOR,
          cause: requestCause(request.id),
          correlationId: request.id,
          rule: 'request.expiry',
          detail: { endedAt: grantEndsAt(request.until).toISOString() },
        }, now);
        return 1;
      });
      if (batch === 0) break;
      ended += batch;
      if (ended >= EXPIRY_BATCH) break;
    }
    if (ended > 0) this.logger.log({ msg: 'access grants expired', count: ended });
    return ended;
  }

  /**
   * The lifecycle disabled the account: every approved grant ends now (REVOKED, end cause
   * 'leaver'), in the lifecycle's transaction: the member leaves the group in AD (the leaver's
   * groups may be gone already: recorded as found), a requested licence is revoked. A pending
   * request is rejected, so a late approval cannot give a leaver (or a later rehire) the access.
   */
  async endForLeaver(manager: EntityManager, account: { accountId: string }, correlationId: string, now: Date): Promise<number> {
    const open = await this.requests.openForAccount(manager, account.accountId);
    for (const request of open) {
      if (request.status === 'APPROVED') {
        await this.grants.end(manager, request, 'REVOKED', {
          actor: LIFECYCLE_ACTOR,
          cause: requestCause(request.id),
          correlationId,
          rule: 'request.leaver',
          endCause: 'leaver',
          detail: { reason: 'leaver' },
        }, now);
        continue;
      }
      const rejected = await this.requests.update(manager, request.id, { status: 'REJECTED', decidedBy: LIFECYCLE_ACTOR, decidedAt: now, decisionNote: 'leaver: the account was disabled', endCause: 'leaver' });
      await this.auditLog.append(manager, {
        actor: LIFECYCLE_ACTOR,
        action: 'request.rejected',
        personId: rejected.personId,
        accountId: rejected.accountId,
        causeEventId: null,
        detail: { requestId: rejected.id, cause: requestCause(rejected.id), ...targetDetail(rejected), requestedBy: rejected.requestedBy, until: rejected.until, rule: 'request.leaver', reason: 'leaver' },
      });
    }
    if (open.length > 0) this.logger.log({ msg: 'access requests of a disabled account ended', count: open.length });
    return open.length;
  }

  private async decide(id: string, caller: Caller, status: 'APPROVED' | 'REJECTED', note?: string): Promise<AccessRequest> {
    const now = this.options.now();
    return this.dataSource.transaction(async (manager) => {
      const request = await this.requests.get(id, manager, true);
      if (!request) throw new AccessRequestException(AccessRequestExceptionCode.NOT_FOUND, `access request ${id} does not exist`);
      checkDecision({ status: request.status, owner: request.owner, requestedBy: request.requestedBy, decider: caller.subject, deciderIsAdmin: caller.isAdmin });
      if (status === 'APPROVED' && request.until < stockholmDate(now)) {
        throw new AccessRequestException(AccessRequestExceptionCode.INVALID_END_DATE, `request ${id} ended on ${request.until} before it was approved; make a new request`);
      }
      const decided = await this.requests.update(manager, id, { status, decidedBy: caller.subject, decidedAt: now, decisionNote: note?.trim() || null });
      await this.auditLog.append(manager, {
        actor: caller.subject,
        action: status === 'APPROVED' ? 'request.approved' : 'request.rejected',
        personId: decided.personId,
        accountId: decided.accountId,
        causeEventId: null,
        detail: { requestId: id, cause: requestCause(id), ...targetDetail(decided), requestedBy: decided.requestedBy, until: decided.until, note: decided.decisionNote },
      });
      if (status === 'APPROVED') {
        await this.grants.grant(manager, decided, { actor: caller.subject, cause: requestCause(id), correlationId: id, rule: 'request.approved' }, now);
      }
      return decided;
    });
  }
}
