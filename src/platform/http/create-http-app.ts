import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from '../config/config.ts';
import type { Registry } from 'prom-client';
import type { Database } from '../db/database.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { markRequestLogger, type Logger } from '../logging/logger.ts';
import { contributionsOf, limitsOf, type AtelierModule, type ModuleRouteOptions } from '../module.ts';
import { installErrorHandling } from './error-handler.ts';
import { installHealth } from './health.ts';
import { installIdempotency } from './idempotency.ts';
import { installMetrics } from './metrics.ts';
import { installRequestContext, requestIdFor } from './request-context.plugin.ts';
import { installSecurityHeaders } from './security-headers.ts';
import { defaultWebRoot, installWebApp, webAppBuilt } from './web-app.ts';

export interface HttpAppOptions {
  config: Config;
  db: Database;
  jobs: JobQueue;
  logger: Logger;
  /** The process's metrics registry; /metrics serves it. */
  metrics: Registry;
  modules: readonly AtelierModule[];
  /** The built dashboard to serve at `/` (default web/dist); `false` serves none. Skipped when not built. */
  webRoot?: string | false;
}

/**
 * The whole HTTP surface: platform plugins first (context, errors, security headers, metrics,
 * idempotency, health, OpenAPI), then each module's routes under /api in its own encapsulated
 * scope, then the built dashboard at `/` when there is one. Returns the app ready to listen or to be injected into.
 */
export async function createHttpApp(options: HttpAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    genReqId: requestIdFor,
    childLoggerFactory: (logger, bindings, childOptions) => markRequestLogger(logger.child(bindings, childOptions)),
    // One line per request, written when it completes (see installRequestContext).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.config.BODY_LIMIT_BYTES,
    // Idle keep-alive sockets are closed at shutdown; in-flight requests are let finish.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true },
    // Behind a load balancer the client's address (for throttling) is in X-Forwarded-For; trust
    // it only from the proxies named, or every client could claim any address.
    trustProxy: trustProxyFrom(options.config.TRUST_PROXY),
  });
  drainKeepAliveOnClose(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  installRequestContext(app);
  installErrorHandling(app);
  installSecurityHeaders(app);
  installMetrics(app, options.metrics, { token: options.config.METRICS_TOKEN });
  installIdempotency(app, options.db);
  installHealth(app, options.db);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Atelier API',
        version: '1',
        description: 'JSON over HTTP. Errors are { "error": { "code", "message", "details" } }.',
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const routeOptions: ModuleRouteOptions = {
    config: options.config,
    db: options.db,
    jobs: options.jobs,
    permissions: options.modules.flatMap((module) => module.permissions ?? []),
    limits: limitsOf(options.modules, { db: options.db, config: options.config }),
    contributions: contributionsOf(options.modules),
  };
  for (const module of options.modules) {
    if (!module.requestHooks) continue;
    // Not encapsulated: its hooks must run for every module's routes.
    Object.assign(module.requestHooks, { [Symbol.for('skip-override')]: true });
    await app.register(module.requestHooks, routeOptions);
  }
  for (const module of options.modules) {
    if (module.routes) await app.register(module.routes, { prefix: '/api', ...routeOptions });
  }
  const webRoot = options.webRoot ?? defaultWebRoot;
  if (webRoot !== false && webAppBuilt(webRoot)) await installWebApp(app, { root: webRoot });
  await app.ready();
  return app;
}

/**
 * Node closes idle keep-alive connections once, when close() is called; a connection whose
 * request was still in flight then lingers until its keep-alive timeout and holds the shutdown
 * open. Closing idle connections until the server is closed lets in-flight requests finish and
 * then frees their connections at once.
 */
function drainKeepAliveOnClose(app: FastifyInstance): void {
  let drain: NodeJS.Timeout | undefined;
  app.addHook('preClose', (done) => {
    drain = setInterval(() => app.server.closeIdleConnections(), 50);
    drain.unref();
    done();
  });
  app.addHook('onClose', (_instance, done) => {
    clearInterval(drain);
    done();
  });
}

export function trustProxyFrom(setting: string | undefined): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (setting === undefined) return false;
  if (/^\d+$/.test(setting)) {
    const hops = Number(setting);
    return (_address, hop) => hop < hops;
  }
  return setting.split(',').map((entry) => entry.trim());
}
