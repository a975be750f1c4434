export enum MeteringExceptionCode {
  /** A period is not a YYYY-MM month. */
  INVALID_PERIOD = 'INVALID_PERIOD',
  /** A customer code (kundkod) is not one upper-case letter and three digits. */
  INVALID_CUSTOMER_CODE = 'INVALID_CUSTOMER_CODE',
  /** An offering code (tjänstekod) is empty, too long or has spaces. */
  INVALID_OFFERING_CODE = 'INVALID_OFFERING_CODE',
  /** An operator's adjustment breaks a rule; `details` names every field at fault. */
  INVALID_ADJUSTMENT = 'INVALID_ADJUSTMENT',
  /** A ledger item or employment handed to a rule is malformed (a date that is not one, a quantity that is not a decimal). */
  INVALID_ITEM = 'INVALID_ITEM',
}

/** One problem of a request body: the field (by its JSON name) and what is wrong with it and what is allowed. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/**
 * Why a metering rule refused its input. Transports map the code (HTTP 400/422, Kafka DLQ);
 * `details` lists every problem of a refused body, one per field.
 */
export class MeteringException extends Error {
  readonly details: readonly FieldProblem[] | undefined;

  constructor(
    readonly code: MeteringExceptionCode,
    message: string,
    options?: { cause?: unknown; details?: readonly FieldProblem[] },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MeteringException';
    this.details = options?.details;
  }
}
