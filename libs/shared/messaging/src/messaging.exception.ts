export enum MessagingExceptionCode {
  INVALID_EVENT = 'INVALID_EVENT',
  UNKNOWN_TOPIC = 'UNKNOWN_TOPIC',
}

export class MessagingException extends Error {
  constructor(readonly code: MessagingExceptionCode, message: string) {
    super(message);
    this.name = 'MessagingException';
  }
}

/**
 * Thrown (or any error with `permanent: true`) by a handler when the event can never succeed:
 * the message goes to the DLQ at once instead of being retried.
 */
export class PermanentEventError extends Error {
  readonly permanent = true;
  constructor(message: string) {
    super(message);
    this.name = 'PermanentEventError';
  }
}

export const isPermanent = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { permanent?: unknown }).permanent === true;
