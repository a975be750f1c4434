import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { AndFilter, Attribute, Change, Client, EqualityFilter, Entry, OrFilter } from 'ldapts';
import { addDays, stockholmDate, stockholmMidnight } from '@itops/identity/domain';
import {
  AccountRepository,
  AuditLogRepository,
  BookingRepository,
  EmploymentRepository,
  identitySchema,
  MoverTransitionRepository,
  PersonRepository,
} from '@itops/identity/data-access';
import { loadConfig } from '@itops/shared/config';
import {
  AccountChanged,
  ChangeKind,
  create,
  EmploymentChanged,
  EmploymentChangedSchema,
  EmploymentForm,
  MembershipChanged,
  newEnvelope,
  Topics,
  validateEvent,
} from '@itops/shared/contracts';
import { DirectoryClient, tlsOptionsFor } from '@itops/shared/ldap';
import { codecFor, EventContext, EventPublisher, OutboxRelay } from '@itops/shared/messaging';
import { DataSource, dataSourceOptions, runMigrations, RunLockRepository } from '@itops/shared/persistence';
import { createTestDatabase } from '@itops/shared/testing';
import { DirectoryAccountsGateway } from '../accounts/directory-accounts.gateway';
import { ApplyEmployment, ApplyEmploymentResult } from '../employments/apply-employment.use-case';
import { directorySettings, identityConfigSchema } from '../identity.config';
import { IdentityOptions } from '../identity.options';
import { AccountLifecycleService } from '../lifecycle/account-lifecycle.service';
import { LifecycleRunResult, RunLifecycle } from '../lifecycle/run-lifecycle.use-case';

const root = join(__dirname, '../../../..');
const localCa = join(root, '.itops/samba/private/tls/ca.pem');
/** The local stack's DC, its certificate verified; the stack's environment may say otherwise. */
export const config = loadConfig(identityConfigSchema, {
  ...(existsSync(localCa) ? { ITOPS_LDAP_CA_FILE: localCa, ITOPS_LDAP_TLS_SERVERNAME: 'ITOPS-DC.itops.test' } : {}),
  ...process.env,
  ITOPS_PG_DATABASE: 'unused',
});
export const UAC_DISABLED = 0x2;
export const USER_ATTRIBUTES = [
  'sAMAccountName',
  'userPrincipalName',
  'givenName',
  'sn',
  'displayName',
  'department',
  'title',
  'company',
  'employeeID',
  'manager',
  'userAccountControl',
  'memberOf',
  'showInAddressBook',
];

export type EmploymentFields = Partial<Omit<EmploymentChanged, '$typeName' | '$unknown' | 'envelope'>>;

/** An instant given as Stockholm wall-clock time on a date: `at('2026-03-01', '00:05')`. */
export const at = (date: string, time = '00:00'): Date => {
  const [h, m] = time.split(':').map(Number);
  return new Date(stockholmMidnight(date).getTime() + (h * 60 + m) * 60_000);
};
export const minutes = (n: number): number => n * 60_000;
export { addDays, stockholmDate };

/**
 * identity's use cases wired to a fresh database (real migrations) and the local stack's Samba
 * AD, without Nest or Kafka: events land in the outbox table, where specs read them. Every name
 * and id carries the run's tag, because AD keeps what earlier runs left; stop() deletes the
 * users, groups and OUs this run made.
 */
export class IdentityStack {
  readonly run = randomBytes(3).toString('hex');
  private serial = 0;
  private lastOccurred = 0;
  private readonly employmentIds: string[] = [];
  private readonly groups: string[] = [];
  private readonly ous = new Set<string>();

  private constructor(
    private readonly drop: () => Promise<void>,
    readonly dataSource: DataSource,
    private readonly directory: DirectoryClient,
    readonly options: IdentityOptions,
    readonly accounts: AccountRepository,
    readonly auditLog: AuditLogRepository,
    readonly transitions: MoverTransitionRepository,
    readonly applyEmployment: ApplyEmployment,
    readonly runLifecycle: RunLifecycle,
  ) {}

  static async start(prefix: string, overrides: Partial<IdentityOptions> = {}): Promise<IdentityStack> {
    Logger.overrideLogger(false);
    const db = await createTestDatabase(prefix);
    await runMigrations(db.pg, identitySchema);
    // Quiet: some specs make the database refuse on purpose.
    const dataSource = new DataSource({ ...dataSourceOptions(db.pg, identitySchema), logging: false });
    await dataSource.initialize();
    const options: IdentityOptions = {
      managedOu: config.ITOPS_LDAP_MANAGED_OU,
      searchBase: config.ITOPS_LDAP_BASE_DN,
      upnDomain: config.ITOPS_AD_UPN_DOMAIN,
      leadDays: 14,
      retentionDays: 90,
      moverTransitionDays: 30,
      bookingLeadMinutes: 60,
      bookingGraceMinutes: 60,
      lifecycleIntervalSeconds: 0,
      now: () => new Date(),
      ...overrides,
    };
    // The relay is not started: the events stay in the outbox, where the specs read them.
    const publisher = new EventPublisher({ nudge: () => undefined } as unknown as OutboxRelay);
    const directory = new DirectoryClient(directorySettings(config));
    const gateway = new DirectoryAccountsGateway(directory, options);
    const persons = new PersonRepository(dataSource);
    const accounts = new AccountRepository(dataSource);
    const auditLog = new AuditLogRepository(dataSource);
    const transitions = new MoverTransitionRepository();
    const bookings = new BookingRepository();
    const employments = new EmploymentRepository();
    const lifecycle = new AccountLifecycleService(persons, employments, bookings, accounts, transitions, auditLog, gateway, publisher, options);
    const applyEmployment = new ApplyEmployment(persons, employments, bookings, lifecycle);
    const runLifecycle = new RunLifecycle(dataSource, persons, new RunLockRepository(dataSource), lifecycle);
    return new IdentityStack(db.drop, dataSource, directory, options, accounts, auditLog, transitions, applyEmployment, runLifecycle);
  }

  async stop(): Promise<void> {
    await this.directory.close();
    await this.dataSource?.destroy();
    await this.drop();
    await ldap(async (c) => {
      if (this.employmentIds.length > 0) {
        const filter = new OrFilter({ filters: this.employmentIds.map((id) => new EqualityFilter({ attribute: 'employeeID', value: id })) });
        const { searchEntries } = await c.search(config.ITOPS_LDAP_BASE_DN, { scope: 'sub', filter, attributes: ['dn'] });
        for (const entry of searchEntries) await c.del(entry.dn);
      }
      for (const group of this.groups) await c.del(group).catch(() => undefined);
      // Only when no one else's test left accounts in them.
      for (const ou of this.ous) await c.del(ou).catch(() => undefined);
    });
  }

  /** Each event of the run happens after the one before: a newer event replaces the stored state. */
  private occurred(): Date {
    this.lastOccurred = Math.max(Date.now(), this.lastOccurred + 1);
    return new Date(this.lastOccurred);
  }

  nextId(): string {
    this.serial += 1;
    return `E${this.run}${this.serial}`;
  }

  customerOu(customerCode: string): string {
    const ou = `OU=${customerCode},${config.ITOPS_LDAP_MANAGED_OU}`;
    this.ous.add(ou);
    return ou;
  }

  /** A valid hr.employment event of this run; defaults: a joiner starting today, customer Z990. */
  employmentEvent(fields: EmploymentFields = {}, occurredAt = this.occurred()): EmploymentChanged {
    const employmentId = fields.employmentId ?? this.nextId();
    this.employmentIds.push(employmentId);
    this.customerOu(fields.customerCode ?? 'Z990');
    const event = create(EmploymentChangedSchema, {
      envelope: newEnvelope({ source: 'hr-feed', eventType: Topics.hrEmployment.eventType, occurredAt }),
      employmentId,
      personId: `p-${this.run}-${employmentId}`,
      kind: ChangeKind.JOINER,
      givenName: 'Anna',
      surname: `Svensson${this.run}`,
      customerCode: 'Z990',
      unitCode: 'U100',
      unitName: 'Hemtjänst Öster',
      costCentre: '4711',
      jobCode: 'AID5321',
      jobTitle: 'Undersköterska',
      form: EmploymentForm.PERMANENT,
      employmentRate: 100,
      startDate: stockholmDate(new Date()),
      endDate: '',
      managerEmploymentId: '',
      snapshotId: `snap-${this.run}`,
      ...fields,
    });
    expect(validateEvent(Topics.hrEmployment, event)).toEqual([]);
    return event;
  }

  /** The same employment later in HR (a newer event: it replaces the stored state). */
  changed(event: EmploymentChanged, fields: EmploymentFields, occurredAt = this.occurred()): EmploymentChanged {
    const rest = Object.fromEntries(Object.entries(event).filter(([key]) => !['envelope', '$typeName', '$unknown'].includes(key))) as EmploymentFields;
    return this.employmentEvent({ ...rest, ...fields }, occurredAt);
  }

  /** A substitute's booking of `from` to `until` (instants). */
  bookingEvent(from: Date, until: Date, fields: EmploymentFields = {}): EmploymentChanged {
    return this.employmentEvent({
      form: EmploymentForm.SUBSTITUTE,
      employmentRate: 0,
      startDate: stockholmDate(from),
      endDate: stockholmDate(until),
      bookingId: `B${this.run}${++this.serial}`,
      accessFrom: timestampFromDate(from),
      accessUntil: timestampFromDate(until),
      ...fields,
    });
  }

  contextFor(event: EmploymentChanged, manager: EventContext['manager']): EventContext {
    const eventId = event.envelope?.eventId ?? '';
    return { topic: Topics.hrEmployment.name, partition: 0, offset: '0', key: event.personId, eventId, correlationId: eventId, manager };
  }

  /** Handles the event as the consumer does, at `now` (the real clock unless given). */
  handle(event: EmploymentChanged, now = new Date()): Promise<ApplyEmploymentResult> {
    return this.dataSource.transaction((manager) => this.applyEmployment.execute(event, this.contextFor(event, manager), now));
  }

  /** One lifecycle run at `now`. */
  runAt(now: Date): Promise<LifecycleRunResult> {
    return this.runLifecycle.execute(now);
  }

  /**
   * Takes everyone out of the scheduler's queue, so a run at a chosen `now` reviews only the
   * persons the spec touches from here on.
   */
  async forgetOthers(): Promise<void> {
    await this.dataSource.query('UPDATE person SET next_review_at = NULL');
  }

  /** Makes a person due at once (as if the previous review's date were reached). */
  async makeDue(personId: string): Promise<void> {
    await this.dataSource.query("UPDATE person SET next_review_at = '-infinity' WHERE person_id = $1", [personId]);
  }

  async accountEvents(personId: string): Promise<AccountChanged[]> {
    const codec = codecFor(Topics.identityAccount);
    const rows: Array<{ payload: Buffer }> = await this.dataSource.query('SELECT payload FROM outbox_message WHERE topic = $1 ORDER BY id', [Topics.identityAccount.name]);
    return rows.map((r) => codec.decode(r.payload)).filter((e) => e.personId === personId);
  }

  async membershipEvents(accountId: string): Promise<MembershipChanged[]> {
    const codec = codecFor(Topics.identityMembership);
    const rows: Array<{ payload: Buffer }> = await this.dataSource.query('SELECT payload FROM outbox_message WHERE topic = $1 ORDER BY id', [Topics.identityMembership.name]);
    return rows.map((r) => codec.decode(r.payload)).filter((e) => e.accountId === accountId);
  }

  /** A group of this run in the managed OU, with the given members. */
  async group(name: string, members: string[]): Promise<string> {
    const dn = `CN=g-${name}-${this.run},${config.ITOPS_LDAP_MANAGED_OU}`;
    this.groups.push(dn);
    await ldap(async (c) => {
      await c.add(dn, { objectClass: ['top', 'group'], sAMAccountName: `g-${name}-${this.run}` });
      if (members.length > 0) await c.modify(dn, [new Change({ operation: 'add', modification: new Attribute({ type: 'member', values: members }) })]);
    });
    return dn;
  }
}

/** An independent look at AD: plain ldapts, certificate verified like the service's. */
export async function ldap<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ url: config.ITOPS_LDAP_URL, tlsOptions: tlsOptionsFor(directorySettings(config)) });
  await client.bind(config.ITOPS_LDAP_BIND_DN, config.ITOPS_LDAP_BIND_PASSWORD);
  try {
    return await fn(client);
  } finally {
    await client.unbind();
  }
}

export async function usersWithEmployeeId(employmentId: string): Promise<Entry[]> {
  return ldap(async (c) => {
    const filter = new AndFilter({ filters: [new EqualityFilter({ attribute: 'objectClass', value: 'user' }), new EqualityFilter({ attribute: 'employeeID', value: employmentId })] });
    return (await c.search(config.ITOPS_LDAP_BASE_DN, { scope: 'sub', filter, attributes: USER_ATTRIBUTES })).searchEntries;
  });
}

/** The user by objectGUID, wherever it is now; undefined when it is gone. */
export async function userByGuid(guid: string | null): Promise<Entry | undefined> {
  if (!guid) return undefined;
  return ldap(async (c) => {
    try {
      return (await c.search(`<GUID=${guid}>`, { scope: 'base', attributes: USER_ATTRIBUTES })).searchEntries[0];
    } catch {
      return undefined;
    }
  });
}

export const isDisabled = (entry: Entry): boolean => (Number(entry['userAccountControl']) & UAC_DISABLED) === UAC_DISABLED;

/** The values of a multi-valued attribute as a list. */
export const list = (entry: Entry, name: string): string[] => {
  const value = entry[name];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string' && v !== '');
};

/** The value that must be there, or the spec fails here. */
export function present<T>(value: T | null | undefined): T {
  expect(value).toBeTruthy();
  return value as T;
}
