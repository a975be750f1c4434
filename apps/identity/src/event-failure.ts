import { IdentityException } from '@itops/identity/domain';
import { classifyDirectoryError, describeDirectoryError } from '@itops/shared/ldap';
import { isPermanent, PermanentEventError } from '@itops/shared/messaging';

/**
 * What the consumer should do with an error of `what` (e.g. "creating the account of person
 * p-1"): retry it (a plain Error: AD unreachable, busy, timed out) or send the event to the DLQ
 * (a PermanentEventError: a rule refused the data, or AD refused the request). Messages name
 * ids and LDAP result codes only, never names: they end up in logs and DLQ headers.
 */
export function eventFailure(error: unknown, what: string): Error {
  if (isPermanent(error)) return error as Error;
  if (error instanceof IdentityException) return new PermanentEventError(`${what}: ${error.code}: ${error.message}`);
  switch (classifyDirectoryError(error)) {
    case 'transient':
      return new Error(`${what}: AD is unavailable (${describeDirectoryError(error)}); will retry`, { cause: error });
    case 'refused':
      return new PermanentEventError(`${what}: AD refused it (${describeDirectoryError(error)})`);
    default:
      return error instanceof Error ? error : new Error(`${what}: ${String(error)}`);
  }
}

/** Runs a step and maps its failure with eventFailure. */
export async function step<T>(what: string, fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw eventFailure(error, what);
  }
}
