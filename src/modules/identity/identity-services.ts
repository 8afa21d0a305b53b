import type { FastifyInstance } from 'fastify';
import type { ModuleRouteOptions } from '../../platform/module.ts';
import { createThrottle } from '../../platform/throttle/throttle.ts';
import { installAccess } from './access.ts';
import { createAccounts } from './accounts.ts';
import { createApiKeys } from './api-keys.ts';
import { createAudit } from './audit.ts';
import type { IdentityDeps } from './deps.ts';
import { createDirectory } from './directory.ts';
import { createMembers } from './members.ts';
import { createOperatorConsole } from './operators.ts';
import { composeMatrix } from './permissions.ts';
import { createWorkspaces } from './workspaces.ts';

export function createIdentityServices(options: ModuleRouteOptions) {
  const deps: IdentityDeps = {
    config: options.config,
    db: options.db,
    jobs: options.jobs,
    directory: createDirectory(options.db),
    throttle: createThrottle(options.db),
    // Identity's own permissions are in the list: its module declares them like any other.
    matrix: composeMatrix(options.permissions),
    limits: options.limits,
  };
  return {
    ...deps,
    accounts: createAccounts(deps),
    workspaces: createWorkspaces(deps),
    members: createMembers(deps),
    apiKeys: createApiKeys(deps),
    audit: createAudit(deps),
    operators: createOperatorConsole(options.db),
  };
}

export type IdentityServices = ReturnType<typeof createIdentityServices>;

declare module 'fastify' {
  interface FastifyInstance {
    identity: IdentityServices;
  }
}

/** The module's request hooks: its services for its routes, and access control for every route. */
export async function identityRequestHooks(app: FastifyInstance, options: ModuleRouteOptions): Promise<void> {
  const services = createIdentityServices(options);
  app.decorate('identity', services);
  app.addHook('onClose', async () => services.directory.close());
  await installAccess(app, services);
}
