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
  MAIL_FROM: z.string().min(3, { error: 'must be an address like "Atelier <no-reply@example.com>"' }).default('Atelier <no-reply@localhost>'),
});

/** The settings as the rest of Atelier reads them: paths absolute, the public URL always known. */
export type Config = z.infer<typeof configSchema> & { DATA_DIR: string; PUBLIC_URL: string };

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
  };
}
