import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/database.ts';

/** /healthz: the process answers. /readyz: it can serve, i.e. the database answers and is migrated. */
export function installHealth(app: FastifyInstance, db: Database): void {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (request, reply) => {
    try {
      await db.ping();
      const pending = await db.pendingMigrations();
      if (pending > 0) return reply.code(503).send({ status: 'not_ready', reason: `${pending} migrations pending` });
      return { status: 'ready' };
    } catch (error) {
      request.log.warn({ err: error }, 'readiness check failed');
      return reply.code(503).send({ status: 'not_ready', reason: 'database unreachable' });
    }
  });
}
