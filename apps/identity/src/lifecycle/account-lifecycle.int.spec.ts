import { Attribute, Change } from 'ldapts';
import { LIFECYCLE_LOCK_KEY } from '@itops/identity/data-access';
import { AccountEvent, ChangeKind, EmploymentChanged, MembershipAction } from '@itops/shared/contracts';
import {
  addDays,
  at,
  config,
  IdentityStack,
  isDisabled,
  ldap,
  list,
  minutes,
  present,
  stockholmDate,
  userByGuid,
  usersWithEmployeeId,
} from '../__fixtures__/identity-stack';
import { accountView } from '../accounts/account.view';

const today = stockholmDate(new Date());
const eventIdOf = (event: EmploymentChanged): string => event.envelope?.eventId ?? '';

describe('the account lifecycle follows HR in AD (real PostgreSQL and Samba AD)', () => {
  let stack: IdentityStack;
  let run: string;

  beforeAll(async () => {
    stack = await IdentityStack.start('itops_identity_lc');
    run = stack.run;
  });

  afterAll(async () => {
    await stack?.stop();
  });

  // Each spec chooses its own `now`; persons of earlier specs are not reviewed in its runs.
  beforeEach(() => stack.forgetOthers());

  const kinds = async (personId: string) => (await stack.accountEvents(personId)).map((e) => [AccountEvent[e.kind], e.enabled, e.effectiveDate, e.customerCode]);
  const account = async (personId: string) => present(await stack.accounts.findByPerson(personId));
  const audit = async (personId: string) => (await stack.auditLog.forPerson(personId)).map((e) => [e.action, e.actor, e.detail['rule']]);

  /** A second run at the same moment, with the person forced due: it must change nothing. */
  async function expectIdempotent(personId: string, now: Date): Promise<void> {
    const events = await stack.accountEvents(personId);
    const entries = await stack.auditLog.forPerson(personId);
    await stack.makeDue(personId);
    const again = await stack.runAt(now);
    expect(again).toMatchObject({ ran: true, reviewed: 1, changed: 0, failed: 0 });
    expect(await stack.accountEvents(personId)).toHaveLength(events.length);
    expect(await stack.auditLog.forPerson(personId)).toHaveLength(entries.length);
  }

  describe('joiner', () => {
    it('prepares the account (disabled) when the lead window opens, not before, and enables it on the first day', async () => {
      const start = addDays(today, 30);
      const event = stack.employmentEvent({ startDate: start, surname: `Lind${run}` });
      expect((await stack.handle(event)).changes).toEqual([]);

      // The day before the window: nothing is due, nothing in AD.
      expect(await stack.runAt(at(addDays(start, -15), '23:55'))).toMatchObject({ ran: true, reviewed: 0 });
      expect(await usersWithEmployeeId(event.employmentId)).toHaveLength(0);

      // 14 days ahead: created, disabled (pre-onboarding).
      const opened = await stack.runAt(at(addDays(start, -14), '00:05'));
      expect(opened).toMatchObject({ ran: true, reviewed: 1, changed: 1, changes: { created: 1 } });
      const [prepared] = await usersWithEmployeeId(event.employmentId);
      expect(isDisabled(prepared)).toBe(true);
      expect((await account(event.personId)).enabled).toBe(false);

      // The day before the start: still disabled.
      expect(await stack.runAt(at(addDays(start, -1), '23:59'))).toMatchObject({ reviewed: 0 });

      // The first day: enabled.
      expect(await stack.runAt(at(start, '00:05'))).toMatchObject({ reviewed: 1, changes: { enabled: 1 } });
      const [enabled] = await usersWithEmployeeId(event.employmentId);
      expect(isDisabled(enabled)).toBe(false);

      expect(await kinds(event.personId)).toEqual([
        ['CREATED', false, addDays(start, -14), 'Z990'],
        ['ENABLED', true, start, 'Z990'],
      ]);
      expect(await audit(event.personId)).toEqual([
        ['account.created', 'lifecycle', 'joiner.prepare'],
        ['account.enabled', 'lifecycle', 'joiner.start'],
      ]);
      await expectIdempotent(event.personId, at(start, '00:10'));
    });

    it('sets the manager when the manager’s account appears after the report’s', async () => {
      const managerEmploymentId = stack.nextId();
      const report = stack.employmentEvent({ managerEmploymentId, surname: `Rapport${run}` });
      await stack.handle(report);
      const [before] = await usersWithEmployeeId(report.employmentId);
      expect(before['manager']).toEqual([]);

      const boss = stack.employmentEvent({ employmentId: managerEmploymentId, givenName: 'Karin', surname: `Chef${run}` });
      await stack.handle(boss);
      const bossAccount = await account(boss.personId);

      // The manager's new account makes the report due at once; the next run sets the attribute.
      const run1 = await stack.runAt(new Date());
      expect(run1).toMatchObject({ reviewed: 1, changes: { updated: 1 } });
      const [after] = await usersWithEmployeeId(report.employmentId);
      expect(after['manager']).toBe(bossAccount.dn);
      expect((await kinds(report.personId)).map(([kind]) => kind)).toEqual(['CREATED', 'ENABLED', 'UPDATED']);
      const [, , updated] = await stack.auditLog.forPerson(report.personId);
      expect(updated.detail).toMatchObject({ rule: 'attributes.follow_hr', changed: ['manager'] });

      // Known from the start: a later report gets the manager at creation.
      const second = stack.employmentEvent({ managerEmploymentId, surname: `Rapport${run}b` });
      await stack.handle(second);
      expect((await usersWithEmployeeId(second.employmentId))[0]['manager']).toBe(bossAccount.dn);
    });
  });

  describe('mover', () => {
    it('moves the account to the new customer’s OU, updates its attributes, announces the customer and keeps the old access for the transition', async () => {
      stack.customerOu('Z992');
      const joined = stack.employmentEvent({ customerCode: 'Z991', unitCode: 'U1', surname: `Ek, Jr${run}` });
      await stack.handle(joined);
      const before = await account(joined.personId);
      expect(before.dn).toMatch(new RegExp(`,OU=Z991,${config.ITOPS_LDAP_MANAGED_OU}$`));

      const moved = stack.changed(joined, { kind: ChangeKind.MOVER, customerCode: 'Z992', unitCode: 'U2', unitName: 'Förskola Väster', jobTitle: 'Förskollärare' });
      const result = await stack.handle(moved);
      expect(result.changes).toEqual(['updated', 'transition_started']);

      const after = await account(moved.personId);
      expect(after).toMatchObject({ accountId: before.accountId, customerCode: 'Z992', unitCode: 'U2', enabled: true });
      expect(accountView(after).ou).toBe(`OU=Z992,${config.ITOPS_LDAP_MANAGED_OU}`);
      const user = present(await userByGuid(after.objectGuid));
      expect(user.dn).toBe(after.dn);
      expect(user.dn).toMatch(new RegExp(`,OU=Z992,${config.ITOPS_LDAP_MANAGED_OU}$`));
      expect(user).toMatchObject({ department: 'Förskola Väster', title: 'Förskollärare', company: 'Z992', sn: `Ek, Jr${run}` });
      // Nothing left behind in the old OU.
      expect(await usersWithEmployeeId(joined.employmentId)).toHaveLength(1);

      const events = await stack.accountEvents(moved.personId);
      expect(events.map((e) => [AccountEvent[e.kind], e.customerCode, e.enabled])).toEqual([
        ['CREATED', 'Z991', false],
        ['ENABLED', 'Z991', true],
        ['UPDATED', 'Z992', true],
      ]);
      expect(events[2].envelope?.causationId).toBe(eventIdOf(moved));

      const [transition] = await stack.transitions.forPerson(stack.dataSource.manager, moved.personId);
      expect(transition).toMatchObject({
        accountId: after.accountId,
        fromCustomerCode: 'Z991',
        fromUnitCode: 'U1',
        toCustomerCode: 'Z992',
        toUnitCode: 'U2',
        startedOn: today,
        until: addDays(today, 30),
        endedAt: null,
        causeEventId: eventIdOf(moved),
      });
      const entries = await stack.auditLog.forPerson(moved.personId);
      expect(entries.map((e) => [e.action, e.causeEventId])).toEqual([
        ['account.created', eventIdOf(joined)],
        ['account.enabled', eventIdOf(joined)],
        ['account.updated', eventIdOf(moved)],
        ['transition.started', eventIdOf(moved)],
      ]);
      expect(entries[2].detail).toMatchObject({ rule: 'mover', customerCode: { from: 'Z991', to: 'Z992' }, unitCode: { from: 'U1', to: 'U2' }, moved: true });

      // Redelivered: nothing moves twice.
      expect((await stack.handle(moved)).changes).toEqual([]);

      // The transition ends by itself on its last day's midnight.
      expect(await stack.runAt(at(addDays(today, 29), '23:59'))).toMatchObject({ reviewed: 0 });
      expect(await stack.runAt(at(addDays(today, 30), '00:05'))).toMatchObject({ reviewed: 1, changes: { transition_ended: 1 } });
      const [ended] = await stack.transitions.forPerson(stack.dataSource.manager, moved.personId);
      expect(ended.endedAt).not.toBeNull();
      expect((await audit(moved.personId)).at(-1)).toEqual(['transition.ended', 'lifecycle', 'mover.transition_end']);
      await expectIdempotent(moved.personId, at(addDays(today, 30), '00:10'));
    });
  });

  describe('leaver', () => {
    it('keeps the account on the last day, disables it and removes its groups at 00:00 the day after, deletes it after the retention', async () => {
      const joined = stack.employmentEvent({ surname: `Gran${run}` });
      await stack.handle(joined);
      const live = await account(joined.personId);
      const group = await stack.group('leaver', [live.dn]);
      expect(list(present(await userByGuid(live.objectGuid)), 'memberOf')).toEqual([group]);

      const leaving = stack.changed(joined, { kind: ChangeKind.LEAVER, endDate: today });
      expect((await stack.handle(leaving)).changes).toEqual([]);
      expect(isDisabled(present(await userByGuid(live.objectGuid)))).toBe(false);

      // The last day, a minute before midnight: still enabled, nothing due.
      expect(await stack.runAt(at(today, '23:59'))).toMatchObject({ reviewed: 0 });
      expect(isDisabled(present(await userByGuid(live.objectGuid)))).toBe(false);

      const dayAfter = addDays(today, 1);
      const night = await stack.runAt(at(dayAfter, '00:05'));
      expect(night).toMatchObject({ reviewed: 1, changes: { disabled: 1, access_removed: 1 } });
      const disabled = present(await userByGuid(live.objectGuid));
      expect(isDisabled(disabled)).toBe(true);
      expect(list(disabled, 'memberOf')).toEqual([]);
      const members = await ldap(async (c) => (await c.search(group, { scope: 'base', attributes: ['member'] })).searchEntries[0]);
      expect(list(members, 'member')).toEqual([]);

      const entries = await stack.auditLog.forPerson(joined.personId);
      const disabledEntry = present(entries.find((e) => e.action === 'account.disabled'));
      expect(disabledEntry).toMatchObject({ actor: 'lifecycle', causeEventId: null });
      expect(disabledEntry.detail).toMatchObject({ rule: 'leaver.end_of_last_day', lastDay: today, effectiveDate: dayAfter, removedGroups: [group] });
      const memberships = await stack.membershipEvents(live.accountId);
      expect(memberships.map((m) => [m.groupDn, MembershipAction[m.action], m.cause])).toEqual([[group, 'REMOVED', 'lifecycle']]);
      expect((await kinds(joined.personId)).at(-1)).toEqual(['DISABLED', false, dayAfter, 'Z990']);
      await expectIdempotent(joined.personId, at(dayAfter, '00:10'));

      // Kept for 90 days after the last day, deleted at 00:00 on the 91st.
      expect(await stack.runAt(at(addDays(today, 90), '23:59'))).toMatchObject({ reviewed: 0 });
      expect(await userByGuid(live.objectGuid)).toBeDefined();
      expect(await stack.runAt(at(addDays(today, 91), '00:05'))).toMatchObject({ reviewed: 1, changes: { deleted: 1 } });
      expect(await userByGuid(live.objectGuid)).toBeUndefined();
      expect(await stack.accounts.findByPerson(joined.personId)).toBeNull();
      const [record] = await stack.accounts.allOfPerson(joined.personId);
      expect(accountView(record)).toMatchObject({ accountId: live.accountId, enabled: false, deletedAt: expect.any(String) });
      expect((await kinds(joined.personId)).at(-1)).toEqual(['DELETED', false, addDays(today, 91), 'Z990']);

      // The timeline tells it all, in order, with the causes.
      expect(await audit(joined.personId)).toEqual([
        ['account.created', 'hr-feed event', 'joiner.start'],
        ['account.enabled', 'hr-feed event', 'joiner.start'],
        ['account.disabled', 'lifecycle', 'leaver.end_of_last_day'],
        ['account.deleted', 'lifecycle', 'leaver.retention'],
      ]);
      // Nothing is ahead any more: the person is never due again.
      const [person] = await stack.dataSource.query('SELECT next_review_at FROM person WHERE person_id = $1', [joined.personId]);
      expect(person.next_review_at).toBeNull();
    });

    it('disables at once a leaver whose last day HR reports after it has passed, dated the day after that last day', async () => {
      const joined = stack.employmentEvent({ startDate: addDays(today, -60), surname: `Sen${run}` });
      await stack.handle(joined);
      const late = stack.changed(joined, { kind: ChangeKind.LEAVER, endDate: addDays(today, -3) });
      expect((await stack.handle(late)).changes).toEqual(['disabled', 'access_removed']);
      expect((await kinds(joined.personId)).at(-1)).toEqual(['DISABLED', false, addDays(today, -2), 'Z990']);
    });
  });

  describe('several employments', () => {
    it('lets the primary employment decide, follows it when a higher rate starts and when it ends, and keeps the account', async () => {
      stack.customerOu('Z991');
      stack.customerOu('Z992');
      const personId = `p-${run}-multi`;
      const part = stack.employmentEvent({ personId, customerCode: 'Z991', unitCode: 'U1', employmentRate: 50, surname: `Flera${run}` });
      const full = stack.employmentEvent({ personId, customerCode: 'Z992', unitCode: 'U2', employmentRate: 100, startDate: addDays(today, 5), endDate: addDays(today, 10), surname: `Flera${run}` });
      await stack.handle(part);
      expect((await stack.handle(full)).changes).toEqual([]);
      const first = await account(personId);
      expect(first).toMatchObject({ customerCode: 'Z991', primaryEmploymentId: part.employmentId, enabled: true });

      // The full-time employment starts: it is primary now, a mover.
      const started = await stack.runAt(at(addDays(today, 5), '00:05'));
      expect(started).toMatchObject({ reviewed: 1, changes: { updated: 1, transition_started: 1 } });
      const second = await account(personId);
      expect(second).toMatchObject({ accountId: first.accountId, customerCode: 'Z992', primaryEmploymentId: full.employmentId, enabled: true });
      const user = present(await userByGuid(second.objectGuid));
      expect(user.dn).toMatch(new RegExp(`,OU=Z992,${config.ITOPS_LDAP_MANAGED_OU}$`));
      expect(user['employeeID']).toBe(full.employmentId);

      // HR ends the full-time one early; the part-time one goes on: the account stays enabled and moves back.
      const ending = stack.changed(full, { kind: ChangeKind.LEAVER, endDate: addDays(today, 8) });
      expect((await stack.handle(ending, at(addDays(today, 7), '12:00'))).changes).toEqual([]);
      const back = await stack.runAt(at(addDays(today, 9), '00:05'));
      expect(back.changes).toMatchObject({ updated: 1 });
      expect(back.changes.disabled).toBeUndefined();
      const third = await account(personId);
      expect(third).toMatchObject({ accountId: first.accountId, customerCode: 'Z991', primaryEmploymentId: part.employmentId, enabled: true });
      expect(present(await userByGuid(third.objectGuid)).dn).toMatch(new RegExp(`,OU=Z991,${config.ITOPS_LDAP_MANAGED_OU}$`));
      expect((await kinds(personId)).map(([kind, enabled, , customer]) => [kind, enabled, customer])).toEqual([
        ['CREATED', false, 'Z991'],
        ['ENABLED', true, 'Z991'],
        ['UPDATED', true, 'Z992'],
        ['UPDATED', true, 'Z991'],
      ]);
      await expectIdempotent(personId, at(addDays(today, 9), '00:10'));
    });
  });

  describe('protected identity', () => {
    it('gives minimal attributes, no manager, hides the account from address lists and keeps names and units out of the audit log and events', async () => {
      stack.customerOu('Z991');
      const boss = stack.employmentEvent({ surname: `Chef${run}p` });
      await stack.handle(boss);
      const hidden = stack.employmentEvent({
        protectedIdentity: true,
        givenName: '',
        surname: '',
        unitName: '',
        unitCode: 'U777',
        jobTitle: 'Kurator',
        managerEmploymentId: boss.employmentId,
      });
      expect((await stack.handle(hidden)).changes).toEqual(['created', 'enabled']);
      const live = await account(hidden.personId);
      const sam = `u${hidden.employmentId.toLowerCase()}`;
      let user = present(await userByGuid(live.objectGuid));
      expect(user).toMatchObject({ sAMAccountName: sam, displayName: sam, employeeID: hidden.employmentId });
      for (const attribute of ['givenName', 'sn', 'department', 'title', 'company', 'manager', 'showInAddressBook']) expect(user[attribute]).toEqual([]);

      // An address list named on the account (as Exchange would) goes at the next change: a move.
      await ldap((c) => c.modify(user.dn, [new Change({ operation: 'replace', modification: new Attribute({ type: 'showInAddressBook', values: [`CN=Users,${config.ITOPS_LDAP_BASE_DN}`] }) })]));
      const moved = stack.changed(hidden, { kind: ChangeKind.MOVER, customerCode: 'Z991', unitCode: 'U778' });
      expect((await stack.handle(moved)).changes).toEqual(['updated', 'transition_started']);
      user = present(await userByGuid(live.objectGuid));
      expect(user.dn).toBe(`CN=${sam},OU=Z991,${config.ITOPS_LDAP_MANAGED_OU}`);
      expect(user['showInAddressBook']).toEqual([]);
      for (const attribute of ['givenName', 'sn', 'department', 'title', 'manager']) expect(user[attribute]).toEqual([]);

      const entries = JSON.stringify(await stack.auditLog.forPerson(hidden.personId));
      expect(entries).not.toMatch(/U77[78]|Kurator|unitCode|givenName"|"sn"/);
      const events = JSON.stringify(await stack.accountEvents(hidden.personId), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
      expect(events).not.toMatch(/U77[78]|Kurator/);
      const [transition] = await stack.transitions.forPerson(stack.dataSource.manager, hidden.personId);
      // The access rules still learn where the person was.
      expect(transition).toMatchObject({ fromUnitCode: 'U777', toUnitCode: 'U778' });
    });
  });

  describe('substitute and hourly bookings', () => {
    it('enables within seconds an account for a booking starting in 20 minutes, expires it after the end and the grace, deletes it after the retention', async () => {
      const from = new Date(Date.now() + minutes(20));
      const until = new Date(from.getTime() + minutes(180));
      const booking = stack.bookingEvent(from, until, { surname: `Vikarie${run}` });
      const started = Date.now();
      const result = await stack.handle(booking);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(result.changes).toEqual(['created', 'enabled']);
      const live = await account(booking.personId);
      expect(isDisabled(present(await userByGuid(live.objectGuid)))).toBe(false);
      expect(await audit(booking.personId)).toEqual([
        ['account.created', 'hr-feed event', 'booking.start'],
        ['account.enabled', 'hr-feed event', 'booking.start'],
      ]);

      // Within the grace hour after the booked end: still enabled.
      expect(await stack.runAt(new Date(until.getTime() + minutes(59)))).toMatchObject({ reviewed: 0 });
      expect(isDisabled(present(await userByGuid(live.objectGuid)))).toBe(false);

      // After it: expired by itself.
      const expiry = new Date(until.getTime() + minutes(61));
      expect(await stack.runAt(expiry)).toMatchObject({ reviewed: 1, changes: { disabled: 1 } });
      expect(isDisabled(present(await userByGuid(live.objectGuid)))).toBe(true);
      const lastDay = stockholmDate(new Date(until.getTime() + minutes(60) - 1));
      expect((await kinds(booking.personId)).at(-1)).toEqual(['DISABLED', false, stockholmDate(new Date(until.getTime() + minutes(60))), 'Z990']);
      expect((await audit(booking.personId)).at(-1)).toEqual(['account.disabled', 'lifecycle', 'booking.expiry']);
      await expectIdempotent(booking.personId, new Date(expiry.getTime() + minutes(1)));

      // Deleted 90 days after the booked day.
      expect(await stack.runAt(at(addDays(lastDay, 91), '00:05'))).toMatchObject({ reviewed: 1, changes: { deleted: 1 } });
      expect(await userByGuid(live.objectGuid)).toBeUndefined();
    });

    it('prepares a later booking, enables it an hour before its start, and re-enables the same account for the next booking', async () => {
      const tomorrow = addDays(today, 1);
      const first = stack.bookingEvent(at(tomorrow, '10:00'), at(tomorrow, '14:00'), { surname: `Timmar${run}` });
      expect((await stack.handle(first)).changes).toEqual(['created']);
      const prepared = await account(first.personId);
      expect(isDisabled(present(await userByGuid(prepared.objectGuid)))).toBe(true);

      expect(await stack.runAt(at(tomorrow, '08:59'))).toMatchObject({ reviewed: 0 });
      expect(await stack.runAt(at(tomorrow, '09:01'))).toMatchObject({ reviewed: 1, changes: { enabled: 1 } });
      expect(isDisabled(present(await userByGuid(prepared.objectGuid)))).toBe(false);
      expect(await stack.runAt(at(tomorrow, '15:01'))).toMatchObject({ changes: { disabled: 1 } });

      // The next booking of the same person: the same account, enabled again.
      const dayAfter = addDays(today, 2);
      const next = stack.bookingEvent(at(dayAfter, '07:30'), at(dayAfter, '16:00'), { personId: first.personId, employmentId: first.employmentId, surname: `Timmar${run}` });
      expect((await stack.handle(next, at(dayAfter, '07:10'))).changes).toEqual(['enabled']);
      const again = await account(first.personId);
      expect(again.accountId).toBe(prepared.accountId);
      expect(isDisabled(present(await userByGuid(prepared.objectGuid)))).toBe(false);
      expect((await kinds(first.personId)).map(([kind]) => kind)).toEqual(['CREATED', 'ENABLED', 'DISABLED', 'ENABLED']);
    });

    it('keeps a substitute enabled after the booking while another employment runs', async () => {
      const personId = `p-${run}-both`;
      await stack.handle(stack.employmentEvent({ personId, employmentRate: 40, surname: `Dubbel${run}` }));
      const from = new Date(Date.now() + minutes(10));
      const booking = stack.bookingEvent(from, new Date(from.getTime() + minutes(60)), { personId, surname: `Dubbel${run}` });
      await stack.handle(booking);
      await stack.makeDue(personId);
      const later = await stack.runAt(new Date(from.getTime() + minutes(180)));
      expect(later.changes.disabled).toBeUndefined();
      expect((await account(personId)).enabled).toBe(true);
    });
  });

  it('runs in one replica at a time: another holder of the advisory lock makes a run do nothing', async () => {
    // Another session of the same database, as another replica's would be.
    const other = stack.dataSource.createQueryRunner();
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock($1)', [LIFECYCLE_LOCK_KEY]);
      const event = stack.employmentEvent({ surname: `Lås${run}` });
      await stack.handle(event);
      await stack.makeDue(event.personId);
      expect(await stack.runAt(new Date())).toMatchObject({ ran: false, reviewed: 0 });
      await other.query('SELECT pg_advisory_unlock($1)', [LIFECYCLE_LOCK_KEY]);
      expect(await stack.runAt(new Date())).toMatchObject({ ran: true, reviewed: 1 });
    } finally {
      await other.release();
    }
  });
});
