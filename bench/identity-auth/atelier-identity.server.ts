/**
 * The server of identity-auth, run in its own process by the benchmark: Atelier's real HTTP app
 * with the identity module (authentication and authorisation on every request) and a bench-only
 * module with two routes that do the same work, one read of one row in a tenant transaction:
 *
 *   GET /api/bench/public-row?workspaceId=…          public: no caller needed (the peer)
 *   GET /api/workspaces/{workspaceId}/bench-row      needs workspace:read (the subject)
 *
 * The database is an in-memory PGlite, migrated, or the PostgreSQL database named by
 * BENCH_IDENTITY_DATABASE_URL. The logger runs at info, as in production, writing to /dev/null.
 */
import type { AddressInfo } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { pino } from 'pino';
import { z } from 'zod';
import { identityModule } from '../../src/modules/identity/index.ts';
import { compose } from '../../src/platform/compose.ts';
import { loadConfig } from '../../src/platform/config/config.ts';
import type { Database } from '../../src/platform/db/database.ts';
import { wrapPglite } from '../../src/platform/db/pglite.ts';
import { openPostgres } from '../../src/platform/db/postgres.ts';
import { queryRows } from '../../src/platform/db/tenancy.ts';
import { AppError } from '../../src/platform/errors/app-error.ts';
import { createHttpApp } from '../../src/platform/http/create-http-app.ts';
import { createMetricsRegistry } from '../../src/platform/http/metrics.ts';
import { createJobQueue } from '../../src/platform/jobs/job-queue.ts';
import { createLogger } from '../../src/platform/logging/logger.ts';
import { defineModule, type ModuleRouteOptions } from '../../src/platform/module.ts';
import { serveForParent } from '../http-load.ts';

// Named in bench/identity-auth.bench.ts too (a server file is not imported: it would start serving).
const databaseUrlVariable = 'BENCH_IDENTITY_DATABASE_URL';

const row = z.object({ id: z.uuid(), name: z.string() });
const workspaceId = z.object({ workspaceId: z.uuid() });

const routes: FastifyPluginAsync<ModuleRouteOptions> = async (app, { db }) => {
  /** The one row both routes read: the workspace's own, through tenant() like any module's data. */
  const readRow = async (id: string) => {
    const [found] = await db.tenant(id, (tx) => queryRows<{ id: string; name: string }>(tx, sql`select workspace_id as id, name from identity.workspaces where workspace_id = ${id}`));
    if (!found) throw new AppError('not_found', 'No such workspace');
    return found;
  };
  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.get(
    '/bench/public-row',
    { config: { access: 'public' }, schema: { querystring: workspaceId, response: { 200: row } } },
    async (request) => readRow(request.query.workspaceId),
  );
  routes.get(
    '/workspaces/:workspaceId/bench-row',
    { config: { access: { permission: 'workspace:read' } }, schema: { params: workspaceId, response: { 200: row } } },
    async (request) => readRow(request.params.workspaceId),
  );
  // Stands in for clicking the emailed link (a confirmed address may create API keys); bench only.
  routes.post(
    '/bench/confirm-email',
    { config: { access: 'signed-in' }, schema: { response: { 204: z.null() } } },
    async (request, reply) => {
      const userId = request.caller?.userId;
      await db.system((tx) => tx.execute(sql`update identity.users set email_verified_at = now() where id = ${userId}`));
      app.identity.directory.forgetSessions({ userId });
      return reply.code(204).send(null);
    },
  );
};

const benchModule = defineModule({ name: 'bench', routes });

serveForParent(async () => {
  const url = process.env[databaseUrlVariable];
  let db: Database;
  if (url) {
    db = await openPostgres({ url, poolSize: 10, applicationName: 'atelier-bench-identity' });
  } else {
    db = wrapPglite(new PGlite());
  }
  await db.migrate();
  // Synchronous writes, like pino's default stdout destination in production.
  const logger = createLogger('info', pino.destination({ dest: '/dev/null', sync: true }));
  const config = loadConfig({});
  const modules = [identityModule, benchModule];
  const jobs = await createJobQueue({ config, db, role: 'client', jobs: compose(modules).jobs, logger });
  const app = await createHttpApp({ config, db, jobs, logger, metrics: createMetricsRegistry(), modules });
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
