import { accountNameFor, accountNamePart } from './account-name.policy';
import { IdentityException, IdentityExceptionCode } from './identity.exception';

/**
 * The first `count` names accountNameFor tries for a person, in its order (fewer when the numbers
 * run out). A caller that must ask a directory and a database whether names are taken looks them
 * all up in one query, then lets accountNameFor choose among the answers.
 */
export function accountNameCandidates(givenName: string, surname: string, count: number): string[] {
  if (!Number.isInteger(count) || count < 1) {
    throw new IdentityException(IdentityExceptionCode.INVALID_ARGUMENT, `count ${count} is not allowed; allowed: a whole number >= 1`);
  }
  const candidates: string[] = [];
  try {
    accountNameFor(givenName, surname, (candidate) => {
      candidates.push(candidate);
      return candidates.length < count;
    });
  } catch (error) {
    if (!(error instanceof IdentityException && error.code === IdentityExceptionCode.ACCOUNT_NAME_EXHAUSTED)) throw error;
  }
  return candidates;
}

/**
 * What a protected identity's (skyddad identitet) account is named after, as a surname with no
 * given name: `u` and the employment id (`u12345678`, numbered on collision like any name). HR
 * sends no names for them, and the account name must not lead back to the person.
 */
export function neutralAccountNameBase(employmentId: string): string {
  const id = accountNamePart(employmentId).replace(/-/g, '');
  if (id === '') {
    throw new IdentityException(
      IdentityExceptionCode.INVALID_ARGUMENT,
      `employment id '${employmentId}' leaves nothing to name a protected identity's account after; allowed: an id with letters a-z or digits`,
    );
  }
  return `u${id}`;
}
