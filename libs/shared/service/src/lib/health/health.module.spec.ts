import { Controller, Get, Injectable, Module, Param, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AuthModule, Role, Roles } from '@itops/shared/auth';
import { createMetrics, ServiceMetrics } from '@itops/shared/telemetry';
import request from 'supertest';
import { HealthModule } from './health.module';
import type { HealthModuleOptions } from './health.options';
import { ReadinessService } from './readiness.service';

@Controller('accounts')
class AccountsController {
  @Get(':id')
  @Roles(Role.Operator)
  get(@Param('id') id: string): { id: string } {
    return { id };
  }
}

async function start(options: HealthModuleOptions): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    // The real auth guard, with a key set that is never fetched: the probes must pass
    // without a token, and the other routes must not.
    imports: [
      AuthModule.forRoot({ issuer: 'http://127.0.0.1:9/issuer', audience: 'itops', jwksUrl: 'http://127.0.0.1:9/jwks' }),
      HealthModule.forRoot(options),
    ],
    controllers: [AccountsController],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

describe('HealthModule', () => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('answers liveness without a token', async () => {
    app = await start({});
    await request(app.getHttpServer()).get('/health/live').expect(200, { status: 'ok' });
  });

  it('is ready when every check resolves', async () => {
    app = await start({ checks: { database: async () => undefined, kafka: async () => 'connected' } });
    const response = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(response.body).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' }, kafka: { status: 'up' } },
      error: {},
    });
  });

  it('answers 503 naming the failing check and its reason', async () => {
    app = await start({
      checks: {
        database: async () => undefined,
        kafka: async () => {
          throw new Error('consumer group identity not connected');
        },
      },
    });
    const response = await request(app.getHttpServer()).get('/health/ready').expect(503);
    expect(response.body).toMatchObject({
      status: 'error',
      info: { database: { status: 'up' } },
      error: { kafka: { status: 'down', message: 'consumer group identity not connected' } },
    });
    expect(Object.keys(response.body.error)).toEqual(['kafka']);
  });

  it('counts a check that does not answer in time as down', async () => {
    app = await start({ checkTimeoutMs: 50, checks: { ldap: () => new Promise(() => undefined) } });
    const response = await request(app.getHttpServer()).get('/health/ready').expect(503);
    expect(response.body.error).toEqual({ ldap: { status: 'down', message: 'no answer within 50 ms' } });
  });

  it('builds its checks from injected dependencies with forRootAsync', async () => {
    @Injectable()
    class Broker {
      connected = false;
    }
    @Module({ providers: [Broker], exports: [Broker] })
    class BrokerModule {}

    const moduleRef = await Test.createTestingModule({
      imports: [
        BrokerModule,
        HealthModule.forRootAsync({
          imports: [BrokerModule],
          inject: [Broker],
          useFactory: (broker: Broker) => ({
            checks: {
              kafka: async () => {
                if (!broker.connected) throw new Error('not connected');
              },
            },
          }),
        }),
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    await request(app.getHttpServer()).get('/health/ready').expect(503);
    app.get(Broker).connected = true;
    await request(app.getHttpServer()).get('/health/ready').expect(200);
  });

  it('fails readiness once shutdown has begun', async () => {
    app = await start({ checks: { database: async () => undefined } });
    app.get(ReadinessService).beginShutdown();
    const response = await request(app.getHttpServer()).get('/health/ready').expect(503);
    expect(response.body.error).toEqual({ shutdown: { status: 'down', message: 'the service is shutting down' } });
  });

  it('masks a personnummer in a check failure', async () => {
    app = await start({
      checks: {
        directory: async () => {
          throw new Error('lookup of 19800101-1234 failed');
        },
      },
    });
    const response = await request(app.getHttpServer()).get('/health/ready').expect(503);
    expect(JSON.stringify(response.body)).not.toContain('19800101');
  });

  it('serves Prometheus text on /metrics with HTTP durations by route template', async () => {
    const metrics = createMetrics({ service: 'identity' });
    app = await start({ metrics });
    const server = app.getHttpServer();
    await request(server).get('/accounts/4711').expect(401);
    await request(server).get('/no/such/route').expect(404);
    await request(server).get('/health/live').expect(200);

    const response = await request(server).get('/metrics').expect(200);
    expect(response.headers['content-type']).toContain('text/plain');
    const text = response.text;
    expect(text).toContain('http_server_request_duration_seconds_count{service="identity",method="GET",route="/accounts/:id",status_code="401"} 1');
    expect(text).toContain('http_server_request_duration_seconds_count{service="identity",method="GET",route="unmatched",status_code="404"} 1');
    expect(text).toContain('http_server_request_duration_seconds_count{service="identity",method="GET",route="/health/live",status_code="200"} 1');
    expect(text).not.toContain('4711');
    expect(text).toContain('process_resident_memory_bytes{service="identity"}');
    expect(app.get(ServiceMetrics)).toBe(metrics);
  });

  it('keeps the other routes behind the auth guard', async () => {
    app = await start({});
    await request(app.getHttpServer()).get('/accounts/1').expect(401);
  });
});
