import { isSpanContextValid, trace } from '@opentelemetry/api';
import pino, { type DestinationStream, type LevelWithSilent, type Logger as PinoLogger } from 'pino';
import { REDACTED, maskPersonalData } from './personal-data.mask';

export type Logger = PinoLogger;
export type LogLevel = LevelWithSilent;

export interface LoggerOptions {
  /** The service name, written on every line as `service`. */
  service: string;
  /** Lowest level written; default `info`. */
  level?: LogLevel;
  /** Where lines go; default standard output. Specs pass a stream they can read. */
  destination?: DestinationStream;
}

/**
 * Field paths whose values never reach a log line, whatever they hold. pino's redaction
 * matches exact paths, one wildcard level deep; personnummer hidden deeper or inside free text
 * is caught by the pattern mask applied to every argument (see personal-data.mask.ts).
 */
export const REDACTED_PATHS: readonly string[] = [
  'personnummer',
  'personnr',
  'personalIdentityNumber',
  'password',
  'unicodePwd',
  'authorization',
  'cookie',
  'token',
  'accessToken',
  'refreshToken',
  'clientSecret',
  '*.personnummer',
  '*.personnr',
  '*.personalIdentityNumber',
  '*.password',
  '*.unicodePwd',
  '*.authorization',
  '*.cookie',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.clientSecret',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
];

/**
 * A pino JSON logger: one line per entry with `level` (label), ISO `time`, `service`,
 * `trace_id`/`span_id` of the active span, and personal data redacted (named fields) and
 * masked (personnummer-like numbers anywhere in messages, arguments and errors).
 */
export function createLogger(options: LoggerOptions): Logger {
  const pinoOptions: pino.LoggerOptions = {
    level: options.level ?? 'info',
    base: { service: options.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      // A label reads better than pino's number in every log viewer we use.
      level: (label) => ({ level: label }),
    },
    redact: { paths: [...REDACTED_PATHS], censor: REDACTED },
    serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
    mixin: traceContextFields,
    hooks: {
      logMethod(args, method) {
        // Masks the message, its interpolation values and the merged object before pino
        // formats them; runs ahead of the mixin, so trace ids are never touched.
        const masked = args.map((arg) => maskPersonalData(arg)) as Parameters<typeof method>;
        method.apply(this, masked);
      },
    },
  };
  const logger = options.destination ? pino(pinoOptions, options.destination) : pino(pinoOptions);
  maskChildBindings(logger);
  return logger;
}

function traceContextFields(): Record<string, string> {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const spanContext = span.spanContext();
  if (!isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}

// Child bindings (`logger.child({ ... })`) bypass the logMethod hook, so they are masked when
// the child is made. Children inherit this `child` from the logger they were made from.
function maskChildBindings(logger: Logger): void {
  const originalChild = logger.child;
  logger.child = function maskedChild(this: Logger, bindings, childOptions) {
    return originalChild.call(this, maskPersonalData(bindings), childOptions);
  } as Logger['child'];
}
