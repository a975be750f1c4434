import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '@itops/shared/config';
import {
  AccountChanged,
  AccountChangedSchema,
  AccountEvent,
  ChangeKind,
  create,
  DeviceChanged,
  DeviceChangedSchema,
  EmploymentChanged,
  EmploymentChangedSchema,
  EmploymentForm,
  LicenceAction,
  LicenceAssignmentChanged,
  LicenceAssignmentChangedSchema,
  newEnvelope,
  Topics,
  UsageRecorded,
  validateEvent,
} from '@itops/shared/contracts';
import { codecFor, EventContext, OutboxRelay } from '@itops/shared/messaging';
import { DataSource, dataSourceOptions, runMigrations } from '@itops/shared/persistence';
import { ServiceExceptionFilter } from '@itops/shared/service';
import { createLogger } from '@itops/shared/telemetry';
import { createTestDatabase } from '@itops/shared/testing';
import { meteringSchema } from '@itops/metering/data-access';
import { AppModule } from '../app.module';
import { HeadcountResult, RecordHeadcount } from '../headcount/record-headcount.use-case';
import { meteringConfigSchema } from '../metering.config';
import { RecordAccountUsage } from '../usage/record-account-usage.use-case';
import { RecordDeviceUsage } from '../usage/record-device-usage.use-case';
import { RecordLicenceUsage } from '../usage/record-licence-usage.use-case';

export type EmploymentFields = Partial<Omit<EmploymentChanged, '$typeName' | '$unknown' | 'envelope'>>;
export type AccountFields = Partial<Omit<AccountChanged, '$typeName' | '$unknown' | 'envelope'>>;
export type LicenceFields = Partial<Omit<LicenceAssignmentChanged, '$typeName' | '$unknown' | 'envelope'>>;
export type DeviceFields = Partial<Omit<DeviceChanged, '$typeName' | '$unknown' | 'envelope'>>;

/** An instant at noon Stockholm time (winter, UTC+1) on a date: when HR made a change. */
export const noonOn = (date: string): Date => new Date(`${date}T11:00:00Z`);

/** An event's fields without its envelope and message type, to build another event from. */
const withoutEnvelope = <T extends object>(fields: T): T =>
  Object.fromEntries(Object.entries(fields).filter(([key]) => !['envelope', '$typeName', '$unknown'].includes(key))) as T;

/** A relay that never runs: the events stay in the outbox table, where the specs read them. */
const idleRelay = { start: () => undefined, stop: async () => undefined, nudge: () => undefined };

/**
 * metering on a fresh database of the local stack (real migrations), with its HTTP API, its use
 * cases and the stack's dev issuer for tokens. Kafka is connected, but the outbox is not relayed
 * and no consumer runs: specs hand events to the use cases (or to their own consumer on a topic
 * of their own), so nothing reaches or leaves the shared topics.
 */
export class MeteringTestApp {
  readonly run = randomBytes(3).toString('hex');
  private serial = 0;

  private constructor(
    readonly app: INestApplication,
    readonly dataSource: DataSource,
    /** The same database without query logging, for specs that make it refuse on purpose. */
    readonly quiet: DataSource,
    private readonly drop: () => Promise<void>,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<MeteringTestApp> {
    const db = await createTestDatabase('itops_t_metering');
    let app: INestApplication | undefined;
    try {
      await runMigrations(db.pg, meteringSchema);
      const config = loadConfig(meteringConfigSchema, { ...process.env, ITOPS_PG_DATABASE: db.pg.database, ...env });
      const moduleRef = await Test.createTestingModule({ imports: [AppModule.register(config)] })
        .overrideProvider(OutboxRelay)
        .useValue(idleRelay)
        .compile();
      app = moduleRef.createNestApplication({ logger: false });
      app.useGlobalFilters(new ServiceExceptionFilter(createLogger({ service: 'metering', level: 'silent' })));
      await app.init();
      const quiet = await new DataSource({ ...dataSourceOptions(db.pg, meteringSchema), logging: false }).initialize();
      return new MeteringTestApp(app, app.get(DataSource), quiet, db.drop);
    } catch (error) {
      await app?.close();
      await db.drop();
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.quiet.destroy();
    await this.app.close();
    await this.drop();
  }

  /** A person id of this run (pseudonymous, never a personnummer). */
  person(name: string): string {
    return `p-${this.run}-${name}`;
  }

  /** A valid hr.employment event; defaults: a permanent joiner at N138 from 2026-11-16, made in HR on 2026-11-02. */
  employmentEvent(fields: EmploymentFields = {}, occurredAt = noonOn('2026-11-02')): EmploymentChanged {
    const event = create(EmploymentChangedSchema, {
      envelope: newEnvelope({ source: 'hr-feed', eventType: Topics.hrEmployment.eventType, occurredAt }),
      employmentId: `E${this.run}${++this.serial}`,
      personId: this.person('anna'),
      kind: ChangeKind.JOINER,
      givenName: 'Anna',
      surname: 'Svensson',
      customerCode: 'N138',
      unitCode: 'U100',
      form: EmploymentForm.PERMANENT,
      employmentRate: 100,
      startDate: '2026-11-16',
      endDate: '',
      snapshotId: `snap-${this.run}`,
      ...fields,
    });
    expect(validateEvent(Topics.hrEmployment, event)).toEqual([]);
    return event;
  }

  /** The same employment changed later in HR: a new event (new id) with the fields changed. */
  changed(event: EmploymentChanged, fields: EmploymentFields, occurredAt: Date): EmploymentChanged {
    const rest = Object.fromEntries(Object.entries(event).filter(([key]) => !['envelope', '$typeName', '$unknown'].includes(key))) as EmploymentFields;
    return this.employmentEvent({ ...rest, ...fields }, occurredAt);
  }

  /** A valid identity.account event; defaults: an account of N138 enabled on 2026-11-03. */
  accountEvent(fields: AccountFields = {}, occurredAt = new Date()): AccountChanged {
    const event = create(AccountChangedSchema, {
      envelope: newEnvelope({ source: 'identity', eventType: Topics.identityAccount.eventType, occurredAt }),
      accountId: `a-${this.run}-${++this.serial}`,
      personId: this.person('anna'),
      kind: AccountEvent.ENABLED,
      samAccountName: `acc${this.run}`,
      userPrincipalName: `acc${this.run}@itops.test`,
      customerCode: 'N138',
      enabled: true,
      effectiveDate: '2026-11-03',
      ...fields,
    });
    expect(validateEvent(Topics.identityAccount, event)).toEqual([]);
    return event;
  }

  /** A valid licence.assignment event; defaults: an M365-E3 assigned to an account of N138 from 2026-11-03 at 389.00 SEK. */
  licenceEvent(fields: LicenceFields = {}): LicenceAssignmentChanged {
    const event = create(LicenceAssignmentChangedSchema, {
      assignmentId: `l-${this.run}-${++this.serial}`,
      accountId: `a-${this.run}-anna`,
      customerCode: 'N138',
      productCode: 'M365-E3',
      action: LicenceAction.ASSIGNED,
      effectiveDate: '2026-11-03',
      unitCostSek: '389.00',
      source: 'role',
      ...withoutEnvelope(fields),
      // Always a new event: a builder given another event's fields tells the same fact again.
      envelope: newEnvelope({ source: 'licence', eventType: Topics.licenceAssignment.eventType }),
    });
    expect(validateEvent(Topics.licenceAssignment, event)).toEqual([]);
    return event;
  }

  /** A valid device.device event; defaults: a PC of N138 assigned to an account on 2026-11-16. */
  deviceEvent(fields: DeviceFields = {}): DeviceChanged {
    const event = create(DeviceChangedSchema, {
      deviceId: `d-${this.run}-${++this.serial}`,
      serialNumber: `SN${this.run}${this.serial}`,
      deviceType: 'PC',
      customerCode: 'N138',
      accountId: `a-${this.run}-anna`,
      status: 'ASSIGNED',
      effectiveDate: '2026-11-16',
      model: 'Lenovo ThinkPad T14 Gen 5',
      ...withoutEnvelope(fields),
      envelope: newEnvelope({ source: 'device', eventType: Topics.deviceDevice.eventType }),
    });
    expect(validateEvent(Topics.deviceDevice, event)).toEqual([]);
    return event;
  }

  contextFor(event: { envelope?: { eventId: string } }, manager: EventContext['manager'], topic: string): EventContext {
    const eventId = event.envelope?.eventId ?? '';
    return { topic, partition: 0, offset: '0', key: null, eventId, correlationId: eventId, manager };
  }

  /** Handles an employment event as the consumer does, in one transaction (without the inbox). */
  handleEmployment(event: EmploymentChanged): Promise<HeadcountResult> {
    return this.dataSource.transaction((manager) => this.app.get(RecordHeadcount).execute(event, this.contextFor(event, manager, Topics.hrEmployment.name)));
  }

  handleAccount(event: AccountChanged): Promise<unknown> {
    return this.dataSource.transaction((manager) => this.app.get(RecordAccountUsage).execute(event, this.contextFor(event, manager, Topics.identityAccount.name)));
  }

  handleLicence(event: LicenceAssignmentChanged): Promise<unknown> {
    return this.dataSource.transaction((manager) => this.app.get(RecordLicenceUsage).execute(event, this.contextFor(event, manager, Topics.licenceAssignment.name)));
  }

  handleDevice(event: DeviceChanged): Promise<unknown> {
    return this.dataSource.transaction((manager) => this.app.get(RecordDeviceUsage).execute(event, this.contextFor(event, manager, Topics.deviceDevice.name)));
  }

  /** The metering.usage.v1 events written to the outbox, oldest first. */
  async usageEvents(): Promise<UsageRecorded[]> {
    const codec = codecFor(Topics.meteringUsage);
    const rows: Array<{ payload: Buffer }> = await this.dataSource.query('SELECT payload FROM outbox_message WHERE topic = $1 ORDER BY id', [Topics.meteringUsage.name]);
    return rows.map((row) => codec.decode(row.payload));
  }
}
