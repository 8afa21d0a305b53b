import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../../src/platform/config/config.ts';
import { compose } from '../../src/platform/compose.ts';
import { createHttpApp } from '../../src/platform/http/create-http-app.ts';
import { createPublicApp } from '../../src/platform/http/create-public-app.ts';
import { createMetricsRegistry } from '../../src/platform/http/metrics.ts';
import { createJobQueue } from '../../src/platform/jobs/job-queue.ts';
import { createLogger, type Logger } from '../../src/platform/logging/logger.ts';
import type { AtelierModule } from '../../src/platform/module.ts';
import { executeCommand } from '../../src/platform/process/command.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

/** A logger whose lines the test can read back. */
export function memoryLogger(level = 'info'): { logger: Logger; lines: () => Record<string, unknown>[]; text: () => string } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger(level, sink);
  const text = () => chunks.join('');
  return {
    logger,
    text,
    lines: () =>
      text()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

export interface TestApp {
  app: FastifyInstance;
  /** The public origin's app (published sites), when a module serves anything there. */
  publicApp: FastifyInstance | null;
  config: Config;
  database: TestDatabase;
  logs: ReturnType<typeof memoryLogger>;
  /** Runs an operator command (`['operator', 'grant', 'ann@example.com']`) as `npx atelier` would, on this app's database. */
  command(argv: readonly string[]): ReturnType<typeof executeCommand>;
  close(): Promise<void>;
}

/** The real HTTP app on a private test database, with the given modules and a readable log. */
export async function createTestApp(modules: AtelierModule[] = [], settings: Partial<Config> = {}): Promise<TestApp> {
  const config: Config = { ...loadConfig({ PUBLIC_URL: 'http://localhost:3000' }), ...settings };
  const database = await createTestDatabase();
  const logs = memoryLogger();
  const composition = compose(modules);
  const jobs = await createJobQueue({ config, db: database.db, role: 'client', jobs: composition.jobs, logger: logs.logger });
  const app = await createHttpApp({
    config,
    db: database.db,
    jobs,
    logger: logs.logger,
    metrics: createMetricsRegistry(),
    modules,
  });
  const publicApp = await createPublicApp({ config, db: database.db, jobs, logger: logs.logger, modules });
  return {
    app,
    publicApp,
    config,
    database,
    logs,
    command: (argv) => executeCommand(composition.commands, { config, db: database.db, jobs, logger: logs.logger, subscribers: composition.subscribers }, argv),
    async close() {
      await app.close();
      await publicApp?.close();
      await jobs.stop(0);
      await database.drop();
    },
  };
}
