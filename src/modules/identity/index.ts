import type { FastifyInstance } from 'fastify';
import { defineModule } from '../../platform/module.ts';
import { authRoutes } from './auth.routes.ts';
import { identityRequestHooks } from './identity-services.ts';
import { meRoutes } from './me.routes.ts';
import { operatorCommands } from './operators.ts';
import { operatorRoutes } from './operator.routes.ts';
import { identityPermissions } from './permissions.ts';
import { purgeDeletedWorkspaces, purgeDeletedWorkspacesDaily } from './purge-deleted-workspaces.ts';
import { workspaceRoutes } from './workspace.routes.ts';

export type { Caller, RouteAccess, WorkspaceAccess } from './access.ts';
export { roles, type Role } from './permissions.ts';
export * from './events.ts';

/**
 * Who is calling, in which workspace, allowed to do what. Its request hooks authenticate every
 * request and check the permission each route declares (`config: { access }`); other modules
 * read `request.caller` and `request.workspace`.
 */
export const identityModule = defineModule({
  name: 'identity',
  requestHooks: identityRequestHooks,
  async routes(app: FastifyInstance) {
    await app.register(authRoutes);
    await app.register(meRoutes);
    await app.register(workspaceRoutes);
    await app.register(operatorRoutes);
  },
  permissions: identityPermissions,
  commands: operatorCommands,
  jobs: [purgeDeletedWorkspaces],
  schedules: [purgeDeletedWorkspacesDaily],
});
