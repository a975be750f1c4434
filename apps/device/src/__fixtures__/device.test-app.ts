import { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { fetchDevToken, Role } from '@itops/shared/auth';
import { loadConfig } from '@itops/shared/config';
import {
  AccountChanged,
  AccountChangedSchema,
  AccountEvent,
  create,
  DeviceChanged,
  EntitlementAction,
  EntitlementChanged,
  EntitlementChangedSchema,
  EntitlementKind,
  newEnvelope,
  Topics,
  validateEvent,
} from '@itops/shared/contracts';
import { codecFor, EventContext, OutboxRelay } from '@itops/shared/messaging';
import { DataSource, runMigrations } from '@itops/shared/persistence';
import { ServiceExceptionFilter } from '@itops/shared/service';
import { createLogger } from '@itops/shared/telemetry';
import { startServiceTestStack } from '@itops/shared/testing';
import { deviceSchema } from '@itops/device/data-access';
import { AppModule } from '../app.module';
import { deviceConfigSchema } from '../device.config';
import { DeviceEntitlements, EntitlementOutcome } from '../lifecycle/device-entitlements.use-case';
import { LeaverReturns } from '../lifecycle/leaver-returns.use-case';

export type AccountFields = Partial<Omit<AccountChanged, '$typeName' | '$unknown' | 'envelope'>>;
export type EntitlementFields = Partial<Omit<EntitlementChanged, '$typeName' | '$unknown' | 'envelope'>>;

/** The specs' clock: noon in Stockholm on Sunday 2026-11-22. */
export const SPEC_NOW = new Date('2026-11-22T11:00:00Z');
export const TODAY = '2026-11-22';

/** A relay that never runs: the events stay in the outbox table, where the specs read them. */
const idleRelay = { start: () => undefined, stop: async () => undefined, nudge: () => undefined };

/**
 * device on a fresh database of the local stack (real migrations), with its HTTP API behind the
 * real dev issuer, a fixed clock and the scheduled lease check off. The outbox is not relayed:
 * specs read device.device.v1 events from the outbox table, and hand identity's events to the
 * use cases (or to a consumer on a Kafka topic of their own).
 */
export class DeviceTestApp {
  private serial = 0;
  private readonly tokens = new Map<string, string>();

  private constructor(
    readonly app: INestApplication,
    readonly dataSource: DataSource,
    private readonly issuerUrl: string,
    private readonly cleanUp: () => Promise<void>,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<DeviceTestApp> {
    const stack = await startServiceTestStack('itops_t_device', (pg) => runMigrations(pg, deviceSchema));
    let app: INestApplication | undefined;
    const cleanUp = async () => {
      await app?.close();
      await stack.close();
    };
    try {
      const config = loadConfig(deviceConfigSchema, {
        ...process.env,
        ...stack.env,
        ITOPS_DEVICE_LEASE_CHECK_INTERVAL_SECONDS: '0',
        ...env,
      });
      const moduleRef = await Test.createTestingModule({ imports: [AppModule.register(config, () => SPEC_NOW)] })
        .overrideProvider(OutboxRelay)
        .useValue(idleRelay)
        .compile();
      app = moduleRef.createNestApplication<NestExpressApplication>({ logger: false });
      app.useGlobalFilters(new ServiceExceptionFilter(createLogger({ service: 'device', level: 'silent' })));
      (app as NestExpressApplication).useBodyParser('raw', { type: ['text/csv', 'application/octet-stream'], limit: '100mb' });
      await app.init();
      return new DeviceTestApp(app, app.get(DataSource), stack.issuer.url, cleanUp);
    } catch (error) {
      await cleanUp();
      throw error;
    }
  }

  close(): Promise<void> {
    return this.cleanUp();
  }

  async token(role: Role, customers?: string[]): Promise<string> {
    const key = `${role}:${customers?.join(',') ?? ''}`;
    const known = this.tokens.get(key) ?? (await fetchDevToken(role, { issuerUrl: this.issuerUrl, customers, subject: `spec-${role}` }));
    this.tokens.set(key, known);
    return known;
  }

  /** Authenticated requests as an operator unless another role is given. */
  async http(role = Role.Operator, customers?: string[]) {
    const bearer = `Bearer ${await this.token(role, customers)}`;
    const server = this.app.getHttpServer();
    return {
      get: (path: string) => request(server).get(path).set('Authorization', bearer),
      post: (path: string) => request(server).post(path).set('Authorization', bearer),
      csv: (path: string, text: string) => request(server).post(path).set('Authorization', bearer).set('Content-Type', 'text/csv').send(Buffer.from(text)),
    };
  }

  /** A valid identity.account event; defaults: a new enabled account of N138. */
  accountEvent(fields: AccountFields = {}): AccountChanged {
    const n = ++this.serial;
    const event = create(AccountChangedSchema, {
      envelope: newEnvelope({ source: 'identity', eventType: Topics.identityAccount.eventType }),
      accountId: uuidv7(),
      personId: `p-${uuidv7()}`,
      kind: AccountEvent.ENABLED,
      samAccountName: `dev${n}`,
      userPrincipalName: `user${n}.${Date.now().toString(36)}@itops.test`,
      customerCode: 'N138',
      enabled: true,
      effectiveDate: '2026-01-01',
      ...fields,
    });
    expect(validateEvent(Topics.identityAccount, event)).toEqual([]);
    return event;
  }

  /** The same account later: a new event with the fields changed. */
  accountChanged(event: AccountChanged, fields: AccountFields): AccountChanged {
    const rest = Object.fromEntries(Object.entries(event).filter(([key]) => !['envelope', '$typeName', '$unknown'].includes(key))) as AccountFields;
    return this.accountEvent({ ...rest, ...fields });
  }

  /** A valid identity.entitlement event; defaults: a PC granted by a role. */
  entitlementEvent(accountId: string, fields: EntitlementFields = {}): EntitlementChanged {
    const event = create(EntitlementChangedSchema, {
      envelope: newEnvelope({ source: 'identity', eventType: Topics.identityEntitlement.eventType }),
      accountId,
      customerCode: 'N138',
      kind: EntitlementKind.DEVICE,
      code: 'PC',
      action: EntitlementAction.GRANTED,
      cause: 'role:preschool-teacher@v1',
      effectiveDate: '2026-11-23',
      samAccountName: 'dev',
      ...fields,
    });
    expect(validateEvent(Topics.identityEntitlement, event)).toEqual([]);
    return event;
  }

  contextFor(event: AccountChanged | EntitlementChanged, manager: EventContext['manager'], topic: string): EventContext {
    const eventId = event.envelope?.eventId ?? '';
    return { topic, partition: 0, offset: '0', key: null, eventId, correlationId: eventId, manager };
  }

  /** Handles an account event as the consumer does, in one transaction (without the inbox). */
  handleAccount(event: AccountChanged): Promise<string[]> {
    return this.dataSource.transaction((manager) => this.app.get(LeaverReturns).execute(event, this.contextFor(event, manager, Topics.identityAccount.name)));
  }

  handleEntitlement(event: EntitlementChanged): Promise<EntitlementOutcome> {
    return this.dataSource.transaction((manager) => this.app.get(DeviceEntitlements).execute(event, this.contextFor(event, manager, Topics.identityEntitlement.name)));
  }

  /** An enabled account known to the service, with its UPN. */
  async account(fields: AccountFields = {}): Promise<AccountChanged> {
    const event = this.accountEvent(fields);
    await this.handleAccount(event);
    return event;
  }

  /** The device.device.v1 events written to the outbox, oldest first. */
  async deviceEvents(deviceId?: string): Promise<DeviceChanged[]> {
    const codec = codecFor(Topics.deviceDevice);
    const rows: Array<{ payload: Buffer }> = await this.dataSource.query(
      'SELECT payload FROM outbox_message WHERE topic = $1 AND ($2::text IS NULL OR message_key = $2) ORDER BY id',
      [Topics.deviceDevice.name, deviceId ?? null],
    );
    return rows.map((row) => codec.decode(row.payload));
  }

  /** A device's holdings (the billed days) as "customer offering from..to". */
  async holdings(deviceId: string): Promise<string[]> {
    const rows: Array<{ customer: string; offering: string; from: string; to: string | null }> = await this.dataSource.query(
      `SELECT customer_code AS customer, offering_code AS offering, to_char(valid_from, 'YYYY-MM-DD') AS "from", to_char(valid_to, 'YYYY-MM-DD') AS "to"
         FROM device_assignment WHERE device_id = $1 ORDER BY valid_from, id`,
      [deviceId],
    );
    return rows.map((r) => `${r.customer} ${r.offering} ${r.from}..${r.to ?? ''}`);
  }
}
