import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { markRequestLogger, type Logger } from '../logging/logger.ts';
import { contributionsOf, limitsOf, type AtelierModule, type ModuleRouteOptions } from '../module.ts';
import { trustProxyFrom } from './create-http-app.ts';
import { installErrorHandling } from './error-handler.ts';
import { installRequestContext, requestIdFor } from './request-context.plugin.ts';

export interface PublicAppOptions {
  config: Config;
  db: Database;
  jobs: JobQueue;
  logger: Logger;
  modules: readonly AtelierModule[];
}

/** Small bodies only: a contact form or a page-view beacon, never an upload. */
const publicBodyLimit = 32 * 1024;

/**
 * The public origin (`SITES_ORIGIN`): a second listener for what anonymous visitors reach —
 * published sites, their forms and beacons — from the modules' `publicRoutes`. It has no
 * sessions, no API and no dashboard, so nothing served here can act as a member. Each route sets
 * its own security headers (a published page's CSP is its own). Null when no module serves
 * anything publicly.
 */
export async function createPublicApp(options: PublicAppOptions): Promise<FastifyInstance | null> {
  const modules = options.modules.filter((module) => module.publicRoutes);
  if (modules.length === 0) return null;
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    genReqId: requestIdFor,
    childLoggerFactory: (logger, bindings, childOptions) => markRequestLogger(logger.child(bindings, childOptions)),
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: publicBodyLimit,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true },
    trustProxy: trustProxyFrom(options.config.TRUST_PROXY),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installRequestContext(app);
  installErrorHandling(app);
  app.addHook('onRequest', (_request, reply, done) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'strict-origin-when-cross-origin');
    done();
  });
  const routeOptions: ModuleRouteOptions = {
    config: options.config,
    db: options.db,
    jobs: options.jobs,
    permissions: [],
    limits: limitsOf(options.modules, { db: options.db, config: options.config }),
    contributions: contributionsOf(options.modules),
  };
  for (const module of modules) await app.register(module.publicRoutes as NonNullable<AtelierModule['publicRoutes']>, routeOptions);
  await app.ready();
  return app;
}
