import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { loadConfig } from '@itops/shared/config';

/** Unset and empty are the same to a shell user: `ITOPS_TOKEN= itops ...` means "no token". */
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const serviceUrl = (fallback: string) =>
  z
    .string()
    .url('must be an http(s) base URL such as http://127.0.0.1:3105')
    .refine((value) => /^https?:\/\//.test(value), 'must start with http:// or https://')
    .default(fallback);

/**
 * The repository root, found from this file's place (apps/cli/src in the source tree,
 * dist/apps/cli/src after the build), so the CLI also works without bin/itops.
 */
export function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'deploy', 'local', 'stack.sh'))) return dir;
    if (dirname(dir) === dir) return resolve(start, '../../..');
  }
}

export const cliConfigSchema = z
  .object({
    /** Exported by bin/itops; where deploy/local/*.sh live. */
    ITOPS_ROOT: z.string().min(1).default(() => findRepoRoot(__dirname)),
    /** State folder: token.json, logs, pid files. Default <ITOPS_ROOT>/.itops. */
    ITOPS_STATE: optional(z.string()),
    ITOPS_HR_FEED_URL: serviceUrl('http://127.0.0.1:3101'),
    ITOPS_IDENTITY_URL: serviceUrl('http://127.0.0.1:3102'),
    ITOPS_LICENCE_URL: serviceUrl('http://127.0.0.1:3103'),
    ITOPS_DEVICE_URL: serviceUrl('http://127.0.0.1:3104'),
    ITOPS_METERING_URL: serviceUrl('http://127.0.0.1:3105'),
    ITOPS_BILLING_URL: serviceUrl('http://127.0.0.1:3106'),
    ITOPS_DEV_ISSUER_URL: serviceUrl('http://127.0.0.1:59100'),
    /** A bearer token to use instead of the one `itops login` stored (secret: never printed). */
    ITOPS_TOKEN: optional(z.string()),
  })
  .transform((config) => ({
    ...config,
    ITOPS_ROOT: resolve(config.ITOPS_ROOT),
    ITOPS_STATE: resolve(config.ITOPS_STATE ?? join(config.ITOPS_ROOT, '.itops')),
  }));

export type CliConfig = z.infer<typeof cliConfigSchema>;

/**
 * Reads the CLI's settings from the environment. Unlike the services (bootConfig, exit 78)
 * a bad variable is reported by the caller as a usage error, exit 2: the CLI's exit codes
 * are 0, 1 and 2 only. Throws ConfigException naming the variable.
 */
export const loadCliConfig = (env: NodeJS.ProcessEnv = process.env): CliConfig => loadConfig(cliConfigSchema, env);
