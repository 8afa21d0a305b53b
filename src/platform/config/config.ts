import path from 'node:path';
import { z } from 'zod';

const port = z.coerce
  .number({ error: 'must be a port number (0-65535)' })
  .int({ error: 'must be a port number (0-65535)' })
  .min(0, { error: 'must be a port number (0-65535)' })
  .max(65535, { error: 'must be a port number (0-65535)' });

const positiveInt = (what: string) =>
  z.coerce.number({ error: `must be ${what}` }).int({ error: `must be ${what}` }).positive({ error: `must be ${what}` });

/** A URL setting, accepted when `fits` says so; `error` names what is expected. */
const urlSetting = (fits: (url: URL) => boolean, error: string) =>
  z
    .string()
    .trim()
    .refine(
      (value) => {
        try {
          return fits(new URL(value));
        } catch {
          return false;
        }
      },
      { error },
    );

const postgresUrl = urlSetting(
  (url) => (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '',
  'must be a PostgreSQL URL like postgres://user:password@host:5432/database',
);

const httpOrigin = urlSetting(
  (url) => (url.protocol === 'http:' || url.protocol === 'https:') && url.pathname === '/' && !url.search && !url.hash,
  'must be an origin like https://atelier.example.com (scheme, host and optional port, no path)',
).transform((value) => new URL(value).origin);

const smtpUrl = urlSetting(
  (url) => (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '',
  'must be an SMTP URL like smtp://user:password@mail.example.com:587',
);

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);

const apiBaseUrl = urlSetting((url) => url.protocol === 'http:' || url.protocol === 'https:', 'must be an http(s) URL like https://api.example.com/v1');

const optionalSecret = z.preprocess(emptyAsUndefined, z.string().trim().min(1).optional());

/**
 * Every environment variable Atelier reads, in one place. The README's configuration table is
 * written from this schema; keep the two in step.
 */
export const configSchema = z.object({
  NODE_ENV: z
    .enum(['development', 'production', 'test'], { error: 'must be development, production or test' })
    .default('development'),
  HOST: z.string().min(1, { error: 'must be a host name or address to listen on' }).default('localhost'),
  PORT: port.default(3000),
  DATABASE_URL: z.preprocess(emptyAsUndefined, postgresUrl.optional()),
  DATABASE_POOL_SIZE: positiveInt('a positive integer').default(10),
  DATA_DIR: z.string().min(1, { error: 'must be a directory path' }).default('./data'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  BODY_LIMIT_BYTES: positiveInt('a positive number of bytes').default(1_048_576),
  SHUTDOWN_TIMEOUT_MS: positiveInt('a positive number of milliseconds').default(10_000),
  METRICS_TOKEN: z.preprocess(
    emptyAsUndefined,
    z.string().min(32, { error: 'must be at least 32 characters when set' }).optional(),
  ),
  PUBLIC_URL: z.preprocess(emptyAsUndefined, httpOrigin.optional()),
  SITES_PORT: port.default(3001),
  SITES_ORIGIN: z.preprocess(emptyAsUndefined, httpOrigin.optional()),
  SMTP_URL: z.preprocess(emptyAsUndefined, smtpUrl.optional()),
  TRUST_PROXY: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .trim()
      .regex(/^(\d{1,2}|[0-9a-fA-F:./]+(\s*,\s*[0-9a-fA-F:./]+)*)$/, { error: 'must be a number of proxy hops or a comma-separated list of proxy addresses/CIDRs' })
      .optional(),
  ),
  PLANS_FILE: z.preprocess(emptyAsUndefined, z.string().min(1).optional()),
  SECRETS_KEY: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .trim()
      .refine((value) => /^[A-Za-z0-9+/_-]+={0,2}$/.test(value) && Buffer.from(value, 'base64').length === 32, {
        error: 'must be 32 random bytes in base64 (openssl rand -base64 32)',
      })
      .optional(),
  ),
  OPENAI_API_KEY: optionalSecret,
  OPENAI_BASE_URL: z.preprocess(emptyAsUndefined, apiBaseUrl.optional()),
  ANTHROPIC_API_KEY: optionalSecret,
  ANTHROPIC_BASE_URL: z.preprocess(emptyAsUndefined, apiBaseUrl.optional()),
  OPENAI_COMPATIBLE_BASE_URL: z.preprocess(emptyAsUndefined, apiBaseUrl.optional()),
  OPENAI_COMPATIBLE_API_KEY: optionalSecret,
  OPENAI_COMPATIBLE_MODELS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .trim()
      .regex(/^[\w.:/@-]+(\s*,\s*[\w.:/@-]+)*$/, { error: 'must be a comma-separated list of model ids, like llama3.1:8b,qwen2.5:7b' })
      .optional(),
  ),
  WEBHOOKS_ALLOWED_NETWORKS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .trim()
      .regex(/^[0-9a-fA-F:.]+(\/\d{1,3})?(\s*,\s*[0-9a-fA-F:.]+(\/\d{1,3})?)*$/, { error: 'must be a comma-separated list of addresses and CIDR blocks, like 10.20.0.0/16, fd12::/64' })
      .optional(),
  ),
  MAIL_FROM: z.string().min(3, { error: 'must be an address like "Atelier <no-reply@example.com>"' }).default('Atelier <no-reply@localhost>'),
});

/** The settings as the rest of Atelier reads them: paths absolute, the public URL always known. */
export type Config = z.infer<typeof configSchema> & { DATA_DIR: string; PUBLIC_URL: string; SITES_ORIGIN: string };

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Parses the environment once; throws a ConfigError whose message names every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new ConfigError(problems);
  }
  return {
    ...parsed.data,
    DATA_DIR: path.resolve(parsed.data.DATA_DIR),
    PUBLIC_URL: parsed.data.PUBLIC_URL ?? `http://localhost:${parsed.data.PORT}`,
    SITES_ORIGIN: parsed.data.SITES_ORIGIN ?? `http://localhost:${parsed.data.SITES_PORT}`,
  };
}
