export enum LicenceExceptionCode {
  /** A product in a catalogue import breaks a rule (code, price, group DN, serves-as chain). */
  INVALID_PRODUCT = 'INVALID_PRODUCT',
  /** A contract in an import breaks a rule (quantity, price, dates). */
  INVALID_CONTRACT = 'INVALID_CONTRACT',
  /** A pool in an import breaks a rule (size, kind, product). */
  INVALID_POOL = 'INVALID_POOL',
  /** A product code names no product of the catalogue. */
  UNKNOWN_PRODUCT = 'UNKNOWN_PRODUCT',
  /** A usage export does not have the report's columns, or a row's value is not what the column holds. */
  INVALID_USAGE_REPORT = 'INVALID_USAGE_REPORT',
  /** The account is not in the directory below the managed OU (yet): the licence group cannot take it. */
  ACCOUNT_NOT_IN_DIRECTORY = 'ACCOUNT_NOT_IN_DIRECTORY',
  /** A query parameter or body field is malformed (a date, a customer code, a reason). */
  INVALID_REQUEST = 'INVALID_REQUEST',
}

/** One problem of an import: where (row or field) and what is wrong and what is allowed. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/**
 * Why a licence rule refused its input. Transports map the code (HTTP 400/404/422, Kafka retry
 * or DLQ); `details` lists every problem of a refused import, one per field.
 */
export class LicenceException extends Error {
  readonly details: readonly FieldProblem[] | undefined;

  constructor(
    readonly code: LicenceExceptionCode,
    message: string,
    options?: { cause?: unknown; details?: readonly FieldProblem[] },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LicenceException';
    this.details = options?.details;
  }

  /**
   * For Kafka: a refusal no retry can change goes to the DLQ at once, with its message as the
   * reason; an account not (yet) in the directory may appear (replication), so that is retried.
   */
  get permanent(): boolean {
    return this.code !== LicenceExceptionCode.ACCOUNT_NOT_IN_DIRECTORY;
  }
}
