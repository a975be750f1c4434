import { readFileSync } from 'node:fs';
import { EqualityFilter } from 'ldapts';
import { AccountEvent, EmploymentChanged, Topics } from '@itops/shared/contracts';
import { DirectoryClient } from '@itops/shared/ldap';
import { codecFor, EventConsumer, MessageBroker, OutgoingMessage } from '@itops/shared/messaging';
import { config, IdentityStack, ldap, present, stockholmDate, usersWithEmployeeId, UAC_DISABLED, addDays, EmploymentFields } from '../__fixtures__/identity-stack';
import { directorySettings } from '../identity.config';

/** A customer code kept for tests: its OU is created by the first account and removed at the end. */
const CUSTOMER = 'Z990';
const customerOu = `OU=${CUSTOMER},${config.ITOPS_LDAP_MANAGED_OU}`;
const today = stockholmDate(new Date());
const eventIdOf = (event: EmploymentChanged): string => event.envelope?.eventId ?? '';

describe('an HR employment becomes an AD account (real PostgreSQL and Samba AD)', () => {
  let stack: IdentityStack;
  let run: string;
  const employmentEvent = (fields: EmploymentFields = {}) => stack.employmentEvent(fields);
  const nextId = () => stack.nextId();
  const handle = (event: EmploymentChanged) => stack.handle(event);
  const accountEvents = (personId: string) => stack.accountEvents(personId);

  beforeAll(async () => {
    stack = await IdentityStack.start('itops_identity_t');
    run = stack.run;
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('creates the account of a person who starts today in the customer’s OU, enabled, with the HR attributes', async () => {
    const event = employmentEvent({ givenName: 'Åsa', surname: `Ängö ${run}`, jobTitle: 'Lärare, åk 1-3' });
    const result = await handle(event);

    expect(result.changes).toEqual(['created', 'enabled']);
    const [user, ...others] = await usersWithEmployeeId(event.employmentId);
    expect(others).toHaveLength(0);
    expect(user.dn).toMatch(new RegExp(`,${customerOu}$`));
    expect(Number(user['userAccountControl']) & UAC_DISABLED).toBe(0);
    expect(user).toMatchObject({
      sAMAccountName: `asa.ango-${run}`,
      givenName: 'Åsa',
      sn: `Ängö ${run}`,
      displayName: `Åsa Ängö ${run}`,
      department: 'Hemtjänst Öster',
      title: 'Lärare, åk 1-3',
      company: CUSTOMER,
      employeeID: event.employmentId,
    });
    expect(user['userPrincipalName']).toBe(`${user['sAMAccountName']}@itops.test`);

    const account = present(await stack.accounts.findByPerson(event.personId));
    expect(account).toMatchObject({ samAccountName: user['sAMAccountName'], dn: user.dn, customerCode: CUSTOMER, enabled: true });
    // The stored objectGUID finds the account wherever it is moved to.
    const byGuid = await ldap(async (c) => (await c.search(`<GUID=${account.objectGuid}>`, { scope: 'base', attributes: ['dn'] })).searchEntries);
    expect(byGuid.map((e) => e.dn)).toEqual([user.dn]);

    const events = await accountEvents(event.personId);
    expect(events.map((e) => [AccountEvent[e.kind], e.enabled, e.effectiveDate, e.customerCode, e.accountId])).toEqual([
      ['CREATED', false, today, CUSTOMER, account.accountId],
      ['ENABLED', true, today, CUSTOMER, account.accountId],
    ]);
    expect(events.every((e) => e.envelope?.causationId === eventIdOf(event))).toBe(true);

    const audit = await stack.auditLog.forAccount(account.accountId);
    expect(audit.map((a) => [a.action, a.actor, a.causeEventId])).toEqual([
      ['account.created', 'hr-feed event', eventIdOf(event)],
      ['account.enabled', 'hr-feed event', eventIdOf(event)],
    ]);
    expect(JSON.stringify(audit)).not.toMatch(/password|unicodePwd/i);
  });

  it('keeps names with LDAP syntax in them as data: escaped in the DN, found again with a filter', async () => {
    const surname = `Ny*)(cn=*), Jr\\${run}`;
    const event = employmentEvent({ givenName: 'Örjan', surname });
    expect((await handle(event)).changes).toEqual(['created', 'enabled']);

    const [user] = await usersWithEmployeeId(event.employmentId);
    expect(user['sn']).toBe(surname);
    expect(user['sAMAccountName']).toBe(`orjan.nycn-jr${run}`);
    // AD hands the DN back in its own escaping ('=' as \3D), the same name either way.
    expect(user.dn).toMatch(new RegExp(`^CN=Örjan Ny\\*\\)\\(cn\\\\(=|3D)\\*\\)\\\\, Jr\\\\\\\\${run},${customerOu}$`));
    expect((await stack.accounts.findByPerson(event.personId))?.dn).toBe(user.dn);
    // ldapts escapes the value in the filter: exactly this person, not everyone.
    const bySurname = await ldap(async (c) => (await c.search(customerOu, { filter: new EqualityFilter({ attribute: 'sn', value: surname }), attributes: ['dn'] })).searchEntries);
    expect(bySurname.map((e) => e.dn)).toEqual([user.dn]);
  });

  it('does nothing more when the same event comes again: one account, one CREATED', async () => {
    const event = employmentEvent();
    expect((await handle(event)).changes).toEqual(['created', 'enabled']);
    const again = await handle(event);

    expect(again.changes).toEqual([]);
    expect(await usersWithEmployeeId(event.employmentId)).toHaveLength(1);
    expect((await accountEvents(event.personId)).map((e) => AccountEvent[e.kind])).toEqual(['CREATED', 'ENABLED']);
  });

  it('finds the account an attempt made in AD before its transaction rolled back, instead of making a second', async () => {
    const event = employmentEvent();
    await expect(
      stack.dataSource.transaction(async (manager) => {
        await stack.applyEmployment.execute(event, stack.contextFor(event, manager), new Date());
        throw new Error('the database went away before the commit');
      }),
    ).rejects.toThrow('went away');
    expect(await usersWithEmployeeId(event.employmentId)).toHaveLength(1);
    expect(await stack.accounts.findByPerson(event.personId)).toBeNull();

    const retried = await handle(event);
    expect(retried.changes).toEqual(['created', 'enabled']);
    expect(await usersWithEmployeeId(event.employmentId)).toHaveLength(1);
    expect((await accountEvents(event.personId)).map((e) => AccountEvent[e.kind])).toEqual(['CREATED', 'ENABLED']);
    const [created] = await stack.auditLog.forAccount(present(retried.account).accountId);
    expect(created.detail).toMatchObject({ foundInDirectory: true });
  });

  it('creates nothing for a start beyond the lead time, but remembers the employment', async () => {
    const event = employmentEvent({ startDate: addDays(today, 30) });
    const result = await handle(event);

    expect(result).toMatchObject({ account: null, changes: [], desired: { phase: 'PENDING' } });
    expect(await usersWithEmployeeId(event.employmentId)).toHaveLength(0);
    expect(await accountEvents(event.personId)).toHaveLength(0);
    const [stored] = await stack.dataSource.query("SELECT to_char(start_date, 'YYYY-MM-DD') AS start FROM employment WHERE employment_id = $1", [event.employmentId]);
    expect(stored.start).toBe(addDays(today, 30));
  });

  it('prepares a disabled account for a start within the lead time', async () => {
    const event = employmentEvent({ startDate: addDays(today, 5) });
    const result = await handle(event);

    expect(result.changes).toEqual(['created']);
    const [user] = await usersWithEmployeeId(event.employmentId);
    expect(Number(user['userAccountControl']) & UAC_DISABLED).toBe(UAC_DISABLED);
    expect(await stack.accounts.findByPerson(event.personId)).toMatchObject({ enabled: false });
    expect((await accountEvents(event.personId)).map((e) => [AccountEvent[e.kind], e.enabled])).toEqual([['CREATED', false]]);
  });

  it('gives a namesake in the same OU the next number and a CN that tells them apart', async () => {
    const first = employmentEvent({ givenName: 'Karl', surname: `Berg${run}` });
    const second = employmentEvent({ givenName: 'Karl', surname: `Berg${run}` });
    await handle(first);
    await handle(second);

    const [a] = await usersWithEmployeeId(first.employmentId);
    const [b] = await usersWithEmployeeId(second.employmentId);
    expect(a['sAMAccountName']).toBe(`karl.berg${run}`);
    expect(b['sAMAccountName']).toBe(`karl.berg${run}2`);
    expect(b.dn).toBe(`CN=Karl Berg${run} (karl.berg${run}2),${customerOu}`);
  });

  it('gives a protected identity a neutral name and minimal attributes', async () => {
    const employmentId = nextId();
    const event = employmentEvent({ employmentId, protectedIdentity: true, givenName: '', surname: '', unitName: '' });
    expect((await handle(event)).changes).toEqual(['created', 'enabled']);

    const [user] = await usersWithEmployeeId(employmentId);
    const sam = `u${employmentId.toLowerCase()}`;
    expect(user).toMatchObject({ sAMAccountName: sam, displayName: sam, employeeID: employmentId });
    // ldapts lists an attribute that was asked for and is not set as [].
    for (const attribute of ['givenName', 'sn', 'department', 'title', 'company']) expect(user[attribute]).toEqual([]);
    expect(user.dn).toBe(`CN=${sam},${customerOu}`);
    const [person] = await stack.dataSource.query('SELECT given_name, surname, protected_identity FROM person WHERE person_id = $1', [event.personId]);
    expect(person).toEqual({ given_name: null, surname: null, protected_identity: true });
  });

  it('refuses a name that leaves nothing for an account name, for good and without touching AD', async () => {
    const event = employmentEvent({ givenName: '*)(', surname: '\\' });
    await expect(handle(event)).rejects.toMatchObject({ permanent: true, message: expect.stringContaining('INVALID_NAME') });
    expect(await usersWithEmployeeId(event.employmentId)).toHaveLength(0);
  });

  it('serves the event from its Kafka message through the inbox: a redelivery has no second effect, a poison message goes to the DLQ', async () => {
    const dead: OutgoingMessage[] = [];
    const broker = { publish: async (messages: OutgoingMessage[]) => void dead.push(...messages) } as unknown as MessageBroker;
    const consumer = new EventConsumer(stack.dataSource, broker, {
      groupId: 'identity',
      codecs: [codecFor(Topics.hrEmployment)],
      handlers: new Map([[Topics.hrEmployment.name, (event, ctx) => stack.applyEmployment.execute(event as EmploymentChanged, ctx, new Date()).then(() => undefined)]]),
    });
    const message = (event: EmploymentChanged, offset: string) => ({
      topic: Topics.hrEmployment.name,
      partition: 0,
      offset,
      key: event.personId,
      value: Buffer.from(codecFor(Topics.hrEmployment).encode(event)),
      headers: {},
    });

    const event = employmentEvent();
    await consumer.handle(message(event, '1'));
    await consumer.handle(message(event, '2'));
    expect(await usersWithEmployeeId(event.employmentId)).toHaveLength(1);
    expect((await accountEvents(event.personId)).map((e) => AccountEvent[e.kind])).toEqual(['CREATED', 'ENABLED']);

    const poison = employmentEvent({ givenName: '*)(', surname: '*)(' });
    await consumer.handle(message(poison, '3'));
    expect(dead).toHaveLength(1);
    expect(dead[0].headers['dlq-reason']).toMatch(/INVALID_NAME/);
    expect(dead[0].headers['dlq-reason']).not.toContain('*)(');
  });

  it('keeps the audit log append-only', async () => {
    await expect(stack.dataSource.query('UPDATE audit_entry SET actor = $1', ['someone else'])).rejects.toThrow(/append-only/);
    await expect(stack.dataSource.query('DELETE FROM audit_entry')).rejects.toThrow(/append-only/);
    await expect(stack.dataSource.query('TRUNCATE audit_entry')).rejects.toThrow(/append-only/);
  });

  it('refuses a personnummer as person id', async () => {
    await expect(
      stack.dataSource.query("INSERT INTO person (person_id, protected_identity, source_occurred_at) VALUES ('19121212-1212', false, now())"),
    ).rejects.toThrow(/check constraint/);
  });

  it('checks the DC’s certificate against the CA and the configured name', async () => {
    expect(config.ITOPS_LDAP_CA_FILE).toBeDefined();
    const wrongName = new DirectoryClient({ ...directorySettings(config), tlsServername: 'not-the-dc.itops.test' });
    await expect(wrongName.session(async () => undefined)).rejects.toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    await wrongName.close();
    expect(readFileSync(present(config.ITOPS_LDAP_CA_FILE), 'utf8')).toContain('BEGIN CERTIFICATE');
  });
});
