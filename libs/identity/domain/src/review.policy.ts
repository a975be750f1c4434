import { AccessRequestException, AccessRequestExceptionCode as Code } from './access-request.exception';

/** A manager's answer on one item of an access review (behörighetsrevision). */
export type ReviewAnswer = 'CONFIRMED' | 'REJECTED';
export type ReviewStatus = 'OPEN' | 'CLOSED';
export type ReviewOutcome = 'KEPT' | 'REVOKED';

/** On close, only confirmed access stays: rejected and unanswered access is revoked. */
export const reviewOutcome = (answer: ReviewAnswer | null): ReviewOutcome => (answer === 'CONFIRMED' ? 'KEPT' : 'REVOKED');

export interface AnswerCheck {
  status: ReviewStatus;
  /** The subjects (sAMAccountNames of the managers' accounts) who may answer the item. */
  reviewers: readonly string[];
  answerer: string;
  answererIsAdmin: boolean;
}

/** Answers are taken while the review is open, from one of the item's managers (or an admin). */
export function checkAnswer(check: AnswerCheck): void {
  if (check.status !== 'OPEN') {
    throw new AccessRequestException(Code.REVIEW_CLOSED, 'the review is closed; answers are taken only while it is OPEN');
  }
  if (!check.answererIsAdmin && !check.reviewers.includes(check.answerer)) {
    const who = check.reviewers.length > 0 ? check.reviewers.map((r) => `"${r}"`).join(', ') : 'no manager (HR names none; an admin answers)';
    throw new AccessRequestException(Code.NOT_REVIEWER, `"${check.answerer}" is not the manager of this item's account holder; allowed: ${who}`);
  }
}

/** A review closes by itself at the end of its closing day (Stockholm): due when today is after it. */
export const reviewDue = (closesOn: string, today: string): boolean => today > closesOn;

/** The cause recorded when a review revokes access: `review:<id>`. */
export const reviewCause = (id: string): string => `review:${id}`;
