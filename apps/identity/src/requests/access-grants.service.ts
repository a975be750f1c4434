import { Injectable } from '@nestjs/common';
import { AccessRequest, AccessRequestRepository, AccountRepository, AuditLogRepository } from '@itops/identity/data-access';
import { AccessRequestException, AccessRequestExceptionCode, requestCause, stockholmDate } from '@itops/identity/domain';
import { create, MembershipAction, MembershipChangedSchema, newEnvelope, Topics } from '@itops/shared/contracts';
import { EventPublisher } from '@itops/shared/messaging';
import type { EntityManager } from '@itops/shared/persistence';
import { publishEntitlement } from '../access/access-events';
import { DirectoryGroupsGateway, GroupMember } from './directory-groups.gateway';

/** Who acts and why, for the audit entry and the event. */
export interface GrantCause {
  /** JWT subject, or 'lifecycle' for the schedule. */
  actor: string;
  /** `request:<id>` or `review:<id>`. */
  cause: string;
  /** Correlation id of the events (the request or review id). */
  correlationId: string;
  /** Why, for the reader: 'request.approved', 'request.expiry', 'request.leaver', 'review.rejected', 'review.unanswered'. */
  rule: string;
  /** The request's `endCause` when it is not the cause itself ('expiry' for `request:<id>`), e.g. 'leaver'. */
  endCause?: string;
  detail?: Record<string, unknown>;
}

/**
 * The effects of a grant on AD and the record: the membership added or removed in AD (first,
 * idempotently), then, in the caller's transaction, the audit entry and identity.membership.v1.
 * A requested licence changes nothing in AD here: it is announced on identity.entitlement.v1
 * (GRANTED/REVOKED, kind LICENCE, cause as for groups) and the licence service puts the account in
 * the product's licence group. These announcements are never written to `announced_entitlement`,
 * so the role entitlement diffing neither sees nor revokes them.
 */
@Injectable()
export class AccessGrantsService {
  constructor(
    private readonly requests: AccessRequestRepository,
    private readonly accounts: AccountRepository,
    private readonly auditLog: AuditLogRepository,
    private readonly groups: DirectoryGroupsGateway,
    private readonly publisher: EventPublisher,
  ) {}

  /** Adds the account of an approved request to its group. */
  async grant(manager: EntityManager, request: AccessRequest, why: GrantCause, now: Date = new Date()): Promise<void> {
    const member = await this.member(manager, request);
    if (!member) {
      throw new AccessRequestException(AccessRequestExceptionCode.UNKNOWN_ACCOUNT, `account ${request.samAccountName} of request ${request.id} is deleted or replaced; make a new request for the current account`);
    }
    if (request.groupDn) {
      await this.groups.add(request.groupDn, member);
      await this.record(manager, request, why, 'membership.added', { added: true });
    } else {
      await this.announceLicence(manager, request, why, true, now);
    }
  }

  /** Takes the account of a request out of its group and ends the request (EXPIRED or REVOKED). */
  async end(manager: EntityManager, request: AccessRequest, status: 'EXPIRED' | 'REVOKED', why: GrantCause, now: Date): Promise<AccessRequest> {
    const endCause = why.endCause ?? (why.cause === requestCause(request.id) ? 'expiry' : why.cause);
    if (!request.groupDn) {
      const ended = await this.requests.update(manager, request.id, { status, endedAt: now, endCause });
      await this.announceLicence(manager, ended, why, false, now);
      return ended;
    }
    const member = await this.member(manager, request);
    // A deleted account's memberships went with it.
    const wasMember = member ? await this.groups.remove(request.groupDn, member) : false;
    const ended = await this.requests.update(manager, request.id, { status, endedAt: now, endCause });
    // False: someone took it away by hand (or an earlier attempt did); recorded as it was found.
    await this.record(manager, ended, why, 'membership.removed', { wasMember });
    return ended;
  }

  /** The request's account if it is still the person's live one. */
  private async member(manager: EntityManager, request: AccessRequest): Promise<GroupMember | null> {
    const account = await this.accounts.findByPerson(request.personId, manager);
    return account && account.accountId === request.accountId ? { dn: account.dn, objectGuid: account.objectGuid } : null;
  }

  /** A requested licence: audited and announced (GRANTED or REVOKED) for the customer it was granted to. */
  private async announceLicence(manager: EntityManager, request: AccessRequest, why: GrantCause, granted: boolean, now: Date): Promise<void> {
    const code = request.licenceCode as string;
    const customerCode = request.customerCode as string;
    await this.auditLog.append(manager, {
      actor: why.actor,
      action: granted ? 'entitlement.granted' : 'entitlement.revoked',
      personId: request.personId,
      accountId: request.accountId,
      causeEventId: null,
      detail: {
        rule: why.rule,
        cause: why.cause,
        kind: 'LICENCE',
        licenceCode: code,
        customerCode,
        requestId: request.id,
        samAccountName: request.samAccountName,
        employmentId: request.employmentId,
        requestedBy: request.requestedBy,
        approvedBy: request.decidedBy,
        until: request.until,
        ...why.detail,
      },
    });
    await publishEntitlement(this.publisher, manager, why.correlationId, {
      accountId: request.accountId,
      customerCode,
      kind: 'LICENCE',
      code,
      granted,
      cause: why.cause,
      effectiveDate: stockholmDate(now),
      samAccountName: request.samAccountName,
    });
  }

  private async record(manager: EntityManager, request: AccessRequest, why: GrantCause, action: 'membership.added' | 'membership.removed', extra: Record<string, unknown>): Promise<void> {
    await this.auditLog.append(manager, {
      actor: why.actor,
      action,
      personId: request.personId,
      accountId: request.accountId,
      causeEventId: null,
      detail: {
        rule: why.rule,
        cause: why.cause,
        groupDn: request.groupDn,
        groupKey: request.groupKey,
        requestId: request.id,
        samAccountName: request.samAccountName,
        employmentId: request.employmentId,
        requestedBy: request.requestedBy,
        approvedBy: request.decidedBy,
        until: request.until,
        ...extra,
        ...why.detail,
      },
    });
    await this.publisher.publish(
      manager,
      Topics.identityMembership,
      create(MembershipChangedSchema, {
        envelope: newEnvelope({ source: 'identity', eventType: Topics.identityMembership.eventType, correlationId: why.correlationId }),
        accountId: request.accountId,
        groupDn: request.groupDn as string,
        action: action === 'membership.added' ? MembershipAction.ADDED : MembershipAction.REMOVED,
        cause: why.cause,
      }),
    );
  }
}
