import type { FactoryProvider, ModuleMetadata } from '@nestjs/common';
import type { ServiceMetrics } from '@itops/shared/telemetry';

/** Resolves when the dependency is ready; throws (with a reason) when it is not. */
export type ReadinessCheck = () => Promise<unknown>;

/** Readiness checks by name: `{ database: () => dataSource.query('select 1') }`. */
export type ReadinessChecks = Record<string, ReadinessCheck>;

export interface HealthModuleOptions {
  checks?: ReadinessChecks;
  /** A check that has not settled by then counts as down; default 3000 ms. */
  checkTimeoutMs?: number;
  /**
   * The registry behind `GET /metrics` and the HTTP duration histogram. Default: a new one;
   * bootstrapService labels it with the service name. Inject `ServiceMetrics` to add series.
   */
  metrics?: ServiceMetrics;
}

export interface HealthModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  // Nest's factory providers take whatever their `inject` list resolves to.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  useFactory: (...deps: any[]) => HealthModuleOptions | Promise<HealthModuleOptions>;
  inject?: FactoryProvider['inject'];
}

export const HEALTH_MODULE_OPTIONS = Symbol('itops:health-module-options');

export const DEFAULT_CHECK_TIMEOUT_MS = 3000;
