import type { FastifyInstance, FastifyRequest } from 'fastify';
import { newId } from '../db/new-id.ts';
import { runWithContext, type RequestContext } from '../context/request-context.ts';

declare module 'fastify' {
  interface FastifyRequest {
    context: RequestContext;
  }
}

const incomingIdPattern = /^[A-Za-z0-9._:-]{1,64}$/;

/** A caller's own request id is kept if it is harmless, so its logs and ours line up. */
export function requestIdFor(request: { headers: Record<string, string | string[] | undefined> }): string {
  const incoming = request.headers['x-request-id'];
  return typeof incoming === 'string' && incomingIdPattern.test(incoming) ? incoming : newId();
}

/**
 * Starts the request's context (AsyncLocalStorage), echoes its id on every response and logs
 * one line per request when it completes. The
 * context is entered twice because body parsing runs on stream events outside the first run():
 * entering again before the handler keeps it for everything the route does.
 */
export function installRequestContext(app: FastifyInstance): void {
  app.decorateRequest('context', undefined as unknown as RequestContext);
  app.addHook('onRequest', (request: FastifyRequest, reply, done) => {
    request.context = { requestId: request.id };
    reply.header('x-request-id', request.id);
    runWithContext(request.context, done);
  });
  app.addHook('preHandler', (request: FastifyRequest, _reply, done) => {
    runWithContext(request.context, done);
  });
  app.addHook('onResponse', (request, reply, done) => {
    request.log.info(
      {
        method: request.method,
        // The path only: a query string may carry a secret (an emailed link's token).
        url: request.url.split('?')[0],
        route: request.routeOptions.url,
        statusCode: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request completed',
    );
    done();
  });
}
