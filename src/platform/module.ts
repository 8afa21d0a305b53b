import type { FastifyPluginAsync } from 'fastify';
import type { Database } from './db/database.ts';
import type { SubscriberDefinition } from './events/subscriber.ts';
import type { AnyJob, ScheduleDefinition } from './jobs/define-job.ts';
import type { JobQueue } from './jobs/job-queue.ts';
import type { CommandDefinition } from './process/command.ts';

/** What a module's routes plugin receives from the composition root. */
export interface ModuleRouteOptions {
  db: Database;
  jobs: JobQueue;
}

/**
 * A module declares itself once; `src/app.ts` lists the modules and the kernel wires what they
 * declare.
 */
export interface AtelierModule {
  name: string;
  /** Registered under /api, encapsulated: its hooks and decorators stay inside it. */
  routes?: FastifyPluginAsync<ModuleRouteOptions>;
  /** Operator commands, run by `npx atelier <name> …`. */
  commands?: CommandDefinition[];
  /** Reactions to events, run by the worker role. */
  subscribers?: SubscriberDefinition[];
  /** Background work, run by the worker role; retention jobs belong here too. */
  jobs?: AnyJob[];
  schedules?: ScheduleDefinition[];
}

export function defineModule(module: AtelierModule): AtelierModule {
  return module;
}
