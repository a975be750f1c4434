import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { AndFilter, Client, EqualityFilter, Entry, OrFilter } from 'ldapts';
import { stockholmDate } from '@itops/identity/domain';
import { AccountRepository, AuditLogRepository, EmploymentRepository, identitySchema, PersonRepository } from '@itops/identity/data-access';
import { loadConfig } from '@itops/shared/config';
import {
  AccountChanged,
  AccountEvent,
  ChangeKind,
  create,
  EmploymentChanged,
  EmploymentChangedSchema,
  EmploymentForm,
  newEnvelope,
  Topics,
  validateEvent,
} from '@itops/shared/contracts';
import { DirectoryClient, tlsOptionsFor } from '@itops/shared/ldap';
import { codecFor, EventConsumer, EventContext, EventPublisher, MessageBroker, OutboxRelay, OutgoingMessage } from '@itops/shared/messaging';
import { DataSource, dataSourceOptions, runMigrations } from '@itops/shared/persistence';
import { createTestDatabase } from '@itops/shared/testing';
import { DirectoryAccountsGateway } from '../accounts/directory-accounts.gateway';
import { directorySettings, identityConfigSchema } from '../identity.config';
import { IdentityOptions } from '../identity.options';
import { ApplyEmployment } from './apply-employment.use-case';

const root = join(__dirname, '../../../..');
const localCa = join(root, '.itops/samba/private/tls/ca.pem');
// The local stack's DC, its certificate verified; the stack's environment may say otherwise.
const config = loadConfig(identityConfigSchema, {
  ...(existsSync(localCa) ? { ITOPS_LDAP_CA_FILE: localCa, ITOPS_LDAP_TLS_SERVERNAME: 'ITOPS-DC.itops.test' } : {}),
  ...process.env,
  ITOPS_PG_DATABASE: 'unused',
});
/** A customer code kept for tests: its OU is created by the first account and removed at the end. */
const CUSTOMER = 'Z990';
const customerOu = `OU=${CUSTOMER},${config.ITOPS_LDAP_MANAGED_OU}`;
const UAC_DISABLED = 0x2;

/** AD keeps what earlier runs left, so every name and id of this run carries the run's tag. */
const run = randomBytes(3).toString('hex');
let serial = 0;
const nextId = (): string => `E${run}${++serial}`;
const employmentIds: string[] = [];

const today = stockholmDate(new Date());
const addDays = (date: string, days: number): string => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

function employmentEvent(fields: Partial<Omit<EmploymentChanged, '$typeName' | '$unknown' | 'envelope'>> = {}): EmploymentChanged {
  const employmentId = fields.employmentId ?? nextId();
  employmentIds.push(employmentId);
  const event = create(EmploymentChangedSchema, {
    envelope: newEnvelope({ source: 'hr-feed', eventType: Topics.hrEmployment.eventType }),
    employmentId,
    personId: `p-${run}-${employmentId}`,
    kind: ChangeKind.JOINER,
    givenName: 'Anna',
    surname: `Svensson${run}`,
    customerCode: CUSTOMER,
    unitCode: 'U100',
    unitName: 'Hemtjänst Öster',
    costCentre: '4711',
    jobCode: 'AID5321',
    jobTitle: 'Undersköterska',
    form: EmploymentForm.PERMANENT,
    employmentRate: 100,
    startDate: today,
    endDate: '',
    snapshotId: `snap-${run}`,
    ...fields,
  });
  expect(validateEvent(Topics.hrEmployment, event)).toEqual([]);
  return event;
}

const eventIdOf = (event: EmploymentChanged): string => event.envelope?.eventId ?? '';

/** The account that must be there, or the spec fails here. */
function present<T>(value: T | null | undefined): T {
  expect(value).toBeTruthy();
  return value as T;
}

/** An independent look at AD: plain ldapts, certificate verified like the service's. */
async function ldap<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ url: config.ITOPS_LDAP_URL, tlsOptions: tlsOptionsFor(directorySettings(config)) });
  await client.bind(config.ITOPS_LDAP_BIND_DN, config.ITOPS_LDAP_BIND_PASSWORD);
  try {
    return await fn(client);
  } finally {
    await client.unbind();
  }
}

const USER_ATTRIBUTES = ['sAMAccountName', 'userPrincipalName', 'givenName', 'sn', 'displayName', 'department', 'title', 'company', 'employeeID', 'userAccountControl'];

async function usersWithEmployeeId(employmentId: string): Promise<Entry[]> {
  return ldap(async (c) => {
    const filter = new AndFilter({ filters: [new EqualityFilter({ attribute: 'objectClass', value: 'user' }), new EqualityFilter({ attribute: 'employeeID', value: employmentId })] });
    return (await c.search(config.ITOPS_LDAP_BASE_DN, { scope: 'sub', filter, attributes: USER_ATTRIBUTES })).searchEntries;
  });
}

describe('an HR employment becomes an AD account (real PostgreSQL and Samba AD)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;
  let applyEmployment: ApplyEmployment;
  let accounts: AccountRepository;
  let auditLog: AuditLogRepository;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    db = await createTestDatabase('itops_identity_t');
    await runMigrations(db.pg, identitySchema);
    // Quiet: some specs make the database refuse on purpose.
    dataSource = new DataSource({ ...dataSourceOptions(db.pg, identitySchema), logging: false });
    await dataSource.initialize();
    accounts = new AccountRepository(dataSource);
    auditLog = new AuditLogRepository(dataSource);
    const options: IdentityOptions = {
      managedOu: config.ITOPS_LDAP_MANAGED_OU,
      searchBase: config.ITOPS_LDAP_BASE_DN,
      upnDomain: config.ITOPS_AD_UPN_DOMAIN,
      leadDays: 14,
      now: () => new Date(),
    };
    // The relay is not started: the events stay in the outbox, where the specs read them.
    const publisher = new EventPublisher({ nudge: () => undefined } as unknown as OutboxRelay);
    const gateway = new DirectoryAccountsGateway(new DirectoryClient(directorySettings(config)), options);
    applyEmployment = new ApplyEmployment(new PersonRepository(), new EmploymentRepository(), accounts, auditLog, gateway, publisher, options);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
    await ldap(async (c) => {
      const filter = new OrFilter({ filters: employmentIds.map((id) => new EqualityFilter({ attribute: 'employeeID', value: id })) });
      const { searchEntries } = await c.search(config.ITOPS_LDAP_BASE_DN, { scope: 'sub', filter, attributes: ['dn'] });
      for (const entry of searchEntries) await c.del(entry.dn);
      // Only when no one else's test left accounts in it.
      await c.del(customerOu).catch(() => undefined);
    });
  });

  const contextFor = (event: EmploymentChanged, manager: EventContext['manager']): EventContext => ({
    topic: Topics.hrEmployment.name,
    partition: 0,
    offset: '0',
    key: event.personId,
    eventId: eventIdOf(event),
    correlationId: eventIdOf(event),
    manager,
  });

  const handle = (event: EmploymentChanged) => dataSource.transaction((manager) => applyEmployment.execute(event, contextFor(event, manager)));

  const accountEvents = async (personId: string): Promise<AccountChanged[]> => {
    const codec = codecFor(Topics.identityAccount);
    const rows: Array<{ payload: Buffer }> = await dataSource.query('SELECT payload FROM outbox_message WHERE topic = $1 ORDER BY id', [Topics.identityAccount.name]);
    return rows.map((r) => codec.decode(r.payload)).filter((e) => e.personId === personId);
  };

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

    const account = present(await accounts.findByPerson(event.personId));
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

    const audit = await auditLog.forAccount(account.accountId);
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
    expect((await accounts.findByPerson(event.personId))?.dn).toBe(user.dn);
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
      dataSource.transaction(async (manager) => {
        await applyEmployment.execute(event, contextFor(event, manager));
        throw new Error('the database went away before the commit');
      }),
    ).rejects.toThrow('went away');
    expect(await usersWithEmployeeId(event.employmentId)).toHaveLength(1);
    expect(await accounts.findByPerson(event.personId)).toBeNull();

    const retried = await handle(event);
    expect(retried.changes).toEqual(['created', 'enabled']);
    expect(await usersWithEmployeeId(event.employmentId)).toHaveLength(1);
    expect((await accountEvents(event.personId)).map((e) => AccountEvent[e.kind])).toEqual(['CREATED', 'ENABLED']);
    const [created] = await auditLog.forAccount(present(retried.account).accountId);
    expect(created.detail).toMatchObject({ foundInDirectory: true });
  });

  it('creates nothing for a start beyond the lead time, but remembers the employment', async () => {
    const event = employmentEvent({ startDate: addDays(today, 30) });
    const result = await handle(event);

    expect(result).toMatchObject({ account: null, changes: [], desired: { phase: 'PENDING' } });
    expect(await usersWithEmployeeId(event.employmentId)).toHaveLength(0);
    expect(await accountEvents(event.personId)).toHaveLength(0);
    const [stored] = await dataSource.query("SELECT to_char(start_date, 'YYYY-MM-DD') AS start FROM employment WHERE employment_id = $1", [event.employmentId]);
    expect(stored.start).toBe(addDays(today, 30));
  });

  it('prepares a disabled account for a start within the lead time', async () => {
    const event = employmentEvent({ startDate: addDays(today, 5) });
    const result = await handle(event);

    expect(result.changes).toEqual(['created']);
    const [user] = await usersWithEmployeeId(event.employmentId);
    expect(Number(user['userAccountControl']) & UAC_DISABLED).toBe(UAC_DISABLED);
    expect(await accounts.findByPerson(event.personId)).toMatchObject({ enabled: false });
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
    const [person] = await dataSource.query('SELECT given_name, surname, protected_identity FROM person WHERE person_id = $1', [event.personId]);
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
    const consumer = new EventConsumer(dataSource, broker, {
      groupId: 'identity',
      codecs: [codecFor(Topics.hrEmployment)],
      handlers: new Map([[Topics.hrEmployment.name, (event, ctx) => applyEmployment.execute(event as EmploymentChanged, ctx).then(() => undefined)]]),
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
    await expect(dataSource.query('UPDATE audit_entry SET actor = $1', ['someone else'])).rejects.toThrow(/append-only/);
    await expect(dataSource.query('DELETE FROM audit_entry')).rejects.toThrow(/append-only/);
    await expect(dataSource.query('TRUNCATE audit_entry')).rejects.toThrow(/append-only/);
  });

  it('refuses a personnummer as person id', async () => {
    await expect(
      dataSource.query("INSERT INTO person (person_id, protected_identity, source_occurred_at) VALUES ('19121212-1212', false, now())"),
    ).rejects.toThrow(/check constraint/);
  });

  it('checks the DC’s certificate against the CA and the configured name', async () => {
    expect(config.ITOPS_LDAP_CA_FILE).toBeDefined();
    const wrongName = new DirectoryClient({ ...directorySettings(config), tlsServername: 'not-the-dc.itops.test' });
    await expect(wrongName.session(async () => undefined)).rejects.toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    expect(readFileSync(present(config.ITOPS_LDAP_CA_FILE), 'utf8')).toContain('BEGIN CERTIFICATE');
  });
});
