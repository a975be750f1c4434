import type { Role } from './role.enum';

/** Where deploy/local/dev-issuer/dev-issuer.mjs listens unless ITOPS_DEV_ISSUER_PORT moves it. */
export const DEV_ISSUER_URL = 'http://127.0.0.1:59100';

export interface DevTokenOptions {
  /** Base URL of the running dev issuer; defaults to DEV_ISSUER_URL. */
  issuerUrl?: string;
  /** The token's `sub`; the issuer defaults it to `dev-<role>`. */
  subject?: string;
  /** Organisation codes for the customer-viewer role. */
  customers?: string[];
  /** Lifetime in seconds; the issuer defaults it to one hour. */
  ttlSeconds?: number;
}

/**
 * An access token from the local dev issuer, for tests and local use against the stack.
 * Never useful in production: no service there trusts the dev issuer's key.
 */
export async function fetchDevToken(role: Role, options: DevTokenOptions = {}): Promise<string> {
  const { issuerUrl = DEV_ISSUER_URL, ...rest } = options;
  const url = new URL('/token', issuerUrl);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role, ...rest }),
    });
  } catch (error) {
    throw new Error(
      `cannot reach the dev issuer at ${url.origin}: ${error instanceof Error ? error.message : String(error)}; ` +
        'start it with deploy/local/stack.sh or node deploy/local/dev-issuer/dev-issuer.mjs',
      { cause: error },
    );
  }
  const body = (await response.json().catch(() => ({}))) as { access_token?: unknown; message?: unknown };
  if (!response.ok || typeof body.access_token !== 'string') {
    throw new Error(`dev issuer at ${url.origin} refused a ${role} token (HTTP ${response.status}): ${String(body.message ?? 'no message')}`);
  }
  return body.access_token;
}
