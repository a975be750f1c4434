export { startTelemetry, type Telemetry, type TelemetryOptions } from './lib/tracing';
export {
  extractTraceContext,
  injectTraceHeaders,
  startConsumerSpan,
  startProducerSpan,
  withExtractedContext,
  type ConsumerSpanOptions,
  type KafkaHeaders,
  type KafkaHeaderValue,
  type ProducerSpanOptions,
} from './lib/kafka-trace-context';
export { createLogger, REDACTED_PATHS, type Logger, type LoggerOptions, type LogLevel } from './lib/logger';
export { REDACTED, containsPersonnummer, maskPersonalData, maskPersonnummer } from './lib/personal-data.mask';
export {
  createMetrics,
  DURATION_BUCKETS_SECONDS,
  ServiceMetrics,
  type ServiceMetricsOptions,
} from './lib/service-metrics';
export { JsonLinesSpanExporter, type TraceFileLine } from './lib/json-lines.span-exporter';
