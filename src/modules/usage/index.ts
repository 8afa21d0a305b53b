import type { FastifyInstance } from 'fastify';
import { defineModule, type ModuleRouteOptions } from '../../platform/module.ts';
import { creditRoutes } from './credits.routes.ts';
import { usageRoutes } from './usage.routes.ts';
import { usageCommands } from './usage-commands.ts';
import { expireCredits, grantAllowances, planSubscriber, releaseTimedOutReservations, usageSchedules } from './usage-jobs.ts';

import { createLimits } from './limits.ts';
import { workspaceRateLimit } from './rate-limit.ts';
import { createUsage } from './usage-services.ts';

export { assertWithinLimit, judgeLimit, type LimitVerdict } from './limits.ts';
export { createMetering, type Metering } from './metering.ts';
export { createUsage, type Usage } from './usage-services.ts';
export { reservationTimeoutSeconds } from './ledger.ts';
export * from './events.ts';

/**
 * Credits, plans and limits: the one place that knows how many credits a workspace has, what it
 * spent them on and what its plan allows. Other modules call `createUsage(db, config)`; none keeps its own counters.
 */
export const usageModule = defineModule({
  name: 'usage',
  async routes(app: FastifyInstance, options: ModuleRouteOptions) {
    await creditRoutes(app, options);
    await usageRoutes(app, options);
  },
  limits: ({ db, config }) => createLimits(createUsage(db, config).plans),
  requestHooks: workspaceRateLimit,
  permissions: [
    { name: 'usage:read', description: 'See credits, the ledger, the plan and usage history', roles: ['owner', 'admin', 'member'] },
    { name: 'billing:manage', description: 'Change the plan and buy credits', roles: ['owner', 'admin'] },
  ],
  subscribers: [planSubscriber],
  jobs: [grantAllowances, expireCredits, releaseTimedOutReservations],
  schedules: usageSchedules,
  commands: usageCommands,
});
