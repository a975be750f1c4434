import { addDays, dayNumber, stockholmMidnight } from './calendar-date';
import { AccessRequestException, AccessRequestExceptionCode as Code } from './access-request.exception';

/** A group of the rule set's catalogue, as far as requests need it. */
export interface RequestableGroup {
  key: string;
  dn: string;
  /** JWT subject of the group's owner: the one who approves. */
  owner: string;
  requestable: boolean;
  /** Longest grant: the end date is at most this many days after today. */
  maxDays: number;
}

/** A licence of the rule set's optional licence catalogue, as requests need it. */
export interface RequestableLicence {
  /** Licence product code, e.g. VISIO-P2. */
  code: string;
  owner: string;
  requestable: boolean;
  maxDays: number;
}

/** How a request's target is named in messages: `group "x"` or `licence "X"`. */
const targetName = (target: RequestableGroup | RequestableLicence): string => ('code' in target ? `licence "${target.code}"` : `group "${target.key}"`);

/**
 * PENDING awaits the owner; APPROVED holds the membership until `until`; REJECTED, EXPIRED
 * (the end date passed) and REVOKED (an access review took it away) are final.
 */
export type AccessRequestStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'EXPIRED' | 'REVOKED';

/** Open requests block a duplicate: one open request per account and group. */
export const OPEN_REQUEST_STATUSES: readonly AccessRequestStatus[] = ['PENDING', 'APPROVED'];

export interface NewRequestCheck {
  /** The catalogue group or licence asked for. */
  group: RequestableGroup | RequestableLicence;
  /** Last day with access, YYYY-MM-DD (Europe/Stockholm). */
  until: string;
  /** Today in Stockholm. */
  today: string;
  reason: string;
  /** An open request (pending or approved) for the same account and group (or licence) exists. */
  openDuplicateId: string | null;
}

/** Refuses a request the catalogue does not allow: not requestable, end date past or too far, no reason, a duplicate. */
export function checkNewRequest(check: NewRequestCheck): void {
  const { group, until, today } = check;
  if (!group.requestable) {
    const kind = 'code' in group ? 'licences' : 'groups';
    throw new AccessRequestException(Code.GROUP_NOT_REQUESTABLE, `${targetName(group)} is not requestable; only ${kind} marked requestable: true in the rule set can be requested`);
  }
  if (check.reason.trim().length < 3) {
    throw new AccessRequestException(Code.INVALID_REASON, 'reason is missing; give why the access is needed (at least 3 characters)');
  }
  const end = dayNumber(until);
  const start = dayNumber(today);
  if (end === null || start === null) {
    throw new AccessRequestException(Code.INVALID_END_DATE, `until "${until}" is not a date; expected YYYY-MM-DD`);
  }
  if (end < start) {
    throw new AccessRequestException(Code.INVALID_END_DATE, `until ${until} is in the past; allowed: today (${today}) or later`);
  }
  if (end - start > group.maxDays) {
    throw new AccessRequestException(
      Code.TOO_LONG,
      `until ${until} is ${end - start} days away; ${targetName(group)} allows at most ${group.maxDays} days (until ${addDays(today, group.maxDays)} at the latest)`,
    );
  }
  if (check.openDuplicateId) {
    throw new AccessRequestException(Code.DUPLICATE, `the account already has an open request ${check.openDuplicateId} for ${targetName(group)}; wait for its decision or its end date`);
  }
}

export interface DecisionCheck {
  status: AccessRequestStatus;
  owner: string;
  requestedBy: string;
  decider: string;
  deciderIsAdmin: boolean;
}

/** Only a pending request is decided, by the group's owner or an admin, and never by its requester. */
export function checkDecision(check: DecisionCheck): void {
  if (check.status !== 'PENDING') {
    throw new AccessRequestException(Code.NOT_PENDING, `the request is ${check.status}; only a PENDING request can be approved or rejected`);
  }
  if (check.decider === check.requestedBy) {
    throw new AccessRequestException(Code.SELF_DECISION, `"${check.decider}" made the request and may not decide it; the group's owner "${check.owner}" decides`);
  }
  if (check.decider !== check.owner && !check.deciderIsAdmin) {
    throw new AccessRequestException(Code.NOT_OWNER, `"${check.decider}" is not the group's owner; only "${check.owner}" (or an admin) decides`);
  }
}

/** The instant access ends: the end of the last day, Europe/Stockholm (midnight after `until`). */
export const grantEndsAt = (until: string): Date => stockholmMidnight(addDays(until, 1));

/** True when an approved grant's last day is over at `now`. */
export const grantExpired = (until: string, now: Date): boolean => now.getTime() >= grantEndsAt(until).getTime();

/** The cause recorded on memberships, audit entries and events: `request:<id>`. */
export const requestCause = (id: string): string => `request:${id}`;
