import {
  SpanKind,
  SpanStatusCode,
  context,
  propagation,
  trace,
  type Attributes,
  type Context,
  type Span,
  type TextMapGetter,
} from '@opentelemetry/api';

/** A Kafka header value as kafkajs gives it to a consumer. */
export type KafkaHeaderValue = string | Buffer | ReadonlyArray<string | Buffer> | undefined;
export type KafkaHeaders = Readonly<Record<string, KafkaHeaderValue>>;

export interface ConsumerSpanOptions {
  partition?: number;
  offset?: string | number;
  consumerGroup?: string;
  /** The event id from the envelope. Never the key when it could identify a person directly. */
  messageId?: string;
}

export interface ProducerSpanOptions {
  partition?: number;
  messageId?: string;
}

// Our Kafka code is our own (kafkajs behind an adapter, an outbox relay), so no
// instrumentation sees it: these helpers carry the W3C trace context in message headers and
// make the PRODUCER and CONSUMER spans with the messaging semantic conventions.
const tracer = trace.getTracer('@itops/shared/telemetry');

const headerGetter: TextMapGetter<KafkaHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const value = carrier[key] ?? carrier[findKeyIgnoringCase(carrier, key) ?? key];
    if (value === undefined) return undefined;
    const first = Array.isArray(value) ? value[0] : value;
    return first === undefined ? undefined : first.toString();
  },
};

/** `traceparent` (and `tracestate`) for the active context, to put on an outgoing message. */
export function injectTraceHeaders(from: Context = context.active()): Record<string, string> {
  const headers: Record<string, string> = {};
  propagation.inject(from, headers);
  return headers;
}

/** The context carried by a message's headers, over `base` (the active context by default). */
export function extractTraceContext(headers: KafkaHeaders | undefined, base: Context = context.active()): Context {
  return headers ? propagation.extract(base, headers, headerGetter) : base;
}

/** Runs `fn` in the context carried by the message headers (no span of its own). */
export function withExtractedContext<T>(headers: KafkaHeaders | undefined, fn: () => T): T {
  return context.with(extractTraceContext(headers), fn);
}

/**
 * Runs `fn` in a CONSUMER span "process <topic>" that continues the trace of the message
 * (the producer's span is its parent). The span ends when `fn` settles; an error is recorded
 * on it and rethrown.
 */
export function startConsumerSpan<T>(
  topic: string,
  headers: KafkaHeaders | undefined,
  fn: (span: Span) => T | Promise<T>,
  options: ConsumerSpanOptions = {},
): Promise<T> {
  const attributes: Attributes = {
    ...messagingAttributes(topic, 'process'),
    ...(options.partition === undefined ? {} : { 'messaging.destination.partition.id': String(options.partition) }),
    ...(options.offset === undefined ? {} : { 'messaging.kafka.offset': Number(options.offset) }),
    ...(options.consumerGroup ? { 'messaging.consumer.group.name': options.consumerGroup } : {}),
    ...(options.messageId ? { 'messaging.message.id': options.messageId } : {}),
  };
  return tracer.startActiveSpan(
    `process ${topic}`,
    { kind: SpanKind.CONSUMER, attributes },
    extractTraceContext(headers),
    (span) => runInSpan(span, fn),
  );
}

/**
 * Runs `fn` in a PRODUCER span "send <topic>" and hands it the trace headers to put on the
 * message, so the consumer's span becomes a child of this one. An outbox relay first restores
 * the context saved with the outbox row (`withExtractedContext`) and sends inside that.
 */
export function startProducerSpan<T>(
  topic: string,
  fn: (headers: Record<string, string>, span: Span) => T | Promise<T>,
  options: ProducerSpanOptions = {},
): Promise<T> {
  const attributes: Attributes = {
    ...messagingAttributes(topic, 'send'),
    ...(options.partition === undefined ? {} : { 'messaging.destination.partition.id': String(options.partition) }),
    ...(options.messageId ? { 'messaging.message.id': options.messageId } : {}),
  };
  return tracer.startActiveSpan(`send ${topic}`, { kind: SpanKind.PRODUCER, attributes }, (span) =>
    runInSpan(span, (active) => fn(injectTraceHeaders(), active)),
  );
}

function messagingAttributes(topic: string, operation: 'send' | 'process'): Attributes {
  return {
    'messaging.system': 'kafka',
    'messaging.destination.name': topic,
    'messaging.operation.name': operation,
    'messaging.operation.type': operation,
  };
}

async function runInSpan<T>(span: Span, fn: (span: Span) => T | Promise<T>): Promise<T> {
  try {
    return await fn(span);
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    span.recordException(failure);
    span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
    throw error;
  } finally {
    span.end();
  }
}

function findKeyIgnoringCase(carrier: KafkaHeaders, key: string): string | undefined {
  const wanted = key.toLowerCase();
  return Object.keys(carrier).find((candidate) => candidate.toLowerCase() === wanted);
}
