import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors/app-error.ts';
import { idempotencyKeys } from './idempotency.schema.ts';

export interface IdempotencyOptions {
  /** Whose keys these are: `workspace:<id>` or `user:<id>`, so two tenants' keys never meet. */
  scope(request: FastifyRequest): string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Opts a route into `Idempotency-Key` handling. */
    idempotency?: IdempotencyOptions;
  }
  interface FastifyRequest {
    idempotencyClaim?: { scope: string; key: string };
  }
}

/** For a route under `/workspaces/:workspaceId/`: the workspace's members share its keys, and no other workspace meets them. */
export const workspaceIdempotency: IdempotencyOptions = {
  scope: (request) => `workspace:${String((request.params as { workspaceId?: unknown }).workspaceId).toLowerCase()}`,
};

export const idempotencyKeyLifetimeMs = 24 * 60 * 60 * 1000;
/** A claim whose request never finished (the process died) may be retried after this long. */
export const idempotencyClaimTimeoutMs = 60 * 1000;

const keyPattern = /^[\x21-\x7e]{1,255}$/;

function requestHash(request: FastifyRequest): string {
  return createHash('sha256')
    .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
    .digest('hex');
}

/**
 * `Idempotency-Key` for routes that opt in: the first request's response is stored and replayed
 * to retries with the same body; the same key with another body is refused (422), and a retry
 * while the first is still running is told to wait (409). Server errors are not stored, so a
 * retry after one runs again.
 */
export function installIdempotency(app: FastifyInstance, db: Database): void {
  app.addHook('preHandler', async (request, reply) => {
    const options = request.routeOptions.config.idempotency;
    const key = request.headers['idempotency-key'];
    if (!options || key === undefined) return;
    if (typeof key !== 'string' || !keyPattern.test(key)) {
      throw new AppError('invalid_input', 'Idempotency-Key must be 1 to 255 printable ASCII characters', {
        fields: [{ field: 'headers.idempotency-key', message: 'must be 1 to 255 printable ASCII characters' }],
      });
    }
    const scope = options.scope(request);
    const hash = requestHash(request);
    const now = Date.now();
    const claimed = await db.system(async (tx) => {
      const rows = await tx
        .insert(idempotencyKeys)
        .values({
          scope,
          key,
          requestHash: hash,
          state: 'running',
          lockedUntil: new Date(now + idempotencyClaimTimeoutMs),
          expiresAt: new Date(now + idempotencyKeyLifetimeMs),
        })
        .onConflictDoNothing()
        .returning({ key: idempotencyKeys.key });
      if (rows.length > 0) return undefined;
      const [existing] = await tx
        .select()
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)))
        .for('update');
      if (!existing) return undefined;
      const abandoned = existing.state === 'running' && existing.lockedUntil.getTime() < now && existing.requestHash === hash;
      if (existing.expiresAt.getTime() < now || abandoned) {
        await tx
          .update(idempotencyKeys)
          .set({
            requestHash: hash,
            state: 'running',
            responseStatus: null,
            responseContentType: null,
            responseBody: null,
            createdAt: new Date(now),
            lockedUntil: new Date(now + idempotencyClaimTimeoutMs),
            expiresAt: new Date(now + idempotencyKeyLifetimeMs),
          })
          .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
        return undefined;
      }
      return existing;
    });

    if (!claimed) {
      request.idempotencyClaim = { scope, key };
      return;
    }
    if (claimed.requestHash !== hash) {
      throw new AppError('idempotency_key_reused', 'This Idempotency-Key was already used with a different request');
    }
    if (claimed.state === 'running') {
      reply.header('retry-after', '1');
      throw new AppError('idempotency_key_in_progress', 'A request with this Idempotency-Key is still being processed');
    }
    reply.header('idempotent-replayed', 'true');
    if (claimed.responseContentType) reply.type(claimed.responseContentType);
    return reply.code(claimed.responseStatus ?? 200).send(claimed.responseBody ?? '');
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const claim = request.idempotencyClaim;
    if (!claim) return payload;
    request.idempotencyClaim = undefined;
    const where = and(eq(idempotencyKeys.scope, claim.scope), eq(idempotencyKeys.key, claim.key));
    const storable = typeof payload === 'string' || Buffer.isBuffer(payload) || payload === null;
    await db.system(async (tx) => {
      if (reply.statusCode >= 500 || !storable) {
        await tx.delete(idempotencyKeys).where(where);
        return;
      }
      await tx
        .update(idempotencyKeys)
        .set({
          state: 'completed',
          responseStatus: reply.statusCode,
          responseContentType: String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8'),
          responseBody: payload === null ? '' : payload.toString(),
        })
        .where(where);
    });
    return payload;
  });
}
