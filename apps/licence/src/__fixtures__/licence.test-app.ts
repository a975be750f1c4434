import { INestApplication, Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { Attribute, Change, Client } from 'ldapts';
import { loadConfig } from '@itops/shared/config';
import {
  AccountChangedSchema,
  AccountEvent,
  ChangeKind,
  create,
  EmploymentChangedSchema,
  EmploymentForm,
  EntitlementAction,
  EntitlementChangedSchema,
  EntitlementKind,
  LicenceAssignmentChanged,
  newEnvelope,
  SignInActivitySchema,
  Topics,
  validateEvent,
} from '@itops/shared/contracts';
import { tlsOptionsFor } from '@itops/shared/ldap';
import { codecFor, EventContext, OutboxRelay } from '@itops/shared/messaging';
import { DataSource, runMigrations } from '@itops/shared/persistence';
import { ServiceExceptionFilter } from '@itops/shared/service';
import { createLogger } from '@itops/shared/telemetry';
import { startServiceTestStack, type ServiceTestStack } from '@itops/shared/testing';
import { DevTokenOptions, fetchDevToken, Role } from '@itops/shared/auth';
import { licenceSchema } from '@itops/licence/data-access';
import type { Product } from '@itops/licence/domain';
import { AppModule } from '../app.module';
import { AccountChangedConsumer } from '../accounts/account-changed.consumer';
import { SignInActivityConsumer } from '../accounts/sign-in-activity.consumer';
import { RealiseEntitlement } from '../assignments/realise-entitlement.use-case';
import { TakeSubstituteLicence } from '../bookings/take-substitute-licence.use-case';
import { directorySettings, licenceConfigSchema, LicenceOptions } from '../licence.config';

const root = join(__dirname, '../../../..');
const localCa = join(root, '.itops/samba/private/tls/ca.pem');
/** The local stack's DC, its certificate verified; the stack's environment may say otherwise. */
export const config = loadConfig(licenceConfigSchema, {
  ...(existsSync(localCa) ? { ITOPS_LDAP_CA_FILE: localCa, ITOPS_LDAP_TLS_SERVERNAME: 'ITOPS-DC.itops.test' } : {}),
  ...process.env,
  ITOPS_PG_DATABASE: 'unused',
});

/** Noon in Stockholm (winter, UTC+1) of a day. */
const noonOf = (date: string): Date => new Date(`${date}T11:00:00Z`);

/** The id of an event built here (every envelope has one). */
const idOf = (event: { envelope?: { eventId: string } }): string => event.envelope?.eventId ?? '';

/** A relay that never runs: the events stay in the outbox table, where the specs read them. */
// userAccountControl: NORMAL_ACCOUNT (0x200) | PASSWD_NOTREQD (0x20); ACCOUNTDISABLE is 0x2.
const USER_ENABLED_NO_PASSWORD = 0x220;
const ACCOUNT_DISABLED = 0x2;
const idleRelay = { start: () => undefined, stop: async () => undefined, nudge: () => undefined };

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

export interface TestAccount {
  accountId: string;
  personId: string;
  sam: string;
  upn: string;
  dn: string;
}

/**
 * licence on a fresh database of the local stack (real migrations) and the stack's Samba AD, with
 * its HTTP API. Kafka is connected, but the outbox is not relayed and no consumer runs: specs hand
 * events to the handlers in a transaction and read licence.assignment.v1 from the outbox table.
 * Each run has its own OU below OU=itops with its users and licence groups; stop() removes them.
 */
export class LicenceTestApp {
  readonly run = randomBytes(3).toString('hex');
  readonly ou: string;
  private serial = 0;

  private constructor(
    readonly app: INestApplication,
    readonly dataSource: DataSource,
    private readonly stack: ServiceTestStack,
    private readonly clock: { now: Date },
  ) {
    this.ou = `OU=lic-${this.run},${config.ITOPS_LDAP_MANAGED_OU}`;
  }

  /** Starts with the clock at noon (Stockholm) of `today`. */
  static async start(today: string, overrides: Partial<LicenceOptions> = {}): Promise<LicenceTestApp> {
    Logger.overrideLogger(false);
    const stack = await startServiceTestStack('itops_t_licence', (pg) => runMigrations(pg, licenceSchema));
    let app: INestApplication | undefined;
    try {
      const testConfig = loadConfig(licenceConfigSchema, {
        ...(existsSync(localCa) ? { ITOPS_LDAP_CA_FILE: localCa, ITOPS_LDAP_TLS_SERVERNAME: 'ITOPS-DC.itops.test' } : {}),
        ...process.env,
        ...stack.env,
      });
      const clock = { now: noonOf(today) };
      const moduleRef = await Test.createTestingModule({
        imports: [AppModule.register(testConfig, { releaseIntervalSeconds: 0, now: () => clock.now, ...overrides })],
      })
        .overrideProvider(OutboxRelay)
        .useValue(idleRelay)
        .compile();
      app = moduleRef.createNestApplication({ logger: false });
      (app as NestExpressApplication).useBodyParser('raw', { type: ['text/csv'], limit: '100mb' });
      (app as NestExpressApplication).useBodyParser('json', { limit: '100mb' });
      app.useGlobalFilters(new ServiceExceptionFilter(createLogger({ service: 'licence', level: 'silent' })));
      await app.init();
      const started = new LicenceTestApp(app, app.get(DataSource), stack, clock);
      await ldap((c) => c.add(started.ou, { objectClass: ['top', 'organizationalUnit'], ou: `lic-${started.run}` }));
      return started;
    } catch (error) {
      await app?.close();
      await stack.close();
      throw error;
    }
  }

  /** A bearer token of this app's own dev issuer. */
  token(role: Role, options: Omit<DevTokenOptions, 'issuerUrl'> = {}): Promise<string> {
    return fetchDevToken(role, { ...options, issuerUrl: this.stack.issuer.url });
  }

  now(): Date {
    return this.clock.now;
  }

  /** Moves the service's clock to noon (Stockholm) of a day. */
  setToday(date: string): void {
    this.clock.now = noonOf(date);
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.stack.close();
    await ldap(async (c) => {
      const { searchEntries } = await c.search(this.ou, { scope: 'one', attributes: ['dn'] }).catch(() => ({ searchEntries: [] as Array<{ dn: string }> }));
      for (const entry of searchEntries) await c.del(entry.dn).catch(() => undefined);
      await c.del(this.ou).catch(() => undefined);
    });
  }

  /** The catalogue the specs use: E5 ⊃ E3 ⊃ F3, Copilot and Visio add-ons; each with a licence group in the run's OU. */
  async catalogue(): Promise<Array<Partial<Product>>> {
    const products = [
      { code: 'M365-E5', name: 'Microsoft 365 E5', monthlyPriceSek: '570.00', servesAs: 'M365-E3' },
      { code: 'M365-E3', name: 'Microsoft 365 E3', monthlyPriceSek: '389.00', servesAs: 'M365-F3' },
      { code: 'M365-F3', name: 'Microsoft 365 F3', monthlyPriceSek: '80.00' },
      { code: 'COPILOT', name: 'Microsoft 365 Copilot', monthlyPriceSek: '315.00', addon: true, activityService: 'copilot' },
      { code: 'VISIO-P2', name: 'Visio Plan 2', monthlyPriceSek: '160.00', addon: true },
    ];
    const withGroups = [];
    for (const p of products) withGroups.push({ ...p, groupDn: await this.group(`LIC-${p.code}`) });
    return withGroups;
  }

  /** A group in the run's OU. */
  async group(name: string): Promise<string> {
    const cn = `${name}-${this.run}`;
    const dn = `CN=${cn},${this.ou}`;
    await ldap((c) => c.add(dn, { objectClass: ['top', 'group'], sAMAccountName: cn.slice(0, 64) }));
    return dn;
  }

  /** An enabled user without a password (PASSWD_NOTREQD) in the run's OU, with ids for the events. */
  async account(name: string): Promise<TestAccount> {
    const sam = `l${this.run}${name}`.slice(0, 20);
    const dn = `CN=${sam},${this.ou}`;
    await ldap((c) => c.add(dn, { objectClass: ['top', 'person', 'organizationalPerson', 'user'], sAMAccountName: sam, userPrincipalName: `${sam}@itops.test`, userAccountControl: String(USER_ENABLED_NO_PASSWORD) }));
    return { accountId: randomUUID(), personId: `p-${this.run}-${name}`, sam, upn: `${sam}@itops.test`, dn };
  }

  /** Disables the user in AD, as identity does with a leaver. */
  async disable(a: TestAccount): Promise<void> {
    await ldap((c) => c.modify(a.dn, [new Change({ operation: 'replace', modification: new Attribute({ type: 'userAccountControl', values: [String(USER_ENABLED_NO_PASSWORD | ACCOUNT_DISABLED)] }) })]));
  }

  /** The sAMAccountNames in a group, read straight from AD. */
  async members(groupDn: string): Promise<string[]> {
    return ldap(async (c) => {
      const { searchEntries } = await c.search(this.ou, { scope: 'one', filter: `(memberOf=${groupDn})`, attributes: ['sAMAccountName'] });
      return searchEntries.map((e) => String(e['sAMAccountName'])).sort();
    });
  }

  /** Puts a user into a group directly (a licence given by hand outside licence). */
  async addMember(groupDn: string, userDn: string): Promise<void> {
    await ldap((c) => c.modify(groupDn, [new Change({ operation: 'add', modification: new Attribute({ type: 'member', values: [userDn] }) })]));
  }

  private context(eventId: string, topic: string, manager: EventContext['manager']): EventContext {
    return { topic, partition: 0, offset: String(++this.serial), key: null, eventId, correlationId: eventId, manager };
  }

  /** identity.entitlement.v1 for a licence, handled as the consumer does (in one transaction, without the inbox). */
  async entitlement(a: TestAccount, code: string, action: 'GRANTED' | 'REVOKED', cause: string, effectiveDate: string, customerCode = 'N138'): Promise<string> {
    const event = create(EntitlementChangedSchema, {
      envelope: newEnvelope({ source: 'identity', eventType: Topics.identityEntitlement.eventType }),
      accountId: a.accountId,
      customerCode,
      kind: EntitlementKind.LICENCE,
      code,
      action: action === 'GRANTED' ? EntitlementAction.GRANTED : EntitlementAction.REVOKED,
      cause,
      effectiveDate,
      samAccountName: a.sam,
    });
    expect(validateEvent(Topics.identityEntitlement, event)).toEqual([]);
    return this.dataSource.transaction((m) => this.app.get(RealiseEntitlement).execute(event, this.context(idOf(event), Topics.identityEntitlement.name, m)));
  }

  /** identity.account.v1 of the account. */
  async accountEvent(a: TestAccount, kind: AccountEvent, effectiveDate: string, customerCode = 'N138'): Promise<void> {
    const event = create(AccountChangedSchema, {
      envelope: newEnvelope({ source: 'identity', eventType: Topics.identityAccount.eventType }),
      accountId: a.accountId,
      personId: a.personId,
      kind,
      samAccountName: a.sam,
      userPrincipalName: a.upn,
      customerCode,
      enabled: kind === AccountEvent.ENABLED || kind === AccountEvent.UPDATED,
      effectiveDate,
    });
    expect(validateEvent(Topics.identityAccount, event)).toEqual([]);
    await this.dataSource.transaction((m) => this.app.get(AccountChangedConsumer).handle(event, this.context(idOf(event), Topics.identityAccount.name, m)));
  }

  /** identity.activity.v1: AD's lastLogonTimestamp day and enabled flag. */
  async signIn(a: TestAccount, lastSignInDate: string, enabled = true): Promise<void> {
    const event = create(SignInActivitySchema, {
      envelope: newEnvelope({ source: 'identity', eventType: Topics.identityActivity.eventType }),
      accountId: a.accountId,
      samAccountName: a.sam,
      lastSignInDate,
      enabled,
      observedDate: lastSignInDate || '2026-11-01',
    });
    expect(validateEvent(Topics.identityActivity, event)).toEqual([]);
    await this.dataSource.transaction((m) => this.app.get(SignInActivityConsumer).handle(event, this.context(idOf(event), Topics.identityActivity.name, m)));
  }

  /** A substitute booking on hr.employment.v1 (booking_id set), booked from..until. */
  async booking(a: TestAccount, bookingId: string, from: Date, until: Date, kind = ChangeKind.JOINER, customerCode = 'N138'): Promise<string> {
    const event = create(EmploymentChangedSchema, {
      envelope: newEnvelope({ source: 'hr-feed', eventType: Topics.hrEmployment.eventType }),
      employmentId: `E${this.run}${++this.serial}`,
      personId: a.personId,
      kind,
      givenName: 'Vera',
      surname: 'Vikarie',
      customerCode,
      unitCode: 'U100',
      form: EmploymentForm.SUBSTITUTE,
      employmentRate: 100,
      startDate: from.toISOString().slice(0, 10),
      endDate: until.toISOString().slice(0, 10),
      snapshotId: `push-${this.run}`,
      bookingId,
      accessFrom: timestampFromDate(from),
      accessUntil: timestampFromDate(until),
    });
    expect(validateEvent(Topics.hrEmployment, event)).toEqual([]);
    return this.dataSource.transaction((m) =>
      this.app.get(TakeSubstituteLicence).execute(event, { manager: m, actor: 'licence', correlationId: idOf(event), causationId: idOf(event) }),
    );
  }

  /** licence.assignment.v1 events written to the outbox, oldest first (of one account when given). */
  async assignmentEvents(accountId?: string): Promise<LicenceAssignmentChanged[]> {
    const codec = codecFor(Topics.licenceAssignment);
    const rows: Array<{ payload: Buffer }> = await this.dataSource.query('SELECT payload FROM outbox_message WHERE topic = $1 ORDER BY id', [Topics.licenceAssignment.name]);
    return rows.map((r) => codec.decode(r.payload)).filter((e) => !accountId || e.accountId === accountId);
  }
}
