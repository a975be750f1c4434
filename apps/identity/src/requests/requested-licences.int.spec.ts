import { AccessRequestException, AccessRequestExceptionCode as Code, addDays, stockholmDate } from '@itops/identity/domain';
import {
  AccessRequestRepository,
  AccessReviewRepository,
  AccessRuleSetRepository,
  AccessStateRepository,
  BookingRepository,
  EmploymentRepository,
  PersonRepository,
} from '@itops/identity/data-access';
import { ChangeKind, EntitlementAction, EntitlementChanged, EntitlementKind, MembershipAction, Topics } from '@itops/shared/contracts';
import { DirectoryClient } from '@itops/shared/ldap';
import { codecFor, EventPublisher, OutboxRelay } from '@itops/shared/messaging';
import { at, config, IdentityStack, ldap, list, present } from '../__fixtures__/identity-stack';
import { syncEntitlements } from '../access/entitlement-sync';
import { DirectoryAccountsGateway } from '../accounts/directory-accounts.gateway';
import { ApplyEmployment } from '../employments/apply-employment.use-case';
import { directorySettings } from '../identity.config';
import { IdentityOptions } from '../identity.options';
import { AccountLifecycleService } from '../lifecycle/account-lifecycle.service';
import { AccessReviewsService } from '../reviews/access-reviews.service';
import { AccessGrantsService } from './access-grants.service';
import { AccessRequestsService, Caller } from './access-requests.service';
import { DirectoryGroupsGateway } from './directory-groups.gateway';
import { GroupCatalogue } from './group-catalogue';

const TODAY = stockholmDate(new Date());

async function refusal(promise: Promise<unknown>): Promise<Code> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AccessRequestException) return error.code;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('requested licences and leavers (real PostgreSQL and Samba AD)', () => {
  let stack: IdentityStack;
  let directory: DirectoryClient;
  let requests: AccessRequestsService;
  let reviews: AccessReviewsService;
  let requestRepository: AccessRequestRepository;
  let state: AccessStateRepository;
  let publisher: EventPublisher;
  let applyWithRequests: ApplyEmployment;
  let owner: string;
  let journal: string;
  const service: Caller = { subject: 'servicedesk-1', isAdmin: false };
  const operator: Caller = { subject: 'operator-1', isAdmin: false };

  /** identity.entitlement.v1 events of an account, from the outbox. */
  async function entitlementEvents(accountId: string): Promise<EntitlementChanged[]> {
    const codec = codecFor(Topics.identityEntitlement);
    const rows: Array<{ payload: Buffer }> = await stack.dataSource.query('SELECT payload FROM outbox_message WHERE topic = $1 ORDER BY id', [Topics.identityEntitlement.name]);
    return rows.map((r) => codec.decode(r.payload)).filter((e) => e.accountId === accountId);
  }

  const summary = (events: EntitlementChanged[]) => events.map((e) => [EntitlementKind[e.kind], e.code, EntitlementAction[e.action], e.cause, e.customerCode, e.samAccountName]);

  async function person(givenName: string, fields: Record<string, unknown> = {}) {
    const event = stack.employmentEvent({ givenName, startDate: addDays(TODAY, -30), ...fields });
    const account = present((await applyEmployment(event)).account);
    return { event, account };
  }

  const applyEmployment = (event: ReturnType<IdentityStack['employmentEvent']>, now = new Date()) =>
    stack.dataSource.transaction((manager) => applyWithRequests.execute(event, stack.contextFor(event, manager), now));

  beforeAll(async () => {
    stack = await IdentityStack.start('itops_identity_reqlic');
    const options: IdentityOptions = stack.options;
    owner = `owner-licens-${stack.run}`;
    journal = await stack.group('lic-journal', []);
    const ruleSets = new AccessRuleSetRepository(stack.dataSource);
    await stack.dataSource.transaction((m) =>
      ruleSets.importActive(
        m,
        [
          'groups:',
          `  - { key: journal, dn: "${journal}", owner: ${owner}, policy: enforce, requestable: true, maxDays: 30 }`,
          'roles:',
          '  - { key: nobody, name: Ingen, when: { customers: [Z999] }, grants: { licences: [M365-E3] } }',
          'licences:',
          `  - { code: VISIO-P2, owner: ${owner}, requestable: true, maxDays: 365 }`,
          `  - { code: PROJECT-P5, owner: ${owner}, requestable: false, maxDays: 30 }`,
          `  - { code: CAD-P1, owner: ${owner}, requestable: true, maxDays: 30 }`,
          '',
        ].join('\n'),
        'spec',
      ),
    );
    publisher = new EventPublisher({ nudge: () => undefined } as unknown as OutboxRelay);
    directory = new DirectoryClient(directorySettings(config));
    requestRepository = new AccessRequestRepository(stack.dataSource);
    state = new AccessStateRepository(stack.dataSource);
    const reviewRepository = new AccessReviewRepository(stack.dataSource);
    const employments = new EmploymentRepository();
    const grants = new AccessGrantsService(requestRepository, stack.accounts, stack.auditLog, new DirectoryGroupsGateway(directory), publisher);
    requests = new AccessRequestsService(stack.dataSource, requestRepository, stack.accounts, employments, reviewRepository, stack.auditLog, new GroupCatalogue(ruleSets), grants, options);
    reviews = new AccessReviewsService(stack.dataSource, reviewRepository, requestRepository, stack.auditLog, grants, options);
    // The lifecycle as the app wires it: with the hook that ends a leaver's requests.
    const persons = new PersonRepository(stack.dataSource);
    const bookings = new BookingRepository();
    const lifecycle = new AccountLifecycleService(
      persons,
      employments,
      bookings,
      stack.accounts,
      stack.transitions,
      stack.auditLog,
      new DirectoryAccountsGateway(directory, options),
      publisher,
      options,
      undefined,
      requests,
    );
    applyWithRequests = new ApplyEmployment(persons, employments, bookings, lifecycle);
  });

  afterAll(async () => {
    await directory?.close();
    await stack?.stop();
  });

  const licenceRequest = (account: string, fields: Partial<{ licence: string; until: string }> = {}, caller: Caller = service) =>
    requests.create({ account, licence: 'VISIO-P2', until: addDays(TODAY, 60), reason: 'drawings for the new school', ...fields }, caller);

  it.each<[string, Partial<{ licence: string; until: string }>, Code]>([
    ['a licence not in the catalogue', { licence: 'M365-E5' }, Code.UNKNOWN_GROUP],
    ['a licence that is not requestable', { licence: 'PROJECT-P5' }, Code.GROUP_NOT_REQUESTABLE],
    ['longer than the licence’s maxDays', { until: addDays(TODAY, 366) }, Code.TOO_LONG],
  ])('refuses %s', async (_, fields, code) => {
    const { account } = await person('Refused');
    expect(await refusal(licenceRequest(account.samAccountName, fields))).toBe(code);
  });

  it('approval by the licence’s owner announces GRANTED kind LICENCE with the request as cause; expiry announces REVOKED; AD is not touched', async () => {
    const { account } = await person('Vera');
    const pending = await licenceRequest(account.samAccountName);
    expect(pending).toMatchObject({ status: 'PENDING', licenceCode: 'VISIO-P2', groupKey: null, groupDn: null, owner, customerCode: account.customerCode });
    expect(await refusal(licenceRequest(account.samAccountName))).toBe(Code.DUPLICATE);
    expect(await refusal(requests.approve(pending.id, service))).toBe(Code.SELF_DECISION);
    expect(await refusal(requests.approve(pending.id, operator))).toBe(Code.NOT_OWNER);
    const cause = `request:${pending.id}`;
    const approved = await requests.approve(pending.id, { subject: owner, isAdmin: false });
    expect(approved.status).toBe('APPROVED');
    expect(summary(await entitlementEvents(account.accountId))).toEqual([['LICENCE', 'VISIO-P2', 'GRANTED', cause, account.customerCode, account.samAccountName]]);
    expect((await entitlementEvents(account.accountId))[0].effectiveDate).toBe(TODAY);
    expect(await stack.membershipEvents(account.accountId)).toEqual([]);
    const granted = (await stack.auditLog.forAccount(account.accountId)).filter((e) => e.action === 'entitlement.granted');
    expect(granted.map((e) => [e.actor, e.detail['cause'], e.detail['licenceCode'], e.detail['requestedBy'], e.detail['approvedBy']])).toEqual([[owner, cause, 'VISIO-P2', service.subject, owner]]);
    // Reconciliation's desired groups do not include licences; the licence service realises them.
    expect((await requestRepository.activeGrants(stack.dataSource.manager, TODAY)).filter((g) => g.accountId === account.accountId)).toEqual([]);

    // The role entitlement diffing manages role causes only: it neither revokes nor records the request's licence.
    const [row] = await state.population(stack.dataSource.manager, [account.personId]);
    const published = await stack.dataSource.transaction((m) =>
      syncEntitlements(m, state, publisher, 'spec', TODAY, [{ row, desired: { groups: new Map(), licences: new Map([['VISIO-P2', [cause]]]), devices: new Map() } }]),
    );
    expect(published).toBe(0);
    const none = await stack.dataSource.transaction((m) =>
      syncEntitlements(m, state, publisher, 'spec', TODAY, [{ row, desired: { groups: new Map(), licences: new Map(), devices: new Map() } }]),
    );
    expect(none).toBe(0);
    expect(await state.announcedEntitlements(stack.dataSource.manager, [account.accountId])).toEqual([]);
    expect(summary(await entitlementEvents(account.accountId))).toHaveLength(1);

    const expiredAt = at(addDays(approved.until, 1), '00:00');
    expect(await requests.expireDue(expiredAt)).toBeGreaterThanOrEqual(1);
    expect(await requestRepository.get(pending.id)).toMatchObject({ status: 'EXPIRED', endCause: 'expiry' });
    expect(summary(await entitlementEvents(account.accountId)).at(-1)).toEqual(['LICENCE', 'VISIO-P2', 'REVOKED', cause, account.customerCode, account.samAccountName]);
    const revoked = (await stack.auditLog.forAccount(account.accountId)).filter((e) => e.action === 'entitlement.revoked');
    expect(revoked.map((e) => [e.actor, e.detail['cause'], e.detail['rule']])).toEqual([['lifecycle', cause, 'request.expiry']]);
  });

  it('a review’s rejection revokes a requested licence with the review as cause; reviewers come from the batched lookup', async () => {
    const chefEvent = stack.employmentEvent({ givenName: 'Chef', customerCode: 'Z981', startDate: addDays(TODAY, -30) });
    const chef = present((await applyEmployment(chefEvent)).account);
    const { account } = await person('Rut', { customerCode: 'Z981', managerEmploymentId: chefEvent.employmentId });
    const { account: other } = await person('Sten', { customerCode: 'Z981' });
    const grant = await requests.approve((await licenceRequest(account.samAccountName)).id, { subject: owner, isAdmin: false });
    const kept = await requests.approve((await licenceRequest(other.samAccountName)).id, { subject: owner, isAdmin: false });

    const { review, items } = await reviews.start({ customerCode: 'Z981', closesOn: TODAY }, operator);
    expect(items.map((i) => [i.requestId, i.licenceCode, i.groupDn, i.reviewers]).sort()).toEqual(
      [
        [grant.id, 'VISIO-P2', null, [chef.samAccountName.toLowerCase()]],
        [kept.id, 'VISIO-P2', null, []],
      ].sort(),
    );
    const item = present(items.find((i) => i.requestId === grant.id));
    await reviews.answer(review.id, item.id, 'REJECTED', { subject: chef.samAccountName, isAdmin: false });
    await reviews.answer(review.id, present(items.find((i) => i.requestId === kept.id)).id, 'CONFIRMED', { subject: 'admin-1', isAdmin: true });
    expect(await reviews.close(review.id, operator)).toMatchObject({ kept: 1, revoked: 1 });
    expect(await requestRepository.get(grant.id)).toMatchObject({ status: 'REVOKED', endCause: `review:${review.id}` });
    expect(summary(await entitlementEvents(account.accountId)).map((e) => e.slice(2, 4))).toEqual([
      ['GRANTED', `request:${grant.id}`],
      ['REVOKED', `review:${review.id}`],
    ]);
    expect(summary(await entitlementEvents(other.accountId)).map((e) => e[2])).toEqual(['GRANTED']);
  });

  it('a leaver’s open requests end when the account is disabled: out of AD, licence revoked, audited, no longer an active grant', async () => {
    const { event, account } = await person('Lova');
    const group = await requests.approve((await requests.create({ account: account.samAccountName, group: 'journal', until: addDays(TODAY, 20), reason: 'covers nights' }, service)).id, {
      subject: owner,
      isAdmin: false,
    });
    const licence = await requests.approve((await licenceRequest(account.samAccountName)).id, { subject: owner, isAdmin: false });
    const pending = await licenceRequest(account.samAccountName, { licence: 'CAD-P1', until: addDays(TODAY, 25) });
    const members = async () => list((await ldap(async (c) => (await c.search(journal, { scope: 'base', attributes: ['member'] })).searchEntries))[0], 'member').map((d) => d.toLowerCase());
    expect(await members()).toContain(account.dn.toLowerCase());
    expect((await requestRepository.activeGrants(stack.dataSource.manager, TODAY)).filter((g) => g.accountId === account.accountId)).toHaveLength(1);

    // HR reports the last day after it has passed: disabled at once.
    const result = await applyEmployment(stack.changed(event, { kind: ChangeKind.LEAVER, endDate: addDays(TODAY, -2) }));
    expect(result.changes).toContain('disabled');

    for (const id of [group.id, licence.id]) expect(await requestRepository.get(id)).toMatchObject({ status: 'REVOKED', endCause: 'leaver' });
    // A pending request is rejected: a late approval cannot give the leaver (or a rehire) the access.
    expect(await requestRepository.get(pending.id)).toMatchObject({ status: 'REJECTED', decidedBy: 'lifecycle', endCause: 'leaver' });
    expect(await refusal(requests.approve(pending.id, { subject: owner, isAdmin: false }))).toBe(Code.NOT_PENDING);
    expect(await members()).not.toContain(account.dn.toLowerCase());
    expect((await requestRepository.activeGrants(stack.dataSource.manager, TODAY)).filter((g) => g.accountId === account.accountId)).toEqual([]);
    const ends = (await stack.auditLog.forAccount(account.accountId)).filter((e) => e.detail['rule'] === 'request.leaver');
    expect(ends.map((e) => [e.action, e.actor, e.detail['cause'], e.detail['reason']]).sort()).toEqual(
      [
        ['entitlement.revoked', 'lifecycle', `request:${licence.id}`, 'leaver'],
        ['membership.removed', 'lifecycle', `request:${group.id}`, 'leaver'],
        ['request.rejected', 'lifecycle', `request:${pending.id}`, 'leaver'],
      ].sort(),
    );
    expect(summary(await entitlementEvents(account.accountId)).at(-1)?.slice(0, 4)).toEqual(['LICENCE', 'VISIO-P2', 'REVOKED', `request:${licence.id}`]);
    expect((await stack.membershipEvents(account.accountId)).map((e) => [e.action, e.cause])).toContainEqual([MembershipAction.REMOVED, `request:${group.id}`]);

    // Rehired: the old requests stay ended; nothing comes back by itself.
    await applyEmployment(stack.employmentEvent({ personId: event.personId, givenName: 'Lova', startDate: addDays(TODAY, -1) }));
    expect(await requestRepository.get(group.id)).toMatchObject({ status: 'REVOKED' });
    expect(await members()).not.toContain(account.dn.toLowerCase());
  });
});
