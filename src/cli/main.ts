import { commands, modules } from '../app.ts';
import { ConfigError, loadConfig, type Config } from '../platform/config/config.ts';
import { openDatabase } from '../platform/db/open-database.ts';
import { createLogger } from '../platform/logging/logger.ts';
import { executeCommand } from '../platform/process/command.ts';
import { migrateCommand } from '../platform/process/platform-commands.ts';
import { sendCommand } from '../platform/process/command-socket.ts';
import { DataDirLockedError } from '../platform/process/data-dir-lock.ts';
import { runServer, stopOnSignals } from '../platform/process/run-server.ts';

const processCommands = [
  { usage: 'start', summary: 'Run the whole product: HTTP server and background work (what npm start runs)' },
  { usage: 'serve', summary: 'Run the HTTP server only' },
];

function usage(): string {
  const rows = [...processCommands, ...commands.map((command) => ({ usage: command.usage, summary: command.summary }))];
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

/** The driver's own error under the wrappers (a failed query wraps the refused connection). */
function rootCause(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 5; depth++) {
    const next = current instanceof AggregateError ? current.errors[0] : (current as { cause?: unknown } | undefined)?.cause;
    if (next === undefined || next === null) return current;
    current = next;
  }
  return current;
}

async function serve(): Promise<void> {
  const config = readConfig();
  const logger = createLogger(config.LOG_LEVEL);
  try {
    const server = await runServer({ config, logger, modules, commands });
    stopOnSignals(server, logger, config.SHUTDOWN_TIMEOUT_MS);
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
      reply = await executeCommand(commands, { config, db: opened.db, logger }, argv);
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
if (first === 'start' || first === 'serve') await serve();
else if (first === undefined || first === 'help' || first === '--help' || first === '-h') console.log(usage());
else await runCommand(argv);
