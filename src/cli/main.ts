import { atelier } from '../app.ts';
import { ConfigError, loadConfig, type Config } from '../platform/config/config.ts';
import { openDatabase } from '../platform/db/open-database.ts';
import { rootCause } from '../platform/errors/root-cause.ts';
import { createLogger } from '../platform/logging/logger.ts';
import { executeCommand } from '../platform/process/command.ts';
import { migrateCommand } from '../platform/process/platform-commands.ts';
import { sendCommand } from '../platform/process/command-socket.ts';
import { DataDirLockedError } from '../platform/process/data-dir-lock.ts';
import { createJobQueue } from '../platform/jobs/job-queue.ts';
import { runAtelier, stopOnSignals, type Roles } from '../platform/process/run-atelier.ts';

const roles: Record<string, Roles & { summary: string }> = {
  start: { http: true, worker: true, summary: 'Run the whole product: HTTP server, jobs and event subscribers (npm start)' },
  serve: { http: true, worker: false, summary: 'Run the HTTP server only' },
  worker: { http: false, worker: true, summary: 'Run jobs and event subscribers only' },
};

function usage(): string {
  const rows = [
    ...Object.entries(roles).map(([usage, role]) => ({ usage, summary: role.summary })),
    ...atelier.commands.map((command) => ({ usage: command.usage, summary: command.summary })),
  ];
  const width = Math.max(...rows.map((row) => row.usage.length));
  return ['Usage: npx atelier <command>', '', ...rows.map((row) => `  ${row.usage.padEnd(width)}  ${row.summary}`)].join('\n');
}

function fail(message: string): never {
  console.error(`atelier: ${message}`);
  process.exit(1);
}

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(`invalid configuration: ${error.problems.join('; ')}`);
    throw error;
  }
}

/** One line a person can act on, never a stack trace. */
function explain(error: unknown): string {
  if (error instanceof DataDirLockedError) return error.message;
  const err = rootCause(error) as NodeJS.ErrnoException & { address?: string; port?: number };
  if (err.code === 'EADDRINUSE') return `port ${err.port ?? ''} is already in use; set PORT to another port`;
  if (err.code === 'ECONNREFUSED') return `cannot reach the database at ${err.address ?? ''}:${err.port ?? ''} (connection refused); check DATABASE_URL`;
  return err.message ?? String(error);
}

async function run(role: Roles): Promise<void> {
  const config = readConfig();
  const logger = createLogger(config.LOG_LEVEL);
  try {
    const starting = runAtelier({ config, logger, composition: atelier, roles: { http: role.http, worker: role.worker } });
    stopOnSignals(starting, logger, config.SHUTDOWN_TIMEOUT_MS);
    await starting;
  } catch (error) {
    logger.debug({ err: error }, 'start-up failed');
    fail(explain(error));
  }
}

async function runCommand(argv: string[]): Promise<void> {
  const config = readConfig();
  const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  let reply;
  try {
    const opened = await openDatabase(config);
    try {
      // Every command but `migrate` itself expects the schema its code was written for.
      if (argv[0] !== migrateCommand.name) await opened.db.migrate();
      const jobs = await createJobQueue({ config, db: opened.db, role: 'client', jobs: atelier.jobs, logger });
      try {
        reply = await executeCommand(atelier.commands, { config, db: opened.db, jobs, logger, subscribers: atelier.subscribers }, argv);
      } finally {
        await jobs.stop(0);
      }
    } finally {
      await opened.close();
    }
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) fail(explain(error));
    // The running server owns the embedded database: it runs the command for us.
    const [name = '', ...args] = argv;
    reply = await sendCommand(config.DATA_DIR, name, args).catch((socketError: unknown) =>
      fail(`${error.message} (and its command socket did not answer: ${(socketError as Error).message})`),
    );
  }
  if (!reply.ok) fail(reply.error);
  console.log(reply.output);
}

const argv = process.argv.slice(2);
const [first] = argv;
const role = first === undefined ? undefined : roles[first];
if (role) await run(role);
else if (first === undefined || first === 'help' || first === '--help' || first === '-h') console.log(usage());
else await runCommand(argv);
