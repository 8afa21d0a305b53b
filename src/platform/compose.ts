import { eventCommands } from './events/event-commands.ts';
import type { SubscriberDefinition } from './events/subscriber.ts';
import { idempotencyRetention } from './http/idempotency-retention.ts';
import { jobCommands } from './jobs/job-commands.ts';
import { jobProgressRetention } from './jobs/job-retention.ts';
import type { AnyJob, ScheduleDefinition } from './jobs/define-job.ts';
import { mailCommands } from './mail/mail-commands.ts';
import { mailRetention } from './mail/mail-retention.ts';
import { sendEmailJob } from './mail/send-email.ts';
import type { Contributions } from './extension-points.ts';
import { vacuumPglite, vacuumPgliteSchedule } from './jobs/pglite-vacuum.ts';
import { contributionsOf, type AtelierModule } from './module.ts';
import type { CommandDefinition } from './process/command.ts';
import { migrateCommand } from './process/platform-commands.ts';
import { throttleRetention } from './throttle/throttle-retention.ts';

/** Everything the kernel and the modules declare, gathered once for the process roles. */
export interface Composition {
  modules: readonly AtelierModule[];
  commands: readonly CommandDefinition[];
  subscribers: readonly SubscriberDefinition[];
  jobs: readonly AnyJob[];
  schedules: readonly ScheduleDefinition[];
  contributions: Contributions;
}

/** The kernel's own housekeeping. */
const retentions = [idempotencyRetention, jobProgressRetention, throttleRetention, mailRetention];

export function compose(modules: readonly AtelierModule[]): Composition {
  const composition: Composition = {
    modules,
    commands: [migrateCommand, ...eventCommands, ...jobCommands, ...mailCommands, ...modules.flatMap((module) => module.commands ?? [])],
    subscribers: modules.flatMap((module) => module.subscribers ?? []),
    jobs: [sendEmailJob, vacuumPglite, ...retentions.map((retention) => retention.job), ...modules.flatMap((module) => module.jobs ?? [])],
    schedules: [vacuumPgliteSchedule, ...retentions.map((retention) => retention.schedule), ...modules.flatMap((module) => module.schedules ?? [])],
    contributions: contributionsOf(modules),
  };
  for (const kind of ['commands', 'subscribers', 'jobs', 'schedules'] as const) {
    const names = composition[kind].map((entry) => entry.name);
    const duplicate = names.find((name, index) => names.indexOf(name) !== index);
    if (duplicate) throw new Error(`two ${kind} are named "${duplicate}"`);
  }
  return composition;
}
