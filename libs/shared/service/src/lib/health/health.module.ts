import { Module, type DynamicModule, type MiddlewareConsumer, type NestModule, type Provider } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ServiceMetrics, createMetrics } from '@itops/shared/telemetry';
import { HealthController } from './health.controller';
import { HEALTH_MODULE_OPTIONS, type HealthModuleAsyncOptions, type HealthModuleOptions } from './health.options';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsController } from './metrics.controller';
import { ReadinessService } from './readiness.service';

const metricsProvider: Provider = {
  provide: ServiceMetrics,
  inject: [HEALTH_MODULE_OPTIONS],
  useFactory: (options: HealthModuleOptions) => options.metrics ?? createMetrics(),
};

/**
 * `GET /health/live`, `GET /health/ready`, `GET /metrics` (all public) and the HTTP request
 * duration histogram. Global, so any module can inject `ServiceMetrics` to add its series
 * and bootstrapService finds `ReadinessService` to fail readiness on shutdown.
 */
@Module({})
export class HealthModule implements NestModule {
  static forRoot(options: HealthModuleOptions = {}): DynamicModule {
    return HealthModule.build([{ provide: HEALTH_MODULE_OPTIONS, useValue: options }], []);
  }

  /** For checks that need injected dependencies (a DataSource, a Kafka consumer). */
  static forRootAsync(options: HealthModuleAsyncOptions): DynamicModule {
    return HealthModule.build(
      [{ provide: HEALTH_MODULE_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] }],
      options.imports ?? [],
    );
  }

  private static build(optionProviders: Provider[], imports: NonNullable<DynamicModule['imports']>): DynamicModule {
    return {
      module: HealthModule,
      global: true,
      // Readiness logs its own changes; terminus would log every failing probe.
      imports: [TerminusModule.forRoot({ logger: false }), ...imports],
      controllers: [HealthController, MetricsController],
      providers: [...optionProviders, metricsProvider, ReadinessService, HttpMetricsMiddleware],
      exports: [ServiceMetrics, ReadinessService],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*');
  }
}
