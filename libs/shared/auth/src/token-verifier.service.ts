import { Inject, Injectable } from '@nestjs/common';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { AuthException, AuthExceptionCode } from './auth.exception';
import type { AuthUser } from './auth-user.model';
import { AUTH_OPTIONS, type AuthModuleOptions } from './auth.options';
import { isRole } from './role.enum';

/** The signature algorithms the city's provider and the dev issuer use; nothing weaker. */
export const ALLOWED_ALGORITHMS = ['RS256', 'ES256'] as const;

/** Clocks of the provider and of our pods drift a little; beyond this a token is expired. */
const CLOCK_TOLERANCE_SECONDS = 30;

/** Verifies access tokens against the issuer's remote key set and reads the caller from them. */
@Injectable()
export class TokenVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(@Inject(AUTH_OPTIONS) private readonly options: AuthModuleOptions) {
    // jose caches the key set and refetches it when a token names an unknown kid, so a
    // key rotation at the provider needs no restart here.
    const remote = createRemoteJWKSet(new URL(options.jwksUrl));
    this.keys = async (header, token) => {
      try {
        return await remote(header, token);
      } catch (error) {
        if (
          error instanceof errors.JWKSNoMatchingKey ||
          error instanceof errors.JWKSMultipleMatchingKeys ||
          error instanceof errors.JOSENotSupported
        ) {
          throw error; // the token's fault: its kid or alg matches no published key
        }
        throw new AuthException(
          AuthExceptionCode.JWKS_UNAVAILABLE,
          `cannot read the issuer's key set at ${options.jwksUrl}: ${describe(error)}`,
          { cause: error },
        );
      }
    };
  }

  async verify(token: string): Promise<AuthUser> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: [...ALLOWED_ALGORITHMS],
        requiredClaims: ['exp', 'sub'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      }));
    } catch (error) {
      throw this.explain(error);
    }
    return toAuthUser(payload);
  }

  /** Turns jose's errors into a code and a message that tells the caller what is wrong. */
  private explain(error: unknown): AuthException {
    if (error instanceof AuthException) {
      return error;
    }
    if (error instanceof errors.JWTExpired) {
      const exp = typeof error.payload.exp === 'number' ? new Date(error.payload.exp * 1000).toISOString() : 'unknown';
      return new AuthException(AuthExceptionCode.TOKEN_EXPIRED, `token expired at ${exp}; get a new token`);
    }
    if (error instanceof errors.JWTClaimValidationFailed) {
      switch (error.claim) {
        case 'aud':
          return new AuthException(
            AuthExceptionCode.WRONG_AUDIENCE,
            `wrong audience: token is for ${JSON.stringify(error.payload.aud)}, this service accepts only "${this.options.audience}"`,
          );
        case 'iss':
          return new AuthException(
            AuthExceptionCode.WRONG_ISSUER,
            `wrong issuer: token is from ${JSON.stringify(error.payload.iss)}, this service accepts only "${this.options.issuer}"`,
          );
        case 'nbf':
          return new AuthException(AuthExceptionCode.TOKEN_NOT_YET_VALID, 'token is not valid yet (nbf is in the future)');
        default:
          return new AuthException(
            AuthExceptionCode.CLAIMS_INVALID,
            `invalid claim ${error.claim}: ${error.message}; a token needs iss, aud, sub and exp`,
          );
      }
    }
    if (error instanceof errors.JWSSignatureVerificationFailed) {
      return new AuthException(
        AuthExceptionCode.BAD_SIGNATURE,
        "bad signature: the token does not verify against the issuer's published keys",
      );
    }
    if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
      return new AuthException(
        AuthExceptionCode.BAD_SIGNATURE,
        "bad signature: no key in the issuer's key set matches the token's kid and alg",
      );
    }
    if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
      return new AuthException(
        AuthExceptionCode.ALGORITHM_NOT_ALLOWED,
        `token signature algorithm is not allowed; allowed: ${ALLOWED_ALGORITHMS.join(', ')}`,
      );
    }
    return new AuthException(
      AuthExceptionCode.TOKEN_MALFORMED,
      `malformed token: ${describe(error)}; send a signed JWT (header.payload.signature)`,
    );
  }
}

function toAuthUser(payload: JWTPayload): AuthUser {
  if (typeof payload.sub !== 'string' || payload.sub === '') {
    throw new AuthException(AuthExceptionCode.CLAIMS_INVALID, 'invalid claim sub: must be a non-empty string');
  }
  return {
    subject: payload.sub,
    // Roles this platform does not know (the city's provider may carry others) grant nothing.
    roles: stringList(payload, 'roles').filter(isRole),
    customers: stringList(payload, 'customers'),
  };
}

function stringList(payload: JWTPayload, claim: 'roles' | 'customers'): string[] {
  const value = payload[claim];
  if (value === undefined) {
    return [];
  }
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new AuthException(
      AuthExceptionCode.CLAIMS_INVALID,
      `invalid claim ${claim}: must be an array of strings, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
