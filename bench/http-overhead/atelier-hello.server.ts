/**
 * The subject of http-overhead, run in its own process by the benchmark: Atelier's real HTTP app
 * (every platform plugin and hook, as `createHttpApp` builds it for production) with one module
 * whose route touches nothing but zod. The database is an in-memory PGlite, migrated, that the
 * route never uses; the logger runs at info, as in production, writing to /dev/null.
 */
import type { AddressInfo } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { pino } from 'pino';
import { z } from 'zod';
import { wrapPglite } from '../../src/platform/db/pglite.ts';
import { loadConfig } from '../../src/platform/config/config.ts';
import { createHttpApp } from '../../src/platform/http/create-http-app.ts';
import { createMetricsRegistry } from '../../src/platform/http/metrics.ts';
import { createJobQueue } from '../../src/platform/jobs/job-queue.ts';
import { createLogger } from '../../src/platform/logging/logger.ts';
import { defineModule, type ModuleRouteOptions } from '../../src/platform/module.ts';
import { serveForParent } from '../http-load.ts';

const routes: FastifyPluginAsync<ModuleRouteOptions> = async (app) => {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/bench/hello',
    { schema: { response: { 200: z.object({ hello: z.string() }) } } },
    async () => ({ hello: 'world' }),
  );
};

const benchModule = defineModule({ name: 'bench', routes });

serveForParent(async () => {
  const db = wrapPglite(new PGlite());
  await db.migrate();
  // Synchronous writes, like pino's default stdout destination in production.
  const logger = createLogger('info', pino.destination({ dest: '/dev/null', sync: true }));
  const config = loadConfig({});
  const jobs = await createJobQueue({ config, db, role: 'client', jobs: [], logger });
  const app = await createHttpApp({
    config,
    db,
    jobs,
    logger,
    metrics: createMetricsRegistry(),
    modules: [benchModule],
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    port: (app.server.address() as AddressInfo).port,
    async close() {
      await app.close();
      await jobs.stop(0);
      await db.close();
    },
  };
});
