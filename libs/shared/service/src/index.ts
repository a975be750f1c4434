export {
  bootstrapService,
  type BootstrapServiceOptions,
  type RunningService,
} from './lib/bootstrap-service';
export { PinoLoggerService } from './lib/pino-logger.service';
export {
  INTERNAL_ERROR_CODE,
  ServiceExceptionFilter,
  isDomainError,
  mapError,
  type DomainError,
  type ErrorBody,
  type MappedError,
} from './lib/service-exception.filter';
export { HealthModule } from './lib/health/health.module';
export {
  DEFAULT_CHECK_TIMEOUT_MS,
  type HealthModuleAsyncOptions,
  type HealthModuleOptions,
  type ReadinessCheck,
  type ReadinessChecks,
} from './lib/health/health.options';
export { ReadinessService, SHUTDOWN_CHECK } from './lib/health/readiness.service';
export { HTTP_DURATION_METRIC } from './lib/health/http-metrics.middleware';
export { ServiceCoreModule, connectEventHandlers, type ServiceCoreOptions } from './lib/service-core.module';
export { DomainCodes } from './lib/domain-codes.interceptor';
export { IntervalJob, type IntervalJobSettings } from './lib/interval-job';
