import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../../src/platform/config/config.ts';
import type { Database } from '../../src/platform/db/database.ts';
import { openPostgres } from '../../src/platform/db/postgres.ts';
import { queryRows } from '../../src/platform/db/tenancy.ts';
import { defineJob, defineSchedule } from '../../src/platform/jobs/define-job.ts';
import { createJobQueue, type JobQueue } from '../../src/platform/jobs/job-queue.ts';
import { createLogger } from '../../src/platform/logging/logger.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let test: TestDatabase;
let otherPool: Database;
beforeAll(async () => {
  test = await createTestDatabase({ poolSize: 4 });
  otherPool = await openPostgres({ url: test.url as string, poolSize: 4 });
});
afterAll(async () => {
  await otherPool?.close();
  await test?.drop();
});

const count = async (query: SQL): Promise<number> => {
  const [row] = await test.db.system((tx) => queryRows<{ count: number }>(tx, query));
  return row?.count ?? 0;
};

describe('scheduled jobs on PostgreSQL', () => {
  it('runs a cron schedule once per tick across two workers', { timeout: 150_000 }, async () => {
    const runs: { worker: number; jobId: string; at: Date }[] = [];
    const queues: JobQueue[] = [];
    try {
      for (const [worker, db] of [test.db, otherPool].entries()) {
        const job = defineJob('test.cron-tick', z.object({}), async (_payload, { jobId }) => void runs.push({ worker, jobId, at: new Date() }));
        const schedule = defineSchedule('test.every-minute', '* * * * *', job, {});
        const queue = await createJobQueue({ config: loadConfig({}), db, role: 'worker', jobs: [job], schedules: [schedule], logger: createLogger('warn') });
        queues.push(queue);
        await queue.work();
      }
      const started = Date.now();

      // pg-boss's cron clock looks for due ticks every 30 s, so the first run comes within 90 s.
      while (runs.length === 0 && Date.now() - started < 110_000) await sleep(250);
      expect(runs).toHaveLength(1);
      const firstRunSeconds = (Date.now() - started) / 1000;
      // Ticks are a minute apart and the next one cannot be sent until its minute has come: in the
      // next 10 s only a second worker sending the same tick could add a run.
      await sleep(10_000);
      expect(runs).toHaveLength(1);
      expect(await count(sql`select count(*)::int as count from pgboss.job where name = 'test.cron-tick'`)).toBe(1);
      expect(await count(sql`select count(*)::int as count from pgboss.schedule where name = 'test.cron-tick'`)).toBe(1);
      // eslint-disable-next-line no-console -- the figure this test measures, for whoever runs it
      console.info(`cron test: first run ${firstRunSeconds.toFixed(1)} s after the workers started, on worker ${runs[0]?.worker}; one run`);
    } finally {
      await Promise.all(queues.map((queue) => queue.stop(0)));
    }
  });
});
