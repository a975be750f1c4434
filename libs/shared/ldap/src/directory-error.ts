import { AdminLimitExceededError, BusyError, ResultCodeError, TimeLimitExceededError, UnavailableError } from 'ldapts';

/**
 * How a failed directory call should be treated:
 * - `transient`: the DC could not be reached or was busy; the same call may well succeed later.
 * - `refused`: the DC read the request and said no (constraint, syntax, naming, access): the
 *   same request will fail again until the data or the directory changes.
 * - `unknown`: anything else (TLS set-up, a bug); the caller decides.
 */
export type DirectoryFailure = 'transient' | 'refused' | 'unknown';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'EAI_AGAIN', 'ECONNABORTED']);
// ldapts reports timeouts and dropped connections as plain Errors with these messages.
const CONNECTION_MESSAGES = /Operation timed out|Connection timeout|Connection closed|Socket error|Socket connection not established/;

export function classifyDirectoryError(error: unknown): DirectoryFailure {
  if (error instanceof BusyError || error instanceof UnavailableError || error instanceof TimeLimitExceededError || error instanceof AdminLimitExceededError) {
    return 'transient';
  }
  if (error instanceof ResultCodeError) return 'refused';
  if (typeof error === 'object' && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return 'transient';
    if (error instanceof Error && CONNECTION_MESSAGES.test(error.message)) return 'transient';
  }
  return 'unknown';
}

/**
 * A description of a directory error without the DC's own message text, which can quote the
 * values of the request (names, DNs): `ConstraintViolationError (LDAP 19)`.
 */
export function describeDirectoryError(error: unknown): string {
  if (error instanceof ResultCodeError) return `${error.constructor.name} (LDAP ${error.code})`;
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${error.name} ${code}` : error.name;
  }
  return 'unknown error';
}
