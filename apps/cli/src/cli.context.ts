import type { CliConfig } from './cli.config';
import { HttpClient, type FetchLike } from './http.client';
import { TokenStore } from './token.store';

export interface CliIo {
  /** Standard output: the command's result (tables, or JSON with --json). */
  out(text: string): void;
  /** Standard error: errors and progress notes. */
  err(text: string): void;
}

/** Runs `bash <script> <args...>` with the CLI's own stdin/stdout/stderr and resolves with its exit status. */
export type ScriptRunner = (script: string, args: readonly string[]) => Promise<number>;

/** Everything a command touches outside itself; specs pass fakes. */
export interface CliContext {
  config: CliConfig;
  io: CliIo;
  fetch: FetchLike;
  runScript: ScriptRunner;
  now: () => Date;
}

export type ServiceName = 'hr-feed' | 'identity' | 'licence' | 'device' | 'metering' | 'billing';

const BASE_URL_VARIABLE = {
  'hr-feed': 'ITOPS_HR_FEED_URL',
  identity: 'ITOPS_IDENTITY_URL',
  licence: 'ITOPS_LICENCE_URL',
  device: 'ITOPS_DEVICE_URL',
  metering: 'ITOPS_METERING_URL',
  billing: 'ITOPS_BILLING_URL',
} as const satisfies Record<ServiceName, keyof CliConfig>;

export const tokenStore = (ctx: CliContext): TokenStore => new TokenStore(ctx.config.ITOPS_STATE, ctx.now);

/** A client of one service, sending the ITOPS_TOKEN or stored login token as Bearer. */
export function serviceClient(ctx: CliContext, service: ServiceName): HttpClient {
  const variable = BASE_URL_VARIABLE[service];
  const store = tokenStore(ctx);
  return new HttpClient({
    service,
    baseUrl: ctx.config[variable],
    fetch: ctx.fetch,
    token: () => store.bearer(ctx.config.ITOPS_TOKEN),
    unreachableHint: `start the services with "itops stack up" (or set ${variable} to where ${service} runs)`,
  });
}

/** The local dev OIDC issuer; it needs no token. */
export const devIssuerClient = (ctx: CliContext): HttpClient =>
  new HttpClient({
    service: 'dev issuer',
    baseUrl: ctx.config.ITOPS_DEV_ISSUER_URL,
    fetch: ctx.fetch,
    unreachableHint: 'it is not running: start it with "itops stack up" (or set ITOPS_DEV_ISSUER_URL to where it runs)',
  });
