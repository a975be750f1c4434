/** Why a command failed; each code maps to the CLI's exit status. */
export enum CliExceptionCode {
  /** A bad argument or setting: exit 2, nothing was sent. */
  USAGE = 'USAGE',
  /** The file is not what the command reads (e.g. a customers CSV without kundkod): exit 1. */
  INVALID_FILE = 'INVALID_FILE',
  /** No token stored, or the stored one expired: exit 1. */
  NOT_LOGGED_IN = 'NOT_LOGGED_IN',
  /** The service did not answer at its URL: exit 1. */
  SERVICE_UNREACHABLE = 'SERVICE_UNREACHABLE',
  /** The service answered with an error ({code, message}): exit 1. */
  REQUEST_FAILED = 'REQUEST_FAILED',
  /** The service answered 2xx with a body that is not JSON: exit 1. */
  INVALID_RESPONSE = 'INVALID_RESPONSE',
  /** A deploy/local script ended with a non-zero status: exit 1. */
  SCRIPT_FAILED = 'SCRIPT_FAILED',
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** What a service put in its error body, kept to print it as it came. */
export interface ServiceError {
  service: string;
  status: number;
  code: string;
  message: string;
  details?: unknown;
  errorId?: string;
}

export class CliException extends Error {
  constructor(
    readonly code: CliExceptionCode,
    message: string,
    readonly serviceError?: ServiceError,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'CliException';
  }

  get exitCode(): number {
    return this.code === CliExceptionCode.USAGE ? EXIT_USAGE : EXIT_FAILED;
  }
}
