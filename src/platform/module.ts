import type { FastifyPluginAsync } from 'fastify';
import type { CommandDefinition } from './process/command.ts';
import type { Database } from './db/database.ts';

/** What a module's routes plugin receives from the composition root. */
export interface ModuleRouteOptions {
  db: Database;
}

/**
 * A module declares itself once; `src/app.ts` lists the modules and the kernel wires what they
 * declare. Later layers add their parts here (subscribers, jobs, permissions).
 */
export interface AtelierModule {
  name: string;
  /** Registered under /api, encapsulated: its hooks and decorators stay inside it. */
  routes?: FastifyPluginAsync<ModuleRouteOptions>;
  /** Operator commands, run by `npx atelier <name> …`. */
  commands?: CommandDefinition[];
}

export function defineModule(module: AtelierModule): AtelierModule {
  return module;
}
