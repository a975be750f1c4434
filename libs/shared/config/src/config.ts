import { z } from 'zod';

/**
 * Configuration is read from the environment once, at boot, through a zod schema per app.
 * Nothing else in the code base reads process.env. A bad or missing variable stops the
 * process with a message that names the variable and what is allowed.
 */
export class ConfigException extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigException';
  }
}

/** Variables whose values must never be printed. */
const secretSuffixes = ['PASSWORD', 'SECRET', 'TOKEN', 'KEY'];
export const isSecretVariable = (name: string): boolean => secretSuffixes.some((s) => name.endsWith(s));

export function loadConfig<S extends z.ZodTypeAny>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.');
    const raw = env[name];
    const shown = raw === undefined ? 'not set' : isSecretVariable(name) ? 'value hidden' : `got "${raw}"`;
    return `${name}: ${issue.message} (${shown})`;
  });
  throw new ConfigException(problems);
}

/** Loads the config or, on a bad variable, prints which one and exits with status 78 (EX_CONFIG). */
export function bootConfig<S extends z.ZodTypeAny>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  try {
    return loadConfig(schema, env);
  } catch (error) {
    if (error instanceof ConfigException) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
}

const port = z.coerce.number().int().min(1).max(65535);
const bool = z
  .enum(['true', 'false'], { errorMap: () => ({ message: 'must be "true" or "false"' }) })
  .transform((v) => v === 'true');

/** Local-stack defaults, so `itops stack up` needs no configuration at all. */
export const httpSchema = z.object({
  ITOPS_HTTP_PORT: port.default(3000),
  ITOPS_LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error']).default('info'),
});

export const postgresSchema = z.object({
  ITOPS_PG_HOST: z.string().min(1).default('127.0.0.1'),
  ITOPS_PG_PORT: port.default(55432),
  ITOPS_PG_DATABASE: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'must be a lower-case PostgreSQL identifier'),
  ITOPS_PG_USER: z.string().min(1).default('itops'),
  ITOPS_PG_PASSWORD: z.string().min(1).default('itops'),
  ITOPS_PG_SSL: bool.default('false'),
});

export const kafkaSchema = z.object({
  ITOPS_KAFKA_BROKERS: z
    .string()
    .default('127.0.0.1:59092')
    .refine((v) => v.split(',').every((b) => /^[^\s:]+:\d{1,5}$/.test(b.trim())), 'must be host:port[,host:port...]'),
  ITOPS_KAFKA_CLIENT_ID: z.string().min(1).optional(),
  ITOPS_KAFKA_SSL: bool.default('false'),
  ITOPS_KAFKA_SASL_MECHANISM: z.enum(['scram-sha-512', 'scram-sha-256', 'plain']).optional(),
  ITOPS_KAFKA_SASL_USERNAME: z.string().optional(),
  ITOPS_KAFKA_SASL_PASSWORD: z.string().optional(),
});

export const oidcSchema = z.object({
  ITOPS_OIDC_ISSUER: z.string().url().default('http://127.0.0.1:59100'),
  ITOPS_OIDC_AUDIENCE: z.string().min(1).default('itops'),
  ITOPS_OIDC_JWKS_URL: z.string().url().default('http://127.0.0.1:59100/jwks.json'),
});

export const serviceSchema = httpSchema.merge(postgresSchema).merge(kafkaSchema).merge(oidcSchema);
export type ServiceConfig = z.infer<typeof serviceSchema>;

export interface PostgresSettings {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  ssl: boolean;
}

export const postgresSettings = (c: z.infer<typeof postgresSchema>): PostgresSettings => ({
  host: c.ITOPS_PG_HOST,
  port: c.ITOPS_PG_PORT,
  database: c.ITOPS_PG_DATABASE,
  user: c.ITOPS_PG_USER,
  password: c.ITOPS_PG_PASSWORD,
  ssl: c.ITOPS_PG_SSL,
});

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  ssl: boolean;
  sasl?: { mechanism: 'scram-sha-512' | 'scram-sha-256' | 'plain'; username: string; password: string };
}

export const kafkaSettings = (c: z.infer<typeof kafkaSchema>, defaultClientId: string): KafkaSettings => ({
  brokers: c.ITOPS_KAFKA_BROKERS.split(',').map((b) => b.trim()),
  clientId: c.ITOPS_KAFKA_CLIENT_ID ?? defaultClientId,
  ssl: c.ITOPS_KAFKA_SSL,
  sasl:
    c.ITOPS_KAFKA_SASL_MECHANISM && c.ITOPS_KAFKA_SASL_USERNAME && c.ITOPS_KAFKA_SASL_PASSWORD
      ? { mechanism: c.ITOPS_KAFKA_SASL_MECHANISM, username: c.ITOPS_KAFKA_SASL_USERNAME, password: c.ITOPS_KAFKA_SASL_PASSWORD }
      : undefined,
});
