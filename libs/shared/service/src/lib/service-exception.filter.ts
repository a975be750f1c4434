import { Catch, HttpException, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Logger } from '@itops/shared/telemetry';
import { randomUUID } from 'node:crypto';

/** The body of every error answer: a stable code for programs, a message for people. */
export interface ErrorBody {
  code: string;
  message: string;
  details?: unknown;
  /** Only on 5xx: quote it to operations, it finds the logged error with its stack. */
  errorId?: string;
}

/**
 * What a domain exception offers the HTTP transport: each domain's exception class (one per
 * domain, with a code enum) carries the status its code maps to. Domain code never throws
 * Nest's HTTP exceptions; this shape is how it is mapped without the filter knowing the domains.
 */
export interface DomainError {
  httpStatus: number;
  code: string;
  message: string;
  details?: unknown;
}

export interface MappedError {
  status: number;
  body: ErrorBody;
  /** Set when the error is ours (5xx, not a deliberate HTTP answer) and must be logged. */
  logAsFailure: boolean;
}

export const INTERNAL_ERROR_CODE = 'INTERNAL';

export function isDomainError(error: unknown): error is DomainError {
  if (error === null || typeof error !== 'object') return false;
  const candidate = error as Partial<DomainError>;
  return (
    typeof candidate.code === 'string' &&
    typeof candidate.httpStatus === 'number' &&
    Number.isInteger(candidate.httpStatus) &&
    candidate.httpStatus >= 400 &&
    candidate.httpStatus <= 599
  );
}

/**
 * Maps anything thrown by a handler to a status and an ErrorBody:
 * - a domain error (`httpStatus` and `code`): that status, `{ code, message, details? }`;
 * - a Nest HttpException (guards, pipes, 404): its status; its `code` if it has one, else the
 *   status name (`NOT_FOUND`); validation message lists go to `details`;
 * - a client error from Express's body parsing (malformed JSON, body too large): its status;
 * - anything else: 500 `{ code: 'INTERNAL', message: 'internal error', errorId }`, because
 *   its message may hold internals or personal data.
 */
export function mapError(error: unknown, newErrorId: () => string = randomUUID): MappedError {
  if (isDomainError(error)) {
    const failure = error.httpStatus >= 500;
    return {
      status: error.httpStatus,
      body: {
        code: error.code,
        message: error.message,
        ...(error.details === undefined ? {} : { details: error.details }),
        ...(failure ? { errorId: newErrorId() } : {}),
      },
      logAsFailure: failure,
    };
  }
  if (error instanceof HttpException) {
    return { status: error.getStatus(), body: httpExceptionBody(error), logAsFailure: false };
  }
  if (isExposedClientError(error)) {
    return { status: error.status, body: { code: statusCode(error.status), message: error.message }, logAsFailure: false };
  }
  return {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    body: { code: INTERNAL_ERROR_CODE, message: 'internal error', errorId: newErrorId() },
    logAsFailure: true,
  };
}

interface HttpRequestLike {
  method?: string;
  path?: string;
  baseUrl?: string;
  route?: { path?: unknown };
}

interface HttpResponseLike {
  headersSent?: boolean;
  status(code: number): HttpResponseLike;
  json(body: unknown): unknown;
}

/** Global HTTP exception filter: every error answer has the ErrorBody shape. */
@Catch()
export class ServiceExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<HttpRequestLike>();
    const response = http.getResponse<HttpResponseLike>();
    const { status, body, logAsFailure } = mapError(exception);
    if (logAsFailure) {
      // The route template, never the URL: query strings and bodies can hold personal data.
      this.logger.error(
        { err: exception, errorId: body.errorId, method: request.method, route: routeOf(request), status },
        'request failed',
      );
    }
    if (response.headersSent) return;
    response.status(status).json(body);
  }
}

function httpExceptionBody(exception: HttpException): ErrorBody {
  const status = exception.getStatus();
  const response = exception.getResponse();
  if (typeof response === 'string') return { code: statusCode(status), message: response };
  const fields = response as Record<string, unknown>;
  const code = typeof fields['code'] === 'string' ? fields['code'] : statusCode(status);
  const message = fields['message'];
  if (Array.isArray(message)) {
    // ValidationPipe answers with a list of messages, one per field.
    return { code, message: 'the request is not valid: see details', details: message };
  }
  return {
    code,
    message: typeof message === 'string' ? message : exception.message,
    ...(fields['details'] === undefined ? {} : { details: fields['details'] }),
  };
}

/** http-errors (used by Express's body parsers) marks errors safe to show with `expose`. */
function isExposedClientError(error: unknown): error is { status: number; message: string } {
  if (!(error instanceof Error)) return false;
  const candidate = error as Error & { status?: unknown; expose?: unknown };
  return (
    candidate.expose === true &&
    typeof candidate.status === 'number' &&
    candidate.status >= 400 &&
    candidate.status < 500
  );
}

function statusCode(status: number): string {
  const name = (HttpStatus as unknown as Record<number, string | undefined>)[status];
  return name ?? `HTTP_${status}`;
}

export function routeOf(request: HttpRequestLike): string {
  const template = request.route?.path;
  if (typeof template === 'string') return `${request.baseUrl ?? ''}${template}`;
  return 'unmatched';
}
