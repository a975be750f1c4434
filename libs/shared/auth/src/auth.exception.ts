export enum AuthExceptionCode {
  /** Module options are missing or malformed (a boot-time error). */
  OPTIONS_INVALID = 'OPTIONS_INVALID',
  TOKEN_MISSING = 'TOKEN_MISSING',
  TOKEN_MALFORMED = 'TOKEN_MALFORMED',
  TOKEN_EXPIRED = 'TOKEN_EXPIRED',
  TOKEN_NOT_YET_VALID = 'TOKEN_NOT_YET_VALID',
  WRONG_ISSUER = 'WRONG_ISSUER',
  WRONG_AUDIENCE = 'WRONG_AUDIENCE',
  BAD_SIGNATURE = 'BAD_SIGNATURE',
  ALGORITHM_NOT_ALLOWED = 'ALGORITHM_NOT_ALLOWED',
  CLAIMS_INVALID = 'CLAIMS_INVALID',
  /** The issuer's key set could not be fetched: our problem, not the caller's. */
  JWKS_UNAVAILABLE = 'JWKS_UNAVAILABLE',
  ROLE_REQUIRED = 'ROLE_REQUIRED',
  /** The route declares neither `@Roles(...)` nor `@Public()`, so it is refused to everyone. */
  ROLES_NOT_DECLARED = 'ROLES_NOT_DECLARED',
}

/** Why authentication or authorisation failed; the guard maps the code to 401, 403 or 503. */
export class AuthException extends Error {
  constructor(
    readonly code: AuthExceptionCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AuthException';
  }
}
