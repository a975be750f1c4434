import { Inject, Injectable, Logger } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { maskPersonnummer } from '@itops/shared/telemetry';
import { DEFAULT_CHECK_TIMEOUT_MS, HEALTH_MODULE_OPTIONS, type HealthModuleOptions } from './health.options';

/** The name under which readiness reports a service that is shutting down. */
export const SHUTDOWN_CHECK = 'shutdown';

/**
 * Runs the readiness checks as terminus health indicators. Knows when the service is shutting
 * down, so readiness fails at once and Kubernetes stops sending it traffic. Logs only when
 * readiness changes, not on every probe.
 */
@Injectable()
export class ReadinessService {
  private shuttingDown = false;
  private lastReady: boolean | undefined;
  private readonly logger = new Logger('Readiness');

  constructor(
    @Inject(HEALTH_MODULE_OPTIONS) private readonly options: HealthModuleOptions,
    private readonly indicators: HealthIndicatorService,
  ) {}

  /** From now on readiness answers 503; called first thing on SIGTERM. */
  beginShutdown(): void {
    this.shuttingDown = true;
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  /** One terminus indicator per check, plus the shutdown indicator while shutting down. */
  indicatorFunctions(): Array<() => Promise<HealthIndicatorResult>> {
    const timeoutMs = this.options.checkTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
    const functions = Object.entries(this.options.checks ?? {}).map(([name, check]) => async () => {
      const session = this.indicators.check(name);
      try {
        await withTimeout(check, timeoutMs);
        return session.up();
      } catch (error) {
        return session.down({ message: reason(error) });
      }
    });
    if (this.shuttingDown) {
      functions.push(async () => this.indicators.check(SHUTDOWN_CHECK).down({ message: 'the service is shutting down' }));
    }
    return functions;
  }

  /** Logs the result when it differs from the previous probe's. */
  record(ready: boolean, failing: Record<string, unknown>): void {
    if (ready === this.lastReady) return;
    this.lastReady = ready;
    if (ready) this.logger.log('ready');
    else this.logger.warn({ msg: 'not ready', failing });
  }
}

async function withTimeout(check: () => Promise<unknown>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([Promise.resolve().then(check), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return maskPersonnummer(message || 'check failed');
}
