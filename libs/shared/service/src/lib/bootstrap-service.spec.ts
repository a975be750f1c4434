import {
  Controller,
  Get,
  Injectable,
  Module,
  type BeforeApplicationShutdown,
  type OnApplicationShutdown,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { Public } from '@itops/shared/auth';
import { createLogger, type Logger } from '@itops/shared/telemetry';
import { bootstrapService, type BootstrapServiceOptions, type RunningService } from './bootstrap-service';
import { HealthModule } from './health/health.module';

/** What happened, in order, across the HTTP server, Nest's hooks and telemetry. */
let events: string[] = [];
let releaseSlowRequest: () => void = () => undefined;
let slowRequestStarted: Promise<void> = Promise.resolve();
let markSlowRequestStarted: () => void = () => undefined;
let hangOnDestroy = false;

@Public()
@Controller('work')
class WorkController {
  @Get('slow')
  async slow(): Promise<{ done: boolean }> {
    events.push('slow request started');
    markSlowRequestStarted();
    await new Promise<void>((resolve) => (releaseSlowRequest = resolve));
    events.push('slow request answered');
    return { done: true };
  }

  @Get('broken')
  broken(): never {
    throw new Error('unexpected');
  }
}

@Injectable()
class KafkaConsumerStub implements OnModuleDestroy, BeforeApplicationShutdown, OnApplicationShutdown {
  async onModuleDestroy(): Promise<void> {
    events.push('consumers stopped (onModuleDestroy)');
    if (hangOnDestroy) await new Promise(() => undefined);
  }

  beforeApplicationShutdown(): void {
    events.push('beforeApplicationShutdown');
  }

  onApplicationShutdown(): void {
    events.push('onApplicationShutdown');
  }
}

@Module({ imports: [HealthModule.forRoot()], controllers: [WorkController], providers: [KafkaConsumerStub] })
class WorkModule {}

@Injectable()
class FailingStart implements OnModuleInit {
  onModuleInit(): void {
    throw new Error('cannot reach the database');
  }
}

@Module({ providers: [FailingStart] })
class FailingModule {}

describe('bootstrapService', () => {
  let lines: Record<string, unknown>[];
  let logger: Logger;
  let exit: jest.Mock<void, [number]>;
  let running: RunningService | undefined;

  beforeEach(() => {
    events = [];
    hangOnDestroy = false;
    lines = [];
    logger = createLogger({ service: 'device', destination: { write: (chunk: string) => lines.push(JSON.parse(chunk)) } });
    exit = jest.fn<void, [number]>();
    slowRequestStarted = new Promise((resolve) => (markSlowRequestStarted = resolve));
  });

  afterEach(async () => {
    releaseSlowRequest();
    if (running && exit.mock.calls.length === 0) await running.shutdown();
    running = undefined;
  });

  function start(overrides: Partial<BootstrapServiceOptions> = {}): Promise<RunningService> {
    return bootstrapService({
      name: 'device',
      module: WorkModule,
      port: 0,
      host: '127.0.0.1',
      logger,
      exit,
      handleSignals: false,
      telemetry: { shutdown: async () => void events.push('telemetry flushed') },
      ...overrides,
    });
  }

  it('listens, logs the port, answers with the shared error shape and labels metrics with the service', async () => {
    running = await start();
    const base = `http://127.0.0.1:${running.port}`;
    expect(lines).toContainEqual(expect.objectContaining({ level: 'info', service: 'device', port: running.port, msg: `listening on port ${running.port}` }));
    // Nest's own start-up lines come through the pino adapter.
    expect(lines).toContainEqual(expect.objectContaining({ context: 'RoutesResolver' }));

    const broken = await fetch(`${base}/work/broken`);
    expect(broken.status).toBe(500);
    expect(await broken.json()).toMatchObject({ code: 'INTERNAL', message: 'internal error' });

    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('process_cpu_user_seconds_total{service="device"}');
  });

  it('on shutdown stops taking requests, lets the one in flight finish, runs the hooks, flushes telemetry and exits 0', async () => {
    running = await start();
    const base = `http://127.0.0.1:${running.port}`;
    const inFlight = fetch(`${base}/work/slow`);
    await slowRequestStarted;

    const startedAt = Date.now();
    const stopped = running.shutdown('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(fetch(`${base}/health/live`)).rejects.toThrow();
    expect(events).not.toContain('consumers stopped (onModuleDestroy)');

    releaseSlowRequest();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ done: true });

    await expect(stopped).resolves.toBe(0);
    // Well within the drain time: the answered request's connection did not hold the close up.
    expect(Date.now() - startedAt).toBeLessThan(2000);
    expect(events).toEqual([
      'slow request started',
      'slow request answered',
      'consumers stopped (onModuleDestroy)',
      'beforeApplicationShutdown',
      'onApplicationShutdown',
      'telemetry flushed',
    ]);
    expect(exit).toHaveBeenCalledTimes(1);
    expect(exit).toHaveBeenCalledWith(0);
    expect(lines.map((line) => line['msg'])).toEqual(expect.arrayContaining(['shutting down', 'http server closed', 'stopped']));
    expect(running.shutdown('SIGTERM')).toBe(stopped);
  });

  it('exits 1 when the shutdown does not finish in time', async () => {
    hangOnDestroy = true;
    running = await start({ shutdownTimeoutMs: 200 });
    void running.shutdown('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(exit).toHaveBeenCalledWith(1);
    expect(lines).toContainEqual(expect.objectContaining({ level: 'error', msg: 'shutdown did not finish in time; exiting' }));
    expect(events).not.toContain('telemetry flushed');
  });

  it('cuts connections that outlast the drain time', async () => {
    running = await start({ httpDrainTimeoutMs: 100 });
    const inFlight = fetch(`http://127.0.0.1:${running.port}/work/slow`);
    await slowRequestStarted;
    await expect(running.shutdown('SIGTERM')).resolves.toBe(0);
    await expect(inFlight).rejects.toThrow();
    expect(exit).toHaveBeenCalledWith(0);
  });

  it('shuts down on SIGTERM', async () => {
    running = await start({ handleSignals: true });
    process.emit('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(exit).toHaveBeenCalledWith(0);
    expect(events).toContain('onApplicationShutdown');
    expect(process.listeners('SIGTERM')).toHaveLength(0);
  });

  it('logs, exits 1 and rejects when the application cannot start', async () => {
    await expect(start({ module: FailingModule })).rejects.toThrow('cannot reach the database');
    expect(exit).toHaveBeenCalledWith(1);
    expect(lines).toContainEqual(expect.objectContaining({ level: 'fatal', msg: 'failed to start', err: expect.objectContaining({ message: 'cannot reach the database' }) }));
    expect(events).toEqual(['telemetry flushed']);
  });
});
