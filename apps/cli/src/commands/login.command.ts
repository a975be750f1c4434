import { Option, type Command } from 'commander';
import { ALL_ROLES, Role } from '@itops/shared/auth';
import { parseCustomerList, parseSubject } from '../cli-argument.parsers';
import { devIssuerClient, tokenStore, type CliContext } from '../cli.context';
import { CliException, CliExceptionCode } from '../cli.exception';
import { stockholmTime, toJson } from '../output.format';
import type { StoredToken } from '../token.store';

interface LoginOptions {
  role: Role;
  subject?: string;
  customers?: string[];
  json?: boolean;
}

interface TokenAnswer {
  access_token?: unknown;
  expires_in?: unknown;
}

export function registerLoginCommand(program: Command, ctx: CliContext): void {
  program
    .command('login')
    .description('get a token from the local dev issuer and keep it for the next commands')
    .addOption(new Option('--role <role>', 'the role to act in').choices(ALL_ROLES).makeOptionMandatory())
    .option('--subject <subject>', 'who the token is for (default dev-<role>)', parseSubject)
    .option('--customers <codes>', 'customer-viewer only: the customers it may see, e.g. N138,B110', parseCustomerList)
    .option('--json', 'print the login (never the token) as JSON')
    .action(async (options: LoginOptions) => {
      if (options.customers && options.role !== Role.CustomerViewer) {
        throw new CliException(CliExceptionCode.USAGE, `--customers applies only to --role ${Role.CustomerViewer}, not ${options.role}`);
      }
      const stored = await login(ctx, options);
      const file = tokenStore(ctx).file;
      // The token itself is never printed: it is a credential, and it is in the file.
      const shown = { role: stored.role, subject: stored.subject, customers: stored.customers, issuer: stored.issuer, expiresAt: stored.expiresAt, tokenFile: file };
      ctx.io.out(
        options.json
          ? toJson(shown)
          : `logged in as ${stored.subject} (role ${stored.role}${stored.customers ? `, customers ${stored.customers.join(', ')}` : ''}) ` +
              `until ${stockholmTime(new Date(stored.expiresAt))}; token in ${file}`,
      );
    });
}

async function login(ctx: CliContext, options: LoginOptions): Promise<StoredToken> {
  const issuer = devIssuerClient(ctx);
  const answer = await issuer.post<TokenAnswer>('/token', {
    json: { role: options.role, subject: options.subject, customers: options.customers },
  });
  if (typeof answer?.access_token !== 'string' || typeof answer.expires_in !== 'number') {
    throw new CliException(CliExceptionCode.INVALID_RESPONSE, `the dev issuer at ${ctx.config.ITOPS_DEV_ISSUER_URL} answered without access_token and expires_in`);
  }
  const stored: StoredToken = {
    accessToken: answer.access_token,
    role: options.role,
    subject: subjectOf(answer.access_token) ?? options.subject ?? `dev-${options.role}`,
    ...(options.customers ? { customers: options.customers } : {}),
    issuer: ctx.config.ITOPS_DEV_ISSUER_URL,
    expiresAt: new Date(ctx.now().getTime() + answer.expires_in * 1000).toISOString(),
  };
  tokenStore(ctx).save(stored);
  return stored;
}

/** The token's `sub`, read (not verified: the services verify) to show who is logged in. */
function subjectOf(jwt: string): string | undefined {
  try {
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sub?: unknown };
    return typeof payload.sub === 'string' ? payload.sub : undefined;
  } catch {
    return undefined;
  }
}
