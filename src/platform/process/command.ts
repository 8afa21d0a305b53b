import type { Config } from '../config/config.ts';
import { rootCause } from '../errors/root-cause.ts';
import type { Database } from '../db/database.ts';
import type { SubscriberDefinition } from '../events/subscriber.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { Logger } from '../logging/logger.ts';

export interface CommandContext {
  config: Config;
  db: Database;
  jobs: JobQueue;
  logger: Logger;
  subscribers: readonly SubscriberDefinition[];
}

/**
 * An operator command (`npx atelier migrate`, `npx atelier credits grant …`). It runs wherever
 * the database is: in the CLI process on PostgreSQL or when nothing holds the PGlite data
 * directory, otherwise inside the running server, reached over its command socket.
 */
export interface CommandDefinition {
  /** Words that name it, e.g. `operator grant`. */
  name: string;
  usage: string;
  summary: string;
  /** Returns the one line printed on success; throws CommandError for a clear refusal. */
  run(context: CommandContext, args: string[]): Promise<string>;
}

export class CommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandError';
  }
}

export function defineCommand(command: CommandDefinition): CommandDefinition {
  return command;
}

/** Picks the command whose name matches the most leading words of `argv`. */
export function findCommand(
  commands: readonly CommandDefinition[],
  argv: readonly string[],
): { command: CommandDefinition; args: string[] } | undefined {
  let best: CommandDefinition | undefined;
  for (const command of commands) {
    const words = command.name.split(' ');
    const matches = words.every((word, index) => argv[index] === word);
    if (matches && (!best || words.length > best.name.split(' ').length)) best = command;
  }
  return best ? { command: best, args: argv.slice(best.name.split(' ').length) } : undefined;
}

/** Runs a command and turns its outcome into the reply the CLI prints; never throws. */
export async function executeCommand(
  commands: readonly CommandDefinition[],
  context: CommandContext,
  argv: readonly string[],
): Promise<{ ok: true; output: string } | { ok: false; error: string }> {
  const found = findCommand(commands, argv);
  if (!found) return { ok: false, error: `unknown command "${argv.join(' ')}"; run npx atelier help` };
  try {
    return { ok: true, output: await found.command.run(context, found.args) };
  } catch (error) {
    if (error instanceof CommandError) return { ok: false, error: error.message };
    context.logger.error({ err: error, command: found.command.name }, 'command failed');
    return { ok: false, error: `${found.command.name} failed: ${(rootCause(error) as Error).message}` };
  }
}
