import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { currentContext } from '../context/request-context.ts';

export type { Logger };

const secretKeys = [
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'accessToken',
  'refreshToken',
  'secret',
  'apiKey',
  'authorization',
  'cookie',
];

/**
 * Paths pino blanks out: headers of requests and responses, and any field named like a secret
 * up to two levels deep (pino's wildcards match one level each; every extra level is paid on
 * every log line, and nothing logs deeper objects).
 */
export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  ...secretKeys.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
];

/** Fastify's per-request loggers already carry `reqId` as a binding; the mixin must not repeat it. */
const requestLoggers = new WeakSet<object>();

export function markRequestLogger<T extends object>(logger: T): T {
  requestLoggers.add(logger);
  return logger;
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    // Every line carries the ids of the work it belongs to, however deep the call that logs.
    mixin(_object, _level, logger) {
      const context = currentContext();
      if (!context) return {};
      const fields: Record<string, string> = {};
      if (context.requestId && !requestLoggers.has(logger)) fields.reqId = context.requestId;
      if (context.traceId) fields.traceId = context.traceId;
      if (context.workspaceId) fields.workspaceId = context.workspaceId;
      if (context.userId) fields.userId = context.userId;
      return fields;
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
