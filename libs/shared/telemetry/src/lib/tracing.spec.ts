import { SpanKind, trace } from '@opentelemetry/api';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TraceFileLine } from './json-lines.span-exporter';
import { startTelemetry } from './tracing';

describe('startTelemetry', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'itops-trace-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function readLines(file: string): TraceFileLine[] {
    return readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as TraceFileLine);
  }

  it('appends one JSON line per finished span to ITOPS_TRACE_FILE', async () => {
    const file = join(dir, 'nested', 'traces.jsonl');
    const telemetry = startTelemetry({ serviceName: 'billing', instrumentations: false, env: { ITOPS_TRACE_FILE: file } });
    try {
      const tracer = trace.getTracer('spec');
      tracer.startActiveSpan('billing run', { kind: SpanKind.SERVER, attributes: { 'billing.period': '2025-01' } }, (parent) => {
        tracer.startSpan('price lines', { kind: SpanKind.INTERNAL }).end();
        parent.end();
      });
    } finally {
      await telemetry.shutdown();
    }

    const [child, parent] = readLines(file);
    expect(parent).toMatchObject({
      service: 'billing',
      name: 'billing run',
      kind: 'SERVER',
      status: 'UNSET',
      parentSpanId: null,
      attributes: { 'billing.period': '2025-01' },
    });
    expect(child).toMatchObject({ service: 'billing', name: 'price lines', kind: 'INTERNAL', traceId: parent?.traceId, parentSpanId: parent?.spanId });
    expect(parent?.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(parent?.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(typeof parent?.durationMs).toBe('number');
    expect(Date.parse(parent?.startTime ?? '')).not.toBeNaN();
  });

  it('masks personal data in span attributes before they are written', async () => {
    const file = join(dir, 'traces.jsonl');
    const telemetry = startTelemetry({ serviceName: 'identity', instrumentations: false, traceFile: file, env: {} });
    trace
      .getTracer('spec')
      .startSpan('GET /persons', { attributes: { 'url.query': 'personnummer=19800101-1234', 'db.rows': 3 } })
      .end();
    await telemetry.shutdown();

    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('19800101');
    expect(readLines(file)[0]?.attributes).toEqual({ 'url.query': 'personnummer=[redacted]', 'db.rows': 3 });
  });

  it('writes no file when neither ITOPS_TRACE_FILE nor an endpoint is set, yet still makes spans', async () => {
    const telemetry = startTelemetry({ serviceName: 'device', instrumentations: false, env: {} });
    const span = trace.getTracer('spec').startSpan('work');
    expect(span.isRecording()).toBe(true);
    span.end();
    await telemetry.shutdown();
    expect(existsSync(join(dir, 'traces.jsonl'))).toBe(false);
  });

  it('takes the service name from OTEL_SERVICE_NAME when it is set', async () => {
    const file = join(dir, 'traces.jsonl');
    const telemetry = startTelemetry({ serviceName: 'identity', instrumentations: false, traceFile: file, env: { OTEL_SERVICE_NAME: 'identity-eu' } });
    expect(telemetry.serviceName).toBe('identity-eu');
    trace.getTracer('spec').startSpan('work').end();
    await telemetry.shutdown();
    expect(readLines(file)[0]?.service).toBe('identity-eu');
  });

  it('returns the running instance when called twice, and starts afresh after shutdown', async () => {
    const first = startTelemetry({ serviceName: 'licence', instrumentations: false, env: {} });
    expect(startTelemetry({ serviceName: 'other', instrumentations: false, env: {} })).toBe(first);
    await first.shutdown();
    const second = startTelemetry({ serviceName: 'licence', instrumentations: false, env: {} });
    expect(second).not.toBe(first);
    await second.shutdown();
  });
});
