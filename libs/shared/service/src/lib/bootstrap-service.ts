import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createLogger, ServiceMetrics, type Logger, type LogLevel, type Telemetry } from '@itops/shared/telemetry';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ReadinessService } from './health/readiness.service';
import { PinoLoggerService } from './pino-logger.service';
import { ServiceExceptionFilter } from './service-exception.filter';

export interface BootstrapServiceOptions {
  /** The service name: the `service` field of logs and label of metrics. */
  name: string;
  /** The application's root module. */
  module: Type<unknown> | DynamicModule;
  /** HTTP port; 0 picks a free one (specs). */
  port: number;
  /** Interface to listen on; default all. */
  host?: string;
  /** Default: `createLogger({ service: name, level: logLevel })`. */
  logger?: Logger;
  /** Level of the default logger (ITOPS_LOG_LEVEL); default info. */
  logLevel?: LogLevel;
  /** Flushed last on shutdown, after Nest's hooks have run. */
  telemetry?: Pick<Telemetry, 'shutdown'>;
  /** Prefix for the application's routes; health and metrics routes stay where probes look. */
  globalPrefix?: string;
  /** Runs before listening: pipes, `connectMicroservice(...)` for Kafka handlers and the like. */
  configure?: (app: INestApplication) => void | Promise<void>;
  /** The whole shutdown must finish within this, else the process exits 1; default 20 000 ms. */
  shutdownTimeoutMs?: number;
  /** In-flight HTTP requests get this long before their connections are cut; default 10 000 ms. */
  httpDrainTimeoutMs?: number;
  /** Listen for SIGTERM and SIGINT; default true. */
  handleSignals?: boolean;
  /** How the process ends; default `process.exit`. Specs pass a spy. */
  exit?: (code: number) => void;
}

export interface RunningService {
  app: INestApplication;
  /** The port actually listened on. */
  port: number;
  /**
   * The graceful shutdown that SIGTERM and SIGINT trigger; resolves with the exit code it
   * ended the process with. Calling it again returns the same promise.
   */
  shutdown(signal?: string): Promise<number>;
}

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * Creates, starts and later stops a service's Nest HTTP application the same way everywhere:
 * JSON logs through pino, the shared error shape, Kafka microservices started (if configured),
 * and a graceful shutdown on SIGTERM/SIGINT:
 *
 * 1. readiness answers 503 and the HTTP server stops accepting connections; requests in flight
 *    finish (their connections are cut after `httpDrainTimeoutMs`);
 * 2. `app.close()`: onModuleDestroy, beforeApplicationShutdown, the microservices (Kafka
 *    consumers) closed, onApplicationShutdown (outbox relay drained, clients and pools closed);
 * 3. telemetry flushed; exit 0.
 *
 * Anything that fails, or the whole not finishing within `shutdownTimeoutMs`, exits 1.
 *
 * Nest's own `enableShutdownHooks()` is deliberately not used: it runs the module hooks while
 * HTTP still takes requests, closes the server only afterwards, and ends by re-raising the
 * signal (exit status 143) with no room for the telemetry flush.
 */
export async function bootstrapService(options: BootstrapServiceOptions): Promise<RunningService> {
  const logger = options.logger ?? createLogger({ service: options.name, level: options.logLevel });
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let app: INestApplication;
  try {
    app = await NestFactory.create(options.module, {
      logger: new PinoLoggerService(logger),
      // Without this Nest calls process.abort() on a failed start; we log and exit 1 instead.
      abortOnError: false,
    });
    app.useGlobalFilters(new ServiceExceptionFilter(logger));
    if (options.globalPrefix) {
      app.setGlobalPrefix(options.globalPrefix, { exclude: ['health/live', 'health/ready', 'metrics'] });
    }
    optional(app, ServiceMetrics)?.setService(options.name);
    await options.configure?.(app);
    await app.startAllMicroservices();
    if (options.host) await app.listen(options.port, options.host);
    else await app.listen(options.port);
  } catch (error) {
    logger.fatal({ err: error }, 'failed to start');
    await options.telemetry?.shutdown().catch(() => undefined);
    logger.flush();
    exit(1);
    throw error;
  }

  const server = app.getHttpServer() as Server;
  const openResponses = trackOpenResponses(server);
  const port = (server.address() as AddressInfo).port;
  logger.info({ port, host: options.host ?? 'all interfaces' }, `listening on port ${port}`);

  let stopping: Promise<number> | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      // A second Ctrl-C: the operator does not want to wait.
      logger.warn({ signal }, 'second signal during shutdown; exiting now');
      logger.flush();
      exit(1);
      return;
    }
    void shutdown(signal);
  };

  const shutdown = (signal = 'shutdown'): Promise<number> => {
    stopping ??= stop(signal);
    return stopping;
  };

  const stop = async (signal: string): Promise<number> => {
    const timeoutMs = options.shutdownTimeoutMs ?? 20_000;
    logger.info({ signal, timeoutMs }, 'shutting down');
    // Not unref'd: a hook hanging on a promise with nothing else pending would otherwise let
    // the process end quietly with status 0.
    const deadline = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown did not finish in time; exiting');
      logger.flush();
      exit(1);
    }, timeoutMs);
    let code = 0;
    try {
      optional(app, ReadinessService)?.beginShutdown();
      await closeHttpServer(server, openResponses, options.httpDrainTimeoutMs ?? 10_000);
      logger.info('http server closed');
      await app.close();
      await options.telemetry?.shutdown();
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      code = 1;
    } finally {
      clearTimeout(deadline);
      for (const name of SIGNALS) process.removeListener(name, onSignal);
    }
    logger.info({ code }, 'stopped');
    logger.flush();
    exit(code);
    return code;
  };

  if (options.handleSignals ?? true) {
    for (const name of SIGNALS) process.on(name, onSignal);
  }
  return { app, port, shutdown };
}

/** The responses not yet finished, so shutdown can tell their clients not to come back. */
function trackOpenResponses(server: Server): Set<ServerResponse> {
  const open = new Set<ServerResponse>();
  server.on('request', (_request: IncomingMessage, response: ServerResponse) => {
    open.add(response);
    response.once('close', () => open.delete(response));
  });
  return open;
}

/**
 * Stops accepting connections and resolves when those open have ended. A keep-alive
 * connection would stay open after its last answer until the client's idle timeout, so every
 * answer still to be written says `Connection: close`, and idle connections are closed now.
 */
function closeHttpServer(server: Server, openResponses: Set<ServerResponse>, drainTimeoutMs: number): Promise<void> {
  if (!server.listening) return Promise.resolve();
  const closeAfterAnswer = (response: ServerResponse): void => {
    if (!response.headersSent) response.setHeader('Connection', 'close');
  };
  for (const response of openResponses) closeAfterAnswer(response);
  // Requests can still arrive on connections that were open before the close.
  server.on('request', (_request: IncomingMessage, response: ServerResponse) => closeAfterAnswer(response));
  return new Promise((resolve) => {
    const cut = setTimeout(() => server.closeAllConnections(), drainTimeoutMs);
    server.close(() => {
      clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
  });
}

function optional<T>(app: INestApplication, token: Type<T>): T | undefined {
  try {
    return app.get(token, { strict: false });
  } catch {
    return undefined;
  }
}
