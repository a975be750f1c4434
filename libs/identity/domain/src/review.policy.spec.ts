import { AccessRequestException, AccessRequestExceptionCode as Code } from './access-request.exception';
import { AnswerCheck, checkAnswer, ReviewAnswer, ReviewOutcome, reviewDue, reviewOutcome } from './review.policy';

describe('reviewOutcome', () => {
  it.each<[ReviewAnswer | null, ReviewOutcome]>([
    ['CONFIRMED', 'KEPT'],
    ['REJECTED', 'REVOKED'],
    [null, 'REVOKED'],
  ])('answer %s: %s', (answer, outcome) => {
    expect(reviewOutcome(answer)).toBe(outcome);
  });
});

describe('checkAnswer', () => {
  const open: AnswerCheck = { status: 'OPEN', reviewers: ['chef.anna'], answerer: 'chef.anna', answererIsAdmin: false };
  it.each<[string, Partial<AnswerCheck>, Code | null]>([
    ['the manager', {}, null],
    ['one of two managers', { reviewers: ['chef.bertil', 'chef.anna'] }, null],
    ['another manager', { answerer: 'chef.bertil' }, Code.NOT_REVIEWER],
    ['an admin', { answerer: 'admin-1', answererIsAdmin: true }, null],
    ['nobody named by HR, a manager answering', { reviewers: [] }, Code.NOT_REVIEWER],
    ['a closed review', { status: 'CLOSED' }, Code.REVIEW_CLOSED],
  ])('%s: %s', (_, change, expected) => {
    let code: Code | null = null;
    try {
      checkAnswer({ ...open, ...change });
    } catch (error) {
      code = (error as AccessRequestException).code;
    }
    expect(code).toBe(expected);
  });
});

describe('reviewDue', () => {
  it.each<[string, string, boolean]>([
    ['2026-03-31', '2026-03-31', false],
    ['2026-03-31', '2026-04-01', true],
    ['2026-03-31', '2026-03-30', false],
  ])('closing %s, today %s: due %s', (closesOn, today, due) => {
    expect(reviewDue(closesOn, today)).toBe(due);
  });
});
