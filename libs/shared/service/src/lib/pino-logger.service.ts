import type { LoggerService, LogLevel as NestLogLevel } from '@nestjs/common';
import type { Logger } from '@itops/shared/telemetry';

type PinoMethod = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

const NEST_TO_PINO: Record<NestLogLevel, PinoMethod> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

// Nest passes a stack trace as a plain string among the optional parameters.
const STACK_LINE = /\n\s+at /;

/**
 * Nest's LoggerService over our pino logger, so framework lines (routes mapped, errors
 * caught by Nest) are JSON with the same fields, redaction and trace ids as ours. Nest puts
 * the logging class's name last among the optional parameters; it becomes `context`.
 */
export class PinoLoggerService implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...optionalParams: unknown[]): void {
    this.write('log', message, optionalParams);
  }

  error(message: unknown, ...optionalParams: unknown[]): void {
    this.write('error', message, optionalParams);
  }

  warn(message: unknown, ...optionalParams: unknown[]): void {
    this.write('warn', message, optionalParams);
  }

  debug(message: unknown, ...optionalParams: unknown[]): void {
    this.write('debug', message, optionalParams);
  }

  verbose(message: unknown, ...optionalParams: unknown[]): void {
    this.write('verbose', message, optionalParams);
  }

  fatal(message: unknown, ...optionalParams: unknown[]): void {
    this.write('fatal', message, optionalParams);
  }

  /** Nest's level list becomes pino's lowest enabled level. */
  setLogLevels(levels: NestLogLevel[]): void {
    const order: NestLogLevel[] = ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'];
    const lowest = order.find((level) => levels.includes(level));
    this.logger.level = lowest ? NEST_TO_PINO[lowest] : 'silent';
  }

  private write(level: NestLogLevel, message: unknown, optionalParams: unknown[]): void {
    const method = NEST_TO_PINO[level];
    if (!this.logger.isLevelEnabled(method)) return;
    const params = [...optionalParams];
    const fields: Record<string, unknown> = {};
    const last = params[params.length - 1];
    if (typeof last === 'string' && !STACK_LINE.test(last)) {
      fields['context'] = last;
      params.pop();
    }
    const stackIndex = params.findIndex((param) => typeof param === 'string' && STACK_LINE.test(param));
    const stack = stackIndex >= 0 ? (params.splice(stackIndex, 1)[0] as string) : undefined;
    const extra = params.filter((param) => param !== undefined);
    if (extra.length > 0) fields['args'] = extra;

    if (message instanceof Error) {
      this.logger[method]({ ...fields, err: message }, message.message);
    } else if (message !== null && typeof message === 'object') {
      this.logger[method]({ ...fields, ...(message as Record<string, unknown>) });
    } else {
      if (stack) fields['err'] = { message: String(message), stack };
      this.logger[method](fields, String(message));
    }
  }
}
