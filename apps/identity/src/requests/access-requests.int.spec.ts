import { AccessRequestException, AccessRequestExceptionCode as Code, addDays, stockholmDate } from '@itops/identity/domain';
import { AccessRequest, AccessRequestRepository, AccessReviewRepository, AccessRuleSetRepository, EmploymentRepository } from '@itops/identity/data-access';
import { RunLockRepository } from '@itops/shared/persistence';
import { MembershipAction } from '@itops/shared/contracts';
import { DirectoryClient } from '@itops/shared/ldap';
import { EventPublisher, OutboxRelay } from '@itops/shared/messaging';
import { at, config, IdentityStack, ldap, list, present } from '../__fixtures__/identity-stack';
import { AuditQuestionsService } from '../audit/audit-questions.service';
import { directorySettings } from '../identity.config';
import { IdentityOptions } from '../identity.options';
import { AccessReviewsService } from '../reviews/access-reviews.service';
import { AccessGrantsService } from './access-grants.service';
import { AccessRequestsService, Caller } from './access-requests.service';
import { DirectoryGroupsGateway } from './directory-groups.gateway';
import { GroupCatalogue } from './group-catalogue';
import { RequestsScheduler } from './requests.scheduler';

const TODAY = stockholmDate(new Date());

/** The members (DNs, lower case) of a group in AD. */
async function membersOf(groupDn: string): Promise<string[]> {
  return ldap(async (c) => {
    const { searchEntries } = await c.search(groupDn, { scope: 'base', attributes: ['member'] });
    return list(searchEntries[0], 'member').map((dn) => dn.toLowerCase()).sort();
  });
}

async function refusal(promise: Promise<unknown>): Promise<Code> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AccessRequestException) return error.code;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('access requests, reviews and audit questions (real PostgreSQL and Samba AD)', () => {
  let stack: IdentityStack;
  let directory: DirectoryClient;
  let clock: Date;
  let requests: AccessRequestsService;
  let reviews: AccessReviewsService;
  let questions: AuditQuestionsService;
  let requestRepository: AccessRequestRepository;
  let scheduler: RequestsScheduler;
  let owner: string;
  let journal: string;
  let lab: string;
  let closed: string;
  // Persons: a manager, Anna with two employments (one under the manager), Bertil under the manager.
  let chef: string;
  let anna: { sam: string; dn: string; accountId: string; e1: string; e2: string };
  let bertil: { sam: string; dn: string; accountId: string };
  const service: Caller = { subject: 'servicedesk-1', isAdmin: false };

  beforeAll(async () => {
    stack = await IdentityStack.start('itops_identity_req');
    clock = new Date();
    const options: IdentityOptions = { ...stack.options, now: () => clock };
    owner = `owner-${stack.run}`;
    journal = await stack.group('journal', []);
    lab = await stack.group('lab', []);
    closed = await stack.group('closed', []);
    const ruleSets = new AccessRuleSetRepository(stack.dataSource);
    await stack.dataSource.transaction((m) =>
      ruleSets.importActive(
        m,
        [
          'groups:',
          `  - { key: journal, dn: "${journal}", owner: ${owner}, policy: enforce, requestable: true, maxDays: 30 }`,
          `  - { key: lab, dn: "${lab}", owner: ${owner}, policy: enforce, requestable: true, maxDays: 30 }`,
          `  - { key: closed, dn: "${closed}", owner: ${owner}, policy: enforce, requestable: false }`,
          'roles:',
          '  - { key: nobody, name: Ingen, when: { customers: [Z999] }, grants: { groups: [closed] } }',
          '',
        ].join('\n'),
        'spec',
      ),
    );
    const publisher = new EventPublisher({ nudge: () => undefined } as unknown as OutboxRelay);
    directory = new DirectoryClient(directorySettings(config));
    requestRepository = new AccessRequestRepository(stack.dataSource);
    const reviewRepository = new AccessReviewRepository(stack.dataSource);
    const employments = new EmploymentRepository();
    const grants = new AccessGrantsService(requestRepository, stack.accounts, stack.auditLog, new DirectoryGroupsGateway(directory), publisher);
    requests = new AccessRequestsService(stack.dataSource, requestRepository, stack.accounts, employments, reviewRepository, stack.auditLog, new GroupCatalogue(ruleSets), grants, options);
    reviews = new AccessReviewsService(stack.dataSource, reviewRepository, requestRepository, stack.auditLog, grants, options);
    questions = new AuditQuestionsService(stack.dataSource, stack.auditLog, stack.accounts, employments, requestRepository, reviewRepository, ruleSets);
    scheduler = new RequestsScheduler(requests, reviews, new RunLockRepository(stack.dataSource), options);

    const managerEvent = stack.employmentEvent({ givenName: 'Chef', surname: `Chefsson${stack.run}` });
    const managerAccount = present((await stack.handle(managerEvent)).account);
    chef = managerAccount.samAccountName;
    const e1 = stack.employmentEvent({ givenName: 'Anna', managerEmploymentId: managerEvent.employmentId, employmentRate: 60 });
    await stack.handle(e1);
    const e2 = stack.employmentEvent({ personId: e1.personId, givenName: 'Anna', customerCode: 'Z990', unitCode: 'U200', jobCode: 'AID9999', employmentRate: 40 });
    const annaAccount = present((await stack.handle(e2)).account);
    anna = { sam: annaAccount.samAccountName, dn: annaAccount.dn.toLowerCase(), accountId: annaAccount.accountId, e1: e1.employmentId, e2: e2.employmentId };
    const b = stack.employmentEvent({ givenName: 'Bertil', managerEmploymentId: managerEvent.employmentId });
    const bertilAccount = present((await stack.handle(b)).account);
    bertil = { sam: bertilAccount.samAccountName, dn: bertilAccount.dn.toLowerCase(), accountId: bertilAccount.accountId };
  });

  afterAll(async () => {
    await directory?.close();
    await stack?.stop();
  });

  const request = (fields: Partial<{ account: string; group: string; until: string; reason: string; employmentId: string }> = {}, caller: Caller = { subject: chef, isAdmin: false, managerOnly: true }) =>
    requests.create({ account: anna.sam, group: 'journal', until: addDays(TODAY, 10), reason: 'covers the night shift', ...fields }, caller);

  describe('refusals', () => {
    it.each<[string, () => Promise<unknown>, Code]>([
      ['a group that is not requestable', () => request({ group: 'closed' }), Code.GROUP_NOT_REQUESTABLE],
      ['a group not in the rule set', () => request({ group: 'nosuch' }), Code.UNKNOWN_GROUP],
      ['an unknown account', () => request({ account: `nobody${Date.now()}` }), Code.UNKNOWN_ACCOUNT],
      ['longer than maxDays', () => request({ until: addDays(TODAY, 31) }), Code.TOO_LONG],
      ['an end date in the past', () => request({ until: addDays(TODAY, -1) }), Code.INVALID_END_DATE],
      ['an employment of someone else', () => request({ employmentId: 'E-not-hers' }), Code.UNKNOWN_ACCOUNT],
      ['a manager asking for an employment they do not manage', () => request({ employmentId: anna.e2 }, { subject: chef, isAdmin: false, managerOnly: true }), Code.NOT_MANAGER],
      ['someone who manages nobody, as a manager', () => request({}, { subject: bertil.sam, isAdmin: false, managerOnly: true }), Code.NOT_MANAGER],
    ])('%s', async (_, make, code) => {
      expect(await refusal(make())).toBe(code);
    });

    it('refuses the second of two requests for the same access made at once', async () => {
      const both = await Promise.allSettled([request({ account: bertil.sam, group: 'lab' }, service), request({ account: bertil.sam, group: 'lab' }, service)]);
      expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const failed = both.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect((failed?.reason as AccessRequestException).code).toBe(Code.DUPLICATE);
    });

    it('lets neither someone else nor the requester decide, and refuses a duplicate', async () => {
      const byOwner = await request({ group: 'lab' }, { subject: owner, isAdmin: false });
      expect(await refusal(requests.approve(byOwner.id, { subject: owner, isAdmin: false }))).toBe(Code.SELF_DECISION);
      expect(await refusal(requests.approve(byOwner.id, { subject: chef, isAdmin: false }))).toBe(Code.NOT_OWNER);
      expect(await refusal(request({ group: 'lab' }))).toBe(Code.DUPLICATE);
      const rejected = await requests.reject(byOwner.id, { subject: 'admin-1', isAdmin: true }, 'not needed');
      expect(rejected.status).toBe('REJECTED');
      expect(await refusal(requests.approve(byOwner.id, { subject: owner, isAdmin: false }))).toBe(Code.NOT_PENDING);
      expect(await membersOf(lab)).toEqual([]);
    });
  });

  describe('approval and expiry', () => {
    let grant: AccessRequest;

    it('approval by the owner adds the member in AD, audits with the request as cause and announces it', async () => {
      const pending = await request({ until: TODAY, employmentId: anna.e2 }, service);
      expect(await membersOf(journal)).toEqual([]);
      grant = await requests.approve(pending.id, { subject: owner, isAdmin: false });
      expect(grant).toMatchObject({ status: 'APPROVED', decidedBy: owner, requestedBy: service.subject });
      expect(await membersOf(journal)).toEqual([anna.dn]);

      const added = (await stack.auditLog.forAccount(anna.accountId)).filter((e) => e.action === 'membership.added');
      expect(added).toHaveLength(1);
      expect(added[0]).toMatchObject({ actor: owner, detail: expect.objectContaining({ cause: `request:${grant.id}`, groupDn: journal, requestedBy: service.subject, approvedBy: owner }) });
      const events = await stack.membershipEvents(anna.accountId);
      expect(events.map((e) => [e.groupDn, e.action, e.cause])).toEqual([[journal, MembershipAction.ADDED, `request:${grant.id}`]]);
      expect(await requestRepository.activeGrants(stack.dataSource.manager, TODAY)).toEqual([{ accountId: anna.accountId, groupKey: 'journal', cause: `request:${grant.id}`, until: TODAY }]);
    });

    it('keeps the grant to the end of the last day (Stockholm), then removes it the same way', async () => {
      expect(await scheduler.runOnce(at(TODAY, '23:59'))).toEqual({ expired: 0, reviewsClosed: 0 });
      expect(await membersOf(journal)).toEqual([anna.dn]);
      expect(await scheduler.runOnce(at(addDays(TODAY, 1), '00:00'))).toEqual({ expired: 1, reviewsClosed: 0 });
      expect(await membersOf(journal)).toEqual([]);
      expect(await requestRepository.get(grant.id)).toMatchObject({ status: 'EXPIRED', endCause: 'expiry' });
      const removed = (await stack.auditLog.forAccount(anna.accountId)).filter((e) => e.action === 'membership.removed');
      expect(removed.map((e) => [e.actor, e.detail['cause'], e.detail['rule'], e.detail['wasMember']])).toEqual([['lifecycle', `request:${grant.id}`, 'request.expiry', true]]);
      const events = await stack.membershipEvents(anna.accountId);
      expect(events.map((e) => [e.action, e.cause])).toEqual([
        [MembershipAction.ADDED, `request:${grant.id}`],
        [MembershipAction.REMOVED, `request:${grant.id}`],
      ]);
      expect(await requestRepository.activeGrants(stack.dataSource.manager, addDays(TODAY, 1))).toEqual([]);
    });
  });

  describe('an access review', () => {
    let annaJournal: AccessRequest;
    let annaLab: AccessRequest;
    let bertilJournal: AccessRequest;

    it('lists the staff’s request-based access per manager, revokes rejected and unanswered access at close, keeps confirmed', async () => {
      const approve = async (r: Promise<AccessRequest>) => requests.approve((await r).id, { subject: owner, isAdmin: false });
      annaJournal = await approve(request({ employmentId: anna.e1 }));
      // Her second employment has no manager in HR: the service desk asks for it.
      annaLab = await approve(request({ group: 'lab', employmentId: anna.e2 }, service));
      bertilJournal = await approve(request({ account: bertil.sam }));
      expect(await membersOf(journal)).toEqual([anna.dn, bertil.dn].sort());

      const { review, items } = await reviews.start({ customerCode: 'Z990', closesOn: addDays(TODAY, 7) }, { subject: 'operator-1', isAdmin: false });
      const itemOf = (r: AccessRequest) => present(items.find((i) => i.requestId === r.id));
      // Anna's lab access is for her second employment, which HR gives no manager: nobody but an admin answers it.
      expect(items.map((i) => [i.requestId, i.reviewers])).toEqual(
        expect.arrayContaining([
          [annaJournal.id, [chef.toLowerCase()]],
          [annaLab.id, []],
          [bertilJournal.id, [chef.toLowerCase()]],
        ]),
      );
      expect(await refusal(reviews.answer(review.id, itemOf(annaJournal).id, 'REJECTED', { subject: bertil.sam, isAdmin: false }))).toBe(Code.NOT_REVIEWER);
      await reviews.answer(review.id, itemOf(annaJournal).id, 'CONFIRMED', { subject: chef.toUpperCase(), isAdmin: false });
      await reviews.answer(review.id, itemOf(bertilJournal).id, 'REJECTED', { subject: chef, isAdmin: false });

      // The closing day passes: the schedule closes it.
      expect(await scheduler.runOnce(at(addDays(TODAY, 7), '23:00'))).toEqual({ expired: 0, reviewsClosed: 0 });
      expect(await scheduler.runOnce(at(addDays(TODAY, 8), '00:10'))).toMatchObject({ reviewsClosed: 1 });

      expect(await membersOf(journal)).toEqual([anna.dn]);
      expect(await membersOf(lab)).toEqual([]);
      expect(await requestRepository.get(annaJournal.id)).toMatchObject({ status: 'APPROVED' });
      expect(await requestRepository.get(bertilJournal.id)).toMatchObject({ status: 'REVOKED', endCause: `review:${review.id}` });
      expect(await requestRepository.get(annaLab.id)).toMatchObject({ status: 'REVOKED', endCause: `review:${review.id}` });
      const shown = await reviews.show(review.id);
      expect(shown.review.status).toBe('CLOSED');
      expect(Object.fromEntries(shown.items.map((i) => [i.requestId, i.outcome]))).toEqual({ [annaJournal.id]: 'KEPT', [annaLab.id]: 'REVOKED', [bertilJournal.id]: 'REVOKED' });

      const bertilRemoved = (await stack.auditLog.forAccount(bertil.accountId)).filter((e) => e.action === 'membership.removed');
      expect(bertilRemoved.map((e) => [e.detail['cause'], e.detail['rule']])).toEqual([[`review:${review.id}`, 'review.rejected']]);
      const annaRemoved = (await stack.auditLog.forAccount(anna.accountId)).filter((e) => e.action === 'membership.removed' && e.detail['cause'] === `review:${review.id}`);
      expect(annaRemoved.map((e) => [e.detail['groupDn'], e.detail['rule']])).toEqual([[lab, 'review.unanswered']]);
      expect((await stack.membershipEvents(bertil.accountId)).map((e) => [e.action, e.cause]).at(-1)).toEqual([MembershipAction.REMOVED, `review:${review.id}`]);
      expect(await refusal(reviews.answer(review.id, itemOf(annaLab).id, 'CONFIRMED', { subject: 'admin-1', isAdmin: true }))).toBe(Code.REVIEW_CLOSED);
    });

    it('answers which access a person with two employments has and why, per employment', async () => {
      const access = await questions.accessOf(anna.sam);
      expect(access.account?.accountId).toBe(anna.accountId);
      const byEmployment = Object.fromEntries(access.employments.map((e) => [e.employmentId, e.access]));
      expect(Object.keys(byEmployment).sort()).toEqual([anna.e1, anna.e2].sort());
      expect(byEmployment[anna.e1]).toEqual([
        expect.objectContaining({
          groupDn: journal,
          groupKey: 'journal',
          via: 'request',
          cause: `request:${annaJournal.id}`,
          request: expect.objectContaining({ requestedBy: chef, approvedBy: owner }),
          confirmedIn: [expect.objectContaining({ by: chef.toUpperCase() })],
        }),
      ]);
      // The lab access of the second employment was revoked by the review: gone.
      expect(byEmployment[anna.e2]).toEqual([]);
      expect(access.accountWide).toEqual([]);
    });

    it('reconstructs a group on a date from the log', async () => {
      const today = await questions.groupOnDate('journal', TODAY);
      expect(today.members.map((m) => [m.accountId, m.cause])).toEqual([[anna.accountId, `request:${annaJournal.id}`]]);
      expect((await questions.groupOnDate(journal, addDays(TODAY, -1))).members).toEqual([]);
      const changes = await questions.changes({ group: 'journal', action: 'membership.removed', limit: 100 });
      expect(changes.map((e) => e.accountId).sort()).toEqual([anna.accountId, bertil.accountId].sort());
      const byActor = await questions.changes({ actor: owner, limit: 100 });
      expect(new Set(byActor.map((e) => e.action))).toEqual(new Set(['request.created', 'request.approved', 'membership.added']));
    });

    it('keeps the chain intact through all of it', async () => {
      const verdict = await questions.verify();
      expect(verdict.broken).toBeUndefined();
      expect(verdict.checked).toBeGreaterThan(20);
    });
  });
});
