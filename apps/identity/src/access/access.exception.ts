/** Why the access rules, reconciliation or simulation refused. */
export enum AccessExceptionCode {
  /** A rules file with errors (each with its line in `details`). */
  INVALID_RULES = 'INVALID_RULES',
  RULE_SET_NOT_FOUND = 'RULE_SET_NOT_FOUND',
  /** Another reconciliation holds the run lock. */
  RUN_IN_PROGRESS = 'RUN_IN_PROGRESS',
  RUN_NOT_FOUND = 'RUN_NOT_FOUND',
  /** Approval of a run that is not held. */
  RUN_NOT_HELD = 'RUN_NOT_HELD',
  /** A held run approved by the one who started it: a mass removal needs a second person. */
  SELF_APPROVAL = 'SELF_APPROVAL',
  /** A simulation request outside what is allowed (prices, rules text). */
  INVALID_SIMULATION = 'INVALID_SIMULATION',
}

const STATUS: Record<AccessExceptionCode, number> = {
  INVALID_RULES: 422,
  RULE_SET_NOT_FOUND: 404,
  RUN_IN_PROGRESS: 409,
  RUN_NOT_FOUND: 404,
  RUN_NOT_HELD: 409,
  SELF_APPROVAL: 403,
  INVALID_SIMULATION: 400,
};

/** Mapped by the shared exception filter to `httpStatus` with `{code, message, details}`. */
export class AccessException extends Error {
  readonly httpStatus: number;

  constructor(
    readonly code: AccessExceptionCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AccessException';
    this.httpStatus = STATUS[code];
  }
}
