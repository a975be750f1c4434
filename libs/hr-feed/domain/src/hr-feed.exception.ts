export enum HrFeedExceptionCode {
  /** The header row is missing, empty, or lacks a required column: nothing in the file can be trusted. */
  BROKEN_HEADER = 'BROKEN_HEADER',
  /** The bytes do not decode in the declared encoding (typically an ISO-8859-1 file read as UTF-8). */
  BAD_ENCODING = 'BAD_ENCODING',
  /** The CSV structure itself is broken (e.g. a quote that is never closed), so row boundaries are unknown. */
  MALFORMED_CSV = 'MALFORMED_CSV',
  /** A caller passed an argument outside what the rule accepts (bad date, empty secret, share out of range), or a body of the wrong shape. */
  INVALID_INPUT = 'INVALID_INPUT',
  /** A pushed employment is well formed but breaks a row rule (check digit, unknown customer, end before start). */
  INVALID_EMPLOYMENT = 'INVALID_EMPLOYMENT',
  /** A substitute booking (vikariebokning) is well formed but breaks a booking rule (window, form, customer). */
  INVALID_BOOKING = 'INVALID_BOOKING',
}

/** One problem of a request body: the field (by its JSON name) and what is wrong with it and what is allowed. */
export interface FieldProblem<Field extends string = string> {
  readonly field: Field;
  /** Starts with the field's name. Never contains a personnummer. */
  readonly message: string;
}

/**
 * Why an HR snapshot, a pushed change or an HR-feed rule was refused as a whole; row problems of a
 * snapshot are rejections, not exceptions. `details` lists every problem of a refused body, one per field.
 */
export class HrFeedException extends Error {
  readonly details: readonly FieldProblem[] | undefined;

  constructor(
    readonly code: HrFeedExceptionCode,
    message: string,
    options?: { cause?: unknown; details?: readonly FieldProblem[] },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HrFeedException';
    this.details = options?.details;
  }
}
