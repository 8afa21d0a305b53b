import type { FastifyInstance } from 'fastify';
import type { ModuleRouteOptions } from '../../platform/module.ts';
import { createThrottle, throttleKey } from '../../platform/throttle/throttle.ts';
import { createUsage } from './usage-services.ts';

/**
 * Requests per minute per workspace, by plan, for sessions and API keys alike: after identity's
 * hook has resolved the workspace, every workspace route counts one request in a one-minute
 * window shared by every process (the kernel's throttle, in the database); over the plan's
 * allowance the answer is 429 with Retry-After.
 */
export async function workspaceRateLimit(app: FastifyInstance, options: ModuleRouteOptions): Promise<void> {
  const { plans } = createUsage(options.db, options.config);
  const throttle = createThrottle(options.db);
  app.addHook('onRequest', async (request) => {
    const workspaceId = request.workspace?.id;
    if (!workspaceId) return;
    const plan = await plans.currentPlan(workspaceId);
    await throttle.quota.consume(throttleKey('api:workspace', workspaceId), { limit: plan.limits.apiRequestsPerMinute, windowSeconds: 60 });
  });
}
