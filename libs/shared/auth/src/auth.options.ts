import { AuthException, AuthExceptionCode } from './auth.exception';

/**
 * Where tokens come from. In production these are the city's OIDC provider
 * (ITOPS_OIDC_ISSUER, ITOPS_OIDC_AUDIENCE, ITOPS_OIDC_JWKS_URL); locally the dev issuer.
 */
export interface AuthModuleOptions {
  /** Expected `iss` claim, exactly as the provider writes it. */
  readonly issuer: string;
  /** Expected `aud` claim (the token must name this audience). */
  readonly audience: string;
  /** URL of the provider's JSON Web Key Set (http or https). */
  readonly jwksUrl: string;
}

export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');

/** Refuses to boot on options that could never verify a token, naming the option at fault. */
export function validateAuthOptions(options: AuthModuleOptions): AuthModuleOptions {
  for (const field of ['issuer', 'audience', 'jwksUrl'] as const) {
    const value: unknown = options?.[field];
    if (typeof value !== 'string' || value.trim() === '') {
      throw new AuthException(
        AuthExceptionCode.OPTIONS_INVALID,
        `AuthModule option ${field} is missing or empty; give a non-empty string`,
      );
    }
  }
  let url: URL;
  try {
    url = new URL(options.jwksUrl);
  } catch {
    throw new AuthException(
      AuthExceptionCode.OPTIONS_INVALID,
      `AuthModule option jwksUrl "${options.jwksUrl}" is not a URL; give an absolute http(s) URL`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AuthException(
      AuthExceptionCode.OPTIONS_INVALID,
      `AuthModule option jwksUrl uses ${url.protocol}; only http: and https: are allowed`,
    );
  }
  return { issuer: options.issuer, audience: options.audience, jwksUrl: options.jwksUrl };
}
