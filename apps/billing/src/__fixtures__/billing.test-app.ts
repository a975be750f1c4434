import { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { billingSchema } from '@itops/billing/data-access';
import { fetchDevToken, Role } from '@itops/shared/auth';
import { loadConfig } from '@itops/shared/config';
import { create, newEnvelope, Topics, UsageRecordedSchema } from '@itops/shared/contracts';
import type { EventContext } from '@itops/shared/messaging';
import { DataSource, runMigrations } from '@itops/shared/persistence';
import { connectEventHandlers, ServiceExceptionFilter } from '@itops/shared/service';
import { createLogger } from '@itops/shared/telemetry';
import { startServiceTestStack, uniqueName } from '@itops/shared/testing';
import { AppModule } from '../app.module';
import { billingConfigSchema } from '../billing.config';
import { UsageRecordedConsumer } from '../usage/usage-recorded.consumer';



/** A ledger item as metering announces it on metering.usage.v1. */
export interface LedgerItemFields {
  id: string;
  customerCode: string;
  offeringCode: string;
  subjectId: string;
  validFrom: string;
  validTo?: string;
  kind?: 'open' | 'close' | 'adjust';
  refersTo?: string;
  quantity?: string;
  subjectType?: string;
  /** Monthly unit cost for pass-through offerings (a licence at cost). */
  unitCostSek?: string;
}

export const usageEvent = (fields: LedgerItemFields) =>
  create(UsageRecordedSchema, {
    envelope: newEnvelope({ source: 'metering', eventType: Topics.meteringUsage.eventType }),
    ledgerItemId: fields.id,
    kind: fields.kind ?? 'open',
    refersTo: fields.refersTo ?? '',
    customerCode: fields.customerCode,
    offeringCode: fields.offeringCode,
    subjectType: fields.subjectType ?? 'account',
    subjectId: fields.subjectId,
    quantity: fields.quantity ?? '1',
    validFrom: fields.validFrom,
    validTo: fields.validTo ?? '',
    unitCostSek: fields.unitCostSek ?? '',
  });

export interface BillingTestApp {
  app: INestApplication;
  dataSource: DataSource;
  /** Bearer tokens of the dev issuer per role. */
  token(role: Role): Promise<string>;
  /** An authenticated request as admin unless another role is given. */
  http: (role?: Role) => Promise<{
    get(path: string): request.Test;
    post(path: string): request.Test;
  }>;
  /** Hands a usage event to the consumer as the Kafka transport does, in a transaction of its own. */
  record(fields: LedgerItemFields): Promise<void>;
  close(): Promise<void>;
}

/**
 * billing on its own fresh database of the local stack (real migrations, real Kafka through
 * the outbox), with its own dev issuer. With `consume`, it also consumes metering.usage.v1 from
 * the stack's Kafka under a consumer group of its own.
 */
export async function startBillingTestApp(options: { consume?: boolean; env?: Record<string, string> } = {}): Promise<BillingTestApp> {
  const stack = await startServiceTestStack('itops_t_billing', (pg) => runMigrations(pg, billingSchema));
  let app: INestApplication | undefined;
  const cleanUp = async () => {
    await app?.close();
    await stack.close();
  };
  try {
    const config = loadConfig(billingConfigSchema, {
      ...process.env,
      ...stack.env,
      ...options.env,
    });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.register(config)] }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ logger: false });
    app.useGlobalFilters(new ServiceExceptionFilter(createLogger({ service: 'billing', level: 'silent' })));
    (app as NestExpressApplication).useBodyParser('raw', { type: ['text/csv', 'application/octet-stream'], limit: '50mb' });
    if (options.consume) connectEventHandlers(app, uniqueName('billing-t'), [Topics.meteringUsage]);
    await app.init();
    if (options.consume) await app.startAllMicroservices();
  } catch (error) {
    await cleanUp();
    throw error;
  }
  const started = app;
  const dataSource = started.get(DataSource);
  const issuerUrl = stack.issuer.url;
  const tokens = new Map<Role, string>();
  const token = async (role: Role) => {
    const known = tokens.get(role) ?? (await fetchDevToken(role, { issuerUrl }));
    tokens.set(role, known);
    return known;
  };
  const consumer = started.get(UsageRecordedConsumer);
  return {
    app: started,
    dataSource,
    token,
    http: async (role = Role.Admin) => {
      const bearer = `Bearer ${await token(role)}`;
      return {
        get: (path: string) => request(started.getHttpServer()).get(path).set('Authorization', bearer),
        post: (path: string) => request(started.getHttpServer()).post(path).set('Authorization', bearer),
      };
    },
    record: (fields) =>
      dataSource.transaction(async (manager) => {
        const event = usageEvent(fields);
        const ctx: EventContext = {
          topic: Topics.meteringUsage.name,
          partition: 0,
          offset: '0',
          key: fields.id,
          eventId: event.envelope?.eventId ?? '',
          correlationId: event.envelope?.correlationId ?? '',
          manager,
        };
        await consumer.handle(event, ctx);
      }),
    close: cleanUp,
  };
}
