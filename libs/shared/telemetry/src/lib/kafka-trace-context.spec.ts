import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-node';
import {
  extractTraceContext,
  injectTraceHeaders,
  startConsumerSpan,
  startProducerSpan,
  withExtractedContext,
} from './kafka-trace-context';
import { startTelemetry, type Telemetry } from './tracing';

const TOPIC = 'hr.employment.v1';

describe('Kafka trace context', () => {
  const exporter = new InMemorySpanExporter();
  let telemetry: Telemetry;

  beforeAll(() => {
    telemetry = startTelemetry({ serviceName: 'hr-feed', instrumentations: false, env: {}, spanExporters: [exporter] });
  });
  afterEach(() => exporter.reset());
  afterAll(() => telemetry.shutdown());

  it('injects nothing without an active span', () => {
    expect(injectTraceHeaders()).toEqual({});
  });

  it('injects a W3C traceparent that extracts to the same trace and span', () => {
    trace.getTracer('spec').startActiveSpan('request', (span) => {
      const headers = injectTraceHeaders();
      const { traceId, spanId } = span.spanContext();
      expect(headers['traceparent']).toBe(`00-${traceId}-${spanId}-01`);
      // kafkajs hands header values to consumers as Buffers.
      const received = { traceparent: Buffer.from(headers['traceparent'] ?? '') };
      const extracted = trace.getSpanContext(extractTraceContext(received, context.active()));
      expect(extracted).toMatchObject({ traceId, spanId, isRemote: true });
      span.end();
    });
  });

  it('runs a function in the extracted context', () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const headers = { traceparent: `00-${traceId}-00f067aa0ba902b7-01` };
    const seen = withExtractedContext(headers, () => trace.getSpanContext(context.active())?.traceId);
    expect(seen).toBe(traceId);
  });

  it('makes the consumer span a child of the producer span, in the same trace', async () => {
    let sent: Record<string, string> = {};
    await startProducerSpan(TOPIC, async (headers) => {
      sent = headers;
    });
    // The consumer runs later, elsewhere: nothing but the headers links it to the producer.
    const handled = await context.with(context.active(), () =>
      startConsumerSpan(
        TOPIC,
        { traceparent: Buffer.from(sent['traceparent'] ?? '') },
        async (span) => span.spanContext().traceId,
        { partition: 3, offset: '42', consumerGroup: 'identity', messageId: '0190f5c2-6a3b-7cde-8f01-23456789abcd' },
      ),
    );

    const producer = exporter.getFinishedSpans().find((span) => span.kind === SpanKind.PRODUCER);
    const consumer = exporter.getFinishedSpans().find((span) => span.kind === SpanKind.CONSUMER);
    expect(producer?.name).toBe(`send ${TOPIC}`);
    expect(consumer?.name).toBe(`process ${TOPIC}`);
    expect(handled).toBe(producer?.spanContext().traceId);
    expect(consumer?.spanContext().traceId).toBe(producer?.spanContext().traceId);
    expect(consumer?.parentSpanContext?.spanId).toBe(producer?.spanContext().spanId);
    expect(sent['traceparent']).toContain(producer?.spanContext().spanId);
    expect(producer?.attributes).toMatchObject({ 'messaging.system': 'kafka', 'messaging.destination.name': TOPIC, 'messaging.operation.type': 'send' });
    expect(consumer?.attributes).toEqual({
      'messaging.system': 'kafka',
      'messaging.destination.name': TOPIC,
      'messaging.operation.name': 'process',
      'messaging.operation.type': 'process',
      'messaging.destination.partition.id': '3',
      'messaging.kafka.offset': 42,
      'messaging.consumer.group.name': 'identity',
      'messaging.message.id': '0190f5c2-6a3b-7cde-8f01-23456789abcd',
    });
  });

  it('continues the trace of an HTTP request through an outbox row to the consumer', async () => {
    let saved: Record<string, string> = {};
    const request = trace.getTracer('spec').startSpan('POST /employments');
    context.with(trace.setSpan(context.active(), request), () => {
      saved = injectTraceHeaders(); // stored with the outbox row
    });
    request.end();

    let sent: Record<string, string> = {};
    await withExtractedContext(saved, () => startProducerSpan(TOPIC, (headers) => void (sent = headers)));
    await startConsumerSpan(TOPIC, sent, () => undefined);

    const spans = exporter.getFinishedSpans();
    const producer = spans.find((span) => span.kind === SpanKind.PRODUCER);
    const consumer = spans.find((span) => span.kind === SpanKind.CONSUMER);
    expect(new Set(spans.map((span) => span.spanContext().traceId))).toEqual(new Set([request.spanContext().traceId]));
    expect(producer?.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
    expect(consumer?.parentSpanContext?.spanId).toBe(producer?.spanContext().spanId);
  });

  it('starts a new trace when the message carries none', async () => {
    const traceId = await startConsumerSpan(TOPIC, {}, (span) => span.spanContext().traceId);
    const [consumer] = exporter.getFinishedSpans();
    expect(consumer?.spanContext().traceId).toBe(traceId);
    expect(consumer?.parentSpanContext).toBeUndefined();
  });

  it('records a failure on the consumer span, masks personal data in it, and rethrows', async () => {
    await expect(
      startConsumerSpan(TOPIC, {}, () => {
        throw new Error('no employment for 19800101-1234');
      }),
    ).rejects.toThrow('no employment for 19800101-1234');
    const [consumer] = exporter.getFinishedSpans();
    expect(consumer?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'no employment for [redacted]' });
    expect(consumer?.events[0]?.attributes?.['exception.message']).toBe('no employment for [redacted]');
    expect(JSON.stringify(consumer?.events)).not.toContain('19800101');
  });
});
