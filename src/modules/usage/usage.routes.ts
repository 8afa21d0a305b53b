import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { WorkspaceAccess } from '../identity/index.ts';
import type { ModuleRouteOptions } from '../../platform/module.ts';
import { createMetering, defaultRange } from './metering.ts';
import * as contract from './contract.ts';

const workspaceParams = z.object({ workspaceId: z.uuid({ error: 'must be an id' }) });
const need = (permission: string) => ({ access: { permission } });

/** The usage history under /workspaces/{workspaceId}/usage: identity's access hook has checked membership and `usage:read` before these run. */
export async function usageRoutes(app: FastifyInstance, options: ModuleRouteOptions): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const metering = createMetering(options.db);
  const access = (request: FastifyRequest) => request.workspace as WorkspaceAccess;
  const tags = ['usage'];

  routes.get(
    '/workspaces/:workspaceId/usage',
    {
      config: need('usage:read'),
      schema: {
        tags,
        summary: "A meter's usage per UTC day over a range (default: the last 30 days), optionally split by one dimension",
        params: workspaceParams,
        querystring: contract.usageQuery,
        response: { 200: contract.usageHistory },
      },
    },
    async (request) => {
      const { from, to } = defaultRange(request.query);
      return metering.usageByDay(access(request).id, { meter: request.query.meter, from, to, groupBy: request.query.groupBy });
    },
  );

  routes.get(
    '/workspaces/:workspaceId/usage/meters',
    { config: need('usage:read'), schema: { tags, summary: 'The meters this workspace has usage of, and when each was last recorded', params: workspaceParams, response: { 200: contract.usageMeters } } },
    async (request) => ({
      items: (await metering.meters(access(request).id)).map((item) => ({ meter: item.meter, lastOccurredAt: item.lastOccurredAt.toISOString() })),
    }),
  );
}
