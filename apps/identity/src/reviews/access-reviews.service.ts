import { Inject, Injectable, Logger } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import {
  AccessRequestException,
  AccessRequestExceptionCode,
  checkAnswer,
  ReviewAnswer,
  reviewCause,
  reviewDue,
  reviewOutcome,
  stockholmDate,
} from '@itops/identity/domain';
import { AccessRequestRepository, AccessReview, AccessReviewItem, AccessReviewRepository, AuditLogRepository, reviewerKey } from '@itops/identity/data-access';
import { dayNumber } from '@itops/shared/calendar';
import { DataSource } from '@itops/shared/persistence';
import { IDENTITY_OPTIONS, IdentityOptions } from '../identity.options';
import { AccessGrantsService } from '../requests/access-grants.service';
import type { Caller } from '../requests/access-requests.service';

/** Grants whose managers are looked up in one query. */
const REVIEWER_BATCH = 1000;

export interface ReviewWithItems {
  review: AccessReview;
  items: AccessReviewItem[];
}

export interface CloseResult {
  review: AccessReview;
  kept: number;
  revoked: number;
}

/**
 * Access reviews (behörighetsrevision): a campaign lists every approved, still running request
 * grant (the extra, non-birthright access) with the holder's managers as reviewers; they confirm
 * or reject each; at close everything not confirmed is revoked in AD, audited with cause
 * `review:<id>` and announced.
 */
@Injectable()
export class AccessReviewsService {
  private readonly logger = new Logger(AccessReviewsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly reviews: AccessReviewRepository,
    private readonly requests: AccessRequestRepository,
    private readonly auditLog: AuditLogRepository,
    private readonly grants: AccessGrantsService,
    @Inject(IDENTITY_OPTIONS) private readonly options: IdentityOptions,
  ) {}

  async start(input: { customerCode?: string; closesOn: string }, caller: Caller): Promise<ReviewWithItems> {
    const now = this.options.now();
    const today = stockholmDate(now);
    if (dayNumber(input.closesOn) === null || input.closesOn < today) {
      throw new AccessRequestException(AccessRequestExceptionCode.INVALID_END_DATE, `closesOn "${input.closesOn}" must be a date (YYYY-MM-DD) today (${today}) or later`);
    }
    return this.dataSource.transaction(async (manager) => {
      const review: AccessReview = {
        id: uuidv7(),
        customerCode: input.customerCode ?? null,
        closesOn: input.closesOn,
        status: 'OPEN',
        startedBy: caller.subject,
        startedAt: now,
        closedBy: null,
        closedAt: null,
      };
      const grants = await this.requests.approvedForReview(manager, review.customerCode);
      const items: AccessReviewItem[] = [];
      // The managers are looked up a batch of grants at a time: one query per batch, not per grant.
      const reviewers = new Map<string, string[]>();
      for (let i = 0; i < grants.length; i += REVIEWER_BATCH) {
        for (const [key, subjects] of await this.reviews.reviewersOfMany(manager, grants.slice(i, i + REVIEWER_BATCH))) reviewers.set(key, subjects);
      }
      for (const grant of grants) {
        items.push({
          id: uuidv7(),
          reviewId: review.id,
          requestId: grant.id,
          accountId: grant.accountId,
          samAccountName: grant.samAccountName,
          groupKey: grant.groupKey,
          groupDn: grant.groupDn,
          licenceCode: grant.licenceCode,
          until: grant.until,
          reviewers: reviewers.get(reviewerKey(grant.personId, grant.employmentId)) ?? [],
          answer: null,
          answeredBy: null,
          answeredAt: null,
          outcome: null,
        });
      }
      await this.reviews.insert(manager, review, items);
      await this.auditLog.append(manager, {
        actor: caller.subject,
        action: 'review.started',
        personId: null,
        accountId: null,
        causeEventId: null,
        detail: { reviewId: review.id, cause: reviewCause(review.id), customerCode: review.customerCode, closesOn: review.closesOn, items: items.length },
      });
      return { review, items };
    });
  }

  async show(id: string): Promise<ReviewWithItems> {
    const review = await this.reviews.get(id);
    if (!review) throw new AccessRequestException(AccessRequestExceptionCode.NOT_FOUND, `access review ${id} does not exist`);
    return { review, items: await this.reviews.items(id) };
  }

  async answer(reviewId: string, itemId: string, answer: ReviewAnswer, caller: Caller): Promise<AccessReviewItem> {
    const now = this.options.now();
    return this.dataSource.transaction(async (manager) => {
      const review = await this.reviews.get(reviewId, manager);
      const item = review ? await this.reviews.item(manager, reviewId, itemId) : null;
      if (!review || !item) throw new AccessRequestException(AccessRequestExceptionCode.NOT_FOUND, `item ${itemId} of access review ${reviewId} does not exist`);
      checkAnswer({ status: review.status, reviewers: item.reviewers, answerer: caller.subject.toLowerCase(), answererIsAdmin: caller.isAdmin });
      await this.reviews.updateItem(manager, item.id, { answer, answeredBy: caller.subject, answeredAt: now });
      await this.auditLog.append(manager, {
        actor: caller.subject,
        action: 'review.answered',
        personId: null,
        accountId: item.accountId,
        causeEventId: null,
        detail: { reviewId, itemId, requestId: item.requestId, cause: reviewCause(reviewId), ...(item.licenceCode ? { licenceCode: item.licenceCode } : { groupKey: item.groupKey }), answer },
      });
      return { ...item, answer, answeredBy: caller.subject, answeredAt: now };
    });
  }

  /**
   * Closes the review: confirmed grants are kept; rejected and unanswered ones are revoked (the
   * grant ends, the account leaves the group in AD). One transaction per item, so a failure in AD
   * leaves the review open with the items done so far; closing again continues.
   */
  async close(id: string, caller: Caller, now: Date = this.options.now()): Promise<CloseResult> {
    const review = await this.reviews.get(id);
    if (!review) throw new AccessRequestException(AccessRequestExceptionCode.NOT_FOUND, `access review ${id} does not exist`);
    if (review.status === 'CLOSED') throw new AccessRequestException(AccessRequestExceptionCode.REVIEW_CLOSED, `access review ${id} is closed already`);
    let kept = 0;
    let revoked = 0;
    for (const item of await this.reviews.items(id)) {
      if (item.outcome) {
        if (item.outcome === 'KEPT') kept += 1;
        else revoked += 1;
        continue;
      }
      const outcome = reviewOutcome(item.answer);
      await this.dataSource.transaction(async (manager) => {
        const request = await this.requests.get(item.requestId, manager, true);
        // A grant that expired or was revoked meanwhile has nothing left to take away.
        if (outcome === 'REVOKED' && request?.status === 'APPROVED') {
          await this.grants.end(manager, request, 'REVOKED', {
            actor: caller.subject,
            cause: reviewCause(id),
            correlationId: id,
            rule: item.answer === 'REJECTED' ? 'review.rejected' : 'review.unanswered',
            detail: { reviewId: id, answeredBy: item.answeredBy },
          }, now);
        }
        await this.reviews.updateItem(manager, item.id, { outcome });
      });
      if (outcome === 'KEPT') kept += 1;
      else revoked += 1;
    }
    const closed = await this.dataSource.transaction(async (manager) => {
      await this.reviews.updateReview(manager, id, { status: 'CLOSED', closedBy: caller.subject, closedAt: now });
      await this.auditLog.append(manager, {
        actor: caller.subject,
        action: 'review.closed',
        personId: null,
        accountId: null,
        causeEventId: null,
        detail: { reviewId: id, cause: reviewCause(id), kept, revoked },
      });
      return (await this.reviews.get(id, manager)) as AccessReview;
    });
    this.logger.log({ msg: 'access review closed', reviewId: id, kept, revoked });
    return { review: closed, kept, revoked };
  }

  /** Closes the open reviews whose closing day is over (the schedule). */
  async closeDue(now: Date = this.options.now()): Promise<number> {
    const due = (await this.reviews.dueToClose(stockholmDate(now))).filter((r) => reviewDue(r.closesOn, stockholmDate(now)));
    for (const review of due) await this.close(review.id, { subject: 'lifecycle', isAdmin: true }, now);
    return due.length;
  }
}
