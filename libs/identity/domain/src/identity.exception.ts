export enum IdentityExceptionCode {
  /** A name leaves nothing usable (no letter or digit after transliteration), or is empty. */
  INVALID_NAME = 'INVALID_NAME',
  /** Every numbered variant of an account name is taken. */
  ACCOUNT_NAME_EXHAUSTED = 'ACCOUNT_NAME_EXHAUSTED',
  /** A rule that needs at least one employment was given none. */
  NO_EMPLOYMENTS = 'NO_EMPLOYMENTS',
  /** An employment's dates are not calendar dates or end before they start. */
  INVALID_EMPLOYMENT = 'INVALID_EMPLOYMENT',
  /** A date or instant that is not one. */
  INVALID_DATE = 'INVALID_DATE',
  /** Any other argument outside what the rule accepts (customer code, DN, domain, day counts). */
  INVALID_ARGUMENT = 'INVALID_ARGUMENT',
}

/** Why an identity rule refused its input. */
export class IdentityException extends Error {
  constructor(
    readonly code: IdentityExceptionCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'IdentityException';
  }
}
