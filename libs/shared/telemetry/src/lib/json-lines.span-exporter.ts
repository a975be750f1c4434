import { SpanKind, SpanStatusCode, type HrTime } from '@opentelemetry/api';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-node';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** One line of the trace file, as the end-to-end tests read it. */
export interface TraceFileLine {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: keyof typeof SpanKind;
  status: keyof typeof SpanStatusCode;
  startTime: string;
  durationMs: number;
  attributes: Record<string, unknown>;
}

// The export result codes of @opentelemetry/core, which is not a direct dependency.
const SUCCESS = 0;
const FAILED = 1;

/**
 * Appends one JSON line per finished span to a file, so tests can follow a request through
 * HTTP, Kafka and PostgreSQL across services. Every service of a test run may share one file:
 * each line is written with a single O_APPEND write, which does not interleave on a local
 * file system. Synchronous on purpose: it is a test aid, and a span written before the
 * process exits is never lost.
 */
export class JsonLinesSpanExporter implements SpanExporter {
  constructor(private readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
  }

  export(spans: ReadableSpan[], resultCallback: (result: { code: number; error?: Error }) => void): void {
    try {
      const text = spans.map((span) => `${JSON.stringify(toTraceFileLine(span))}\n`).join('');
      if (text) appendFileSync(this.path, text);
      resultCallback({ code: SUCCESS });
    } catch (error) {
      resultCallback({ code: FAILED, error: error as Error });
    }
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

export function toTraceFileLine(span: ReadableSpan): TraceFileLine {
  const { traceId, spanId } = span.spanContext();
  return {
    service: String(span.resource.attributes['service.name'] ?? 'unknown'),
    traceId,
    spanId,
    parentSpanId: span.parentSpanContext?.spanId ?? null,
    name: span.name,
    kind: SpanKind[span.kind] as keyof typeof SpanKind,
    status: SpanStatusCode[span.status.code] as keyof typeof SpanStatusCode,
    startTime: new Date(hrTimeToMilliseconds(span.startTime)).toISOString(),
    durationMs: hrTimeToMilliseconds(span.duration),
    attributes: { ...span.attributes },
  };
}

function hrTimeToMilliseconds([seconds, nanoseconds]: HrTime): number {
  return seconds * 1e3 + nanoseconds / 1e6;
}
