import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { createHttpApp } from '../../src/platform/http/create-http-app.ts';
import { createMetricsRegistry } from '../../src/platform/http/metrics.ts';
import { createJobQueue } from '../../src/platform/jobs/job-queue.ts';
import { createLogger, type Logger } from '../../src/platform/logging/logger.ts';
import type { AtelierModule } from '../../src/platform/module.ts';
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
  database: TestDatabase;
  logs: ReturnType<typeof memoryLogger>;
  close(): Promise<void>;
}

/** The real HTTP app on a private test database, with the given modules and a readable log. */
export async function createTestApp(
  modules: AtelierModule[] = [],
  config: { BODY_LIMIT_BYTES?: number; METRICS_TOKEN?: string } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const logs = memoryLogger();
  const jobs = await createJobQueue({ db: database.db, role: 'client', jobs: [], logger: logs.logger });
  const app = await createHttpApp({
    config: { BODY_LIMIT_BYTES: config.BODY_LIMIT_BYTES ?? 1_048_576, METRICS_TOKEN: config.METRICS_TOKEN },
    db: database.db,
    jobs,
    logger: logs.logger,
    metrics: createMetricsRegistry(),
    modules,
  });
  return {
    app,
    database,
    logs,
    async close() {
      await app.close();
      await jobs.stop(0);
      await database.drop();
    },
  };
}
