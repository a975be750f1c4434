import { AccessRequestException, AccessRequestExceptionCode as Code } from './access-request.exception';
import { checkDecision, checkNewRequest, DecisionCheck, grantEndsAt, grantExpired, NewRequestCheck, RequestableGroup, RequestableLicence } from './access-request.policy';

const group: RequestableGroup = { key: 'ehalsa-journal', dn: 'CN=G-Ehalsa,OU=itops,DC=itops,DC=test', owner: 'owner-ehalsa', requestable: true, maxDays: 30 };
const base: NewRequestCheck = { group, until: '2026-03-31', today: '2026-03-01', reason: 'covers for a colleague', openDuplicateId: null };

const codeOf = (fn: () => void): Code | null => {
  try {
    fn();
    return null;
  } catch (error) {
    if (error instanceof AccessRequestException) return error.code;
    throw error;
  }
};

describe('checkNewRequest', () => {
  it.each<[string, Partial<NewRequestCheck>, Code | null]>([
    ['within maxDays', {}, null],
    ['ending today', { until: '2026-03-01' }, null],
    ['exactly maxDays away', { until: '2026-03-31' }, null],
    ['one day longer than maxDays', { until: '2026-04-01' }, Code.TOO_LONG],
    ['ending yesterday', { until: '2026-02-28' }, Code.INVALID_END_DATE],
    ['not a date', { until: '2026-02-30' }, Code.INVALID_END_DATE],
    ['a group that is not requestable', { group: { ...group, requestable: false } }, Code.GROUP_NOT_REQUESTABLE],
    ['no reason', { reason: '  ' }, Code.INVALID_REASON],
    ['an open request for the same group', { openDuplicateId: 'r-1' }, Code.DUPLICATE],
  ])('%s: %s', (_, change, expected) => {
    expect(codeOf(() => checkNewRequest({ ...base, ...change }))).toBe(expected);
  });

  const licence: RequestableLicence = { code: 'VISIO-P2', owner: 'owner-licens', requestable: true, maxDays: 365 };
  it.each<[string, Partial<NewRequestCheck>, RegExp | null]>([
    ['a licence within maxDays', { group: licence, until: '2027-03-01' }, null],
    ['a licence one day longer than maxDays', { group: licence, until: '2027-03-02' }, /licence "VISIO-P2" allows at most 365 days/],
    ['a licence that is not requestable', { group: { ...licence, requestable: false } }, /licence "VISIO-P2" is not requestable; only licences marked requestable/],
    ['an open request for the same licence', { group: licence, openDuplicateId: 'r-2' }, /open request r-2 for licence "VISIO-P2"/],
  ])('%s', (_, change, message) => {
    const check = () => checkNewRequest({ ...base, ...change });
    if (message) expect(check).toThrow(message);
    else expect(check).not.toThrow();
  });

  it('names the latest end date allowed when too long', () => {
    expect(() => checkNewRequest({ ...base, until: '2026-12-31' })).toThrow(/at most 30 days \(until 2026-03-31 at the latest\)/);
  });
});

describe('checkDecision', () => {
  const pending: DecisionCheck = { status: 'PENDING', owner: 'owner-ehalsa', requestedBy: 'chef.anna', decider: 'owner-ehalsa', deciderIsAdmin: false };
  it.each<[string, Partial<DecisionCheck>, Code | null]>([
    ['the owner', {}, null],
    ['an admin who is not the owner', { decider: 'admin-1', deciderIsAdmin: true }, null],
    ['someone else', { decider: 'chef.bertil' }, Code.NOT_OWNER],
    ['the requester', { decider: 'chef.anna' }, Code.SELF_DECISION],
    ['the owner deciding their own request', { requestedBy: 'owner-ehalsa' }, Code.SELF_DECISION],
    ['an admin deciding their own request', { requestedBy: 'admin-1', decider: 'admin-1', deciderIsAdmin: true }, Code.SELF_DECISION],
    ['a request already approved', { status: 'APPROVED' }, Code.NOT_PENDING],
    ['a rejected request', { status: 'REJECTED' }, Code.NOT_PENDING],
  ])('%s: %s', (_, change, expected) => {
    expect(codeOf(() => checkDecision({ ...pending, ...change }))).toBe(expected);
  });
});

describe('grant end', () => {
  it.each<[string, string, boolean]>([
    // 2026-03-31 ends at 2026-04-01 00:00 Stockholm (summer time: 22:00 UTC the day before).
    ['2026-03-31', '2026-03-31T21:59:59.999Z', false],
    ['2026-03-31', '2026-03-31T22:00:00.000Z', true],
    // Winter time: midnight is 23:00 UTC.
    ['2026-01-15', '2026-01-15T22:59:59.000Z', false],
    ['2026-01-15', '2026-01-15T23:00:00.000Z', true],
  ])('a grant until %s has expired at %s: %s', (until, now, expired) => {
    expect(grantExpired(until, new Date(now))).toBe(expired);
  });

  it('ends at midnight after the last day', () => {
    expect(grantEndsAt('2026-03-31').toISOString()).toBe('2026-03-31T22:00:00.000Z');
  });
});
