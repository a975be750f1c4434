import { context, diag, propagation, trace, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  NodeTracerProvider,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import type { IncomingMessage } from 'node:http';
import { JsonLinesSpanExporter } from './json-lines.span-exporter';
import { maskPersonnummer } from './personal-data.mask';
import { PersonalDataMaskingSpanProcessor } from './personal-data-masking.span-processor';

export interface TelemetryOptions {
  /** The service's name in traces; the standard `OTEL_SERVICE_NAME`, when set, wins. */
  serviceName: string;
  serviceVersion?: string;
  /**
   * Base URL of an OTLP/HTTP collector (`/v1/traces` is appended). Default: the standard
   * `OTEL_EXPORTER_OTLP_ENDPOINT`; `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is used as it is.
   * No endpoint, no OTLP export.
   */
  otlpEndpoint?: string;
  /** File that receives one JSON line per finished span (tests). Default: `ITOPS_TRACE_FILE`. */
  traceFile?: string;
  /** Further exporters, each behind a simple (unbatched) processor; specs use an in-memory one. */
  spanExporters?: SpanExporter[];
  /** Patch http, express and pg; default true. */
  instrumentations?: boolean;
  /** Where the variables above are read; default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

export interface Telemetry {
  /** The name spans carry: use it for the logger and metrics too, so all three agree. */
  readonly serviceName: string;
  /** Exports every finished span still buffered. */
  forceFlush(): Promise<void>;
  /** Flushes, stops the exporters and unpatches the instrumented modules. */
  shutdown(): Promise<void>;
}

/** Requests that would only fill traces with probe noise. */
const UNTRACED_PATHS = ['/health/live', '/health/ready', '/metrics'];

let started: Telemetry | undefined;

/**
 * Starts tracing for this process: W3C trace context propagation, spans for incoming and
 * outgoing HTTP, Express routing and PostgreSQL queries, exported over OTLP/HTTP and/or to a
 * JSON-lines file. The instrumentations patch modules as they are loaded, so this must run
 * before express, pg or anything that loads them: call it from a file that the service's
 * main.ts imports first (`import './instrument';`).
 *
 * Calling it again returns the running instance.
 *
 * It reads its own standard OTEL_* variables (and ITOPS_TRACE_FILE) because it starts before
 * the service's configuration is loaded and validated.
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  if (started) return started;
  const env = options.env ?? process.env;
  const serviceName = nonEmpty(env['OTEL_SERVICE_NAME']) ?? options.serviceName;
  diag.setLogger(stderrDiagLogger, DiagLogLevel.WARN);

  const spanProcessors: SpanProcessor[] = [new PersonalDataMaskingSpanProcessor()];
  const otlpUrl = otlpTracesUrl(options.otlpEndpoint, env);
  if (otlpUrl) spanProcessors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url: otlpUrl })));
  const traceFile = options.traceFile ?? nonEmpty(env['ITOPS_TRACE_FILE']);
  if (traceFile) spanProcessors.push(new SimpleSpanProcessor(new JsonLinesSpanExporter(traceFile)));
  for (const exporter of options.spanExporters ?? []) spanProcessors.push(new SimpleSpanProcessor(exporter));

  // The provider is registered even with no exporter: spans then still give log lines their
  // trace_id and carry the trace on to Kafka and outgoing HTTP.
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: serviceName,
      ...(options.serviceVersion ? { [ATTR_SERVICE_VERSION]: options.serviceVersion } : {}),
    }),
    spanProcessors,
  });
  // The default propagator is W3C trace context (traceparent, tracestate) plus W3C baggage.
  provider.register();

  const instrumentations =
    options.instrumentations === false
      ? []
      : [
          new HttpInstrumentation({
            ignoreIncomingRequestHook: (request: IncomingMessage) =>
              UNTRACED_PATHS.includes((request.url ?? '').split('?')[0] ?? ''),
          }),
          // Body parsers and our own middleware add a span each to every request and tell nothing.
          new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE] }),
          // Statement text only, never the bound values: those hold personal data.
          new PgInstrumentation({ enhancedDatabaseReporting: false }),
        ];
  for (const instrumentation of instrumentations) {
    instrumentation.setTracerProvider(provider);
    instrumentation.enable();
  }

  const telemetry: Telemetry = {
    serviceName,
    forceFlush: () => provider.forceFlush(),
    shutdown: async () => {
      for (const instrumentation of instrumentations) instrumentation.disable();
      try {
        await provider.shutdown();
      } finally {
        trace.disable();
        propagation.disable();
        diag.disable();
        context.disable();
        started = undefined;
      }
    },
  };
  started = telemetry;
  return telemetry;
}

function otlpTracesUrl(endpoint: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const tracesEndpoint = endpoint === undefined ? nonEmpty(env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']) : undefined;
  if (tracesEndpoint) return tracesEndpoint;
  const base = endpoint ?? nonEmpty(env['OTEL_EXPORTER_OTLP_ENDPOINT']);
  return base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value?.trim() ? value.trim() : undefined;
}

// OpenTelemetry's own warnings (an exporter that cannot reach its collector) go to stderr as
// JSON, like the service's log lines, instead of being dropped.
const stderrDiagLogger: DiagLogger = {
  error: (message, ...args) => writeDiag('error', message, args),
  warn: (message, ...args) => writeDiag('warn', message, args),
  info: (message, ...args) => writeDiag('info', message, args),
  debug: (message, ...args) => writeDiag('debug', message, args),
  verbose: (message, ...args) => writeDiag('trace', message, args),
};

function writeDiag(level: string, message: string, args: unknown[]): void {
  const detail = args.map((arg) => (arg instanceof Error ? arg.message : String(arg))).join(' ');
  process.stderr.write(
    `${JSON.stringify({ level, time: new Date().toISOString(), source: 'opentelemetry', msg: maskPersonnummer(detail ? `${message} ${detail}` : message) })}\n`,
  );
}
