import { Logger as NestLogger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';

// The first characters of a failing statement say which one it was; its parameters never go
// out (they hold names, addresses and, in hr-feed, personal identity numbers).
const STATEMENT_CHARS = 160;

/**
 * TypeORM's own logger prints a failing query with its parameters to the console. This one
 * writes one structured line through the service's logger (pino, with its masking) naming the
 * statement, PostgreSQL's error code and message, and nothing of the values. A unique violation
 * is often the expected end of a race (two consumers taking the same name) that the caller
 * retries, so failures are warnings; the caller decides whether it is an error.
 */
export class QueryErrorLogger implements TypeOrmLogger {
  private readonly logger = new NestLogger('PostgreSQL');

  // TypeORM passes the parameters too; they are deliberately not read.
  logQueryError(error: string | Error, query: string, _parameters?: unknown[]): void {
    const err = typeof error === 'string' ? { message: error } : (error as Error & { code?: string });
    this.logger.warn({
      msg: 'query failed',
      statement: query.replace(/\s+/g, ' ').trim().slice(0, STATEMENT_CHARS),
      code: 'code' in err ? err.code : undefined,
      err: err.message,
    });
  }

  // Successful and slow queries are measured by the OpenTelemetry pg instrumentation, not logged.
  logQuery(): void {
    return undefined;
  }
  logQuerySlow(): void {
    return undefined;
  }
  logSchemaBuild(): void {
    return undefined;
  }
  logMigration(message: string): void {
    this.logger.log({ msg: 'migration', detail: message });
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn({ msg: 'typeorm', detail: String(message) });
  }
}
