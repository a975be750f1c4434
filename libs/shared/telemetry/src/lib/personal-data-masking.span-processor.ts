import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-node';
import { maskPersonalData, maskPersonnummer } from './personal-data.mask';

/**
 * Masks personnummer-like numbers in span attributes, event attributes (recorded exceptions)
 * and the status message before any exporter sees the span. Instrumentations record URLs,
 * SQL text and error messages, any of which can carry one. It must be the first processor:
 * processors see a finished span in the order they were registered.
 */
export class PersonalDataMaskingSpanProcessor implements SpanProcessor {
  onStart(_span: Span, _parentContext: Context): void {
    // Attributes are still being written while the span runs; they are masked at the end.
  }

  onEnd(span: ReadableSpan): void {
    maskAttributes(span.attributes);
    for (const event of span.events) {
      if (event.attributes) maskAttributes(event.attributes);
    }
    if (span.status.message) span.status.message = maskPersonnummer(span.status.message);
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

// A finished span no longer accepts setAttribute, but its attribute map is a plain object that
// the exporters read after this processor; masking it in place is what reaches them.
function maskAttributes(attributes: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(attributes)) {
    if (typeof value === 'string' || typeof value === 'number' || Array.isArray(value)) {
      attributes[key] = maskPersonalData(value);
    }
  }
}
