import type { FastifyPluginAsync } from 'fastify';
import type { Config } from './config/config.ts';
import type { Database } from './db/database.ts';
import { gatherContributions, type Contribution, type Contributions } from './extension-points.ts';
import type { SubscriberDefinition } from './events/subscriber.ts';
import type { AnyJob, ScheduleDefinition } from './jobs/define-job.ts';
import type { JobQueue } from './jobs/job-queue.ts';
import type { CommandDefinition } from './process/command.ts';

/** What a module's routes plugin receives from the composition root. */
export interface ModuleRouteOptions {
  config: Config;
  db: Database;
  jobs: JobQueue;
  /** Every module's declared permissions, so the module that owns roles can compose the matrix. */
  permissions: readonly PermissionDefinition[];
  /** The plan limits, from the module that owns plans (everything is allowed when none does). */
  limits: Limits;
  /** What the modules plug into each other's extension points. */
  contributions: Contributions;
}

/**
 * "May workspace W do this now?": the caller counts what it owns (members, sites, bytes) and
 * says how many it adds; a refusal throws the structured `limit_reached` error.
 */
export interface Limits {
  assert(workspaceId: string, limit: string, current: number, adding?: number): Promise<void>;
  /** How many of the workspace's fair jobs may run at once (the job queue's per-workspace cap). */
  jobConcurrency(workspaceId: string): Promise<number>;
}

export const unlimited: Limits = { assert: async () => {}, jobConcurrency: async () => 2 };

/**
 * Something a route may require (`sites:write`), and the roles that get it by default. The
 * kernel only carries these; the identity module owns the roles and checks them.
 */
export interface PermissionDefinition {
  name: string;
  description: string;
  roles: readonly string[];
}

/**
 * A module declares itself once; `src/app.ts` lists the modules and the kernel wires what they
 * declare.
 */
export interface AtelierModule {
  name: string;
  /** Registered under /api, encapsulated: its hooks and decorators stay inside it. */
  routes?: FastifyPluginAsync<ModuleRouteOptions>;
  /**
   * Registered at the root before any module's routes, so its hooks see every request: how the
   * identity module authenticates and authorises all routes. Decorations it adds are global.
   */
  requestHooks?: FastifyPluginAsync<ModuleRouteOptions>;
  /**
   * Served on the public origin (`SITES_ORIGIN`), a separate listener without sessions or API:
   * what anonymous visitors reach, such as published sites and their forms.
   */
  publicRoutes?: FastifyPluginAsync<ModuleRouteOptions>;
  permissions?: PermissionDefinition[];
  /** Declared by the one module that owns plans (usage): how every other module's limits are checked. */
  limits?: (parts: { db: Database; config: Config }) => Limits;
  /** Operator commands, run by `npx atelier <name> …`. */
  commands?: CommandDefinition[];
  /** Reactions to events, run by the worker role. */
  subscribers?: SubscriberDefinition[];
  /** Background work, run by the worker role; retention jobs belong here too. */
  jobs?: AnyJob[];
  schedules?: ScheduleDefinition[];
  /** Values for other modules' extension points (`generationTasks.provide(siteGenerate)`). */
  contributes?: Contribution[];
}

/** The limits of the module that declares them; two modules declaring them is a composition error. */
export function limitsOf(modules: readonly AtelierModule[], parts: { db: Database; config: Config }): Limits {
  const providers = modules.filter((module) => module.limits);
  if (providers.length > 1) throw new Error(`only one module may declare limits; ${providers.map((module) => module.name).join(' and ')} do`);
  return providers[0]?.limits?.(parts) ?? unlimited;
}

export function contributionsOf(modules: readonly AtelierModule[]): Contributions {
  return gatherContributions(modules.flatMap((module) => module.contributes ?? []));
}

export function defineModule(module: AtelierModule): AtelierModule {
  return module;
}
