import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/platform/config/config.ts';
import { queryRows } from '../../src/platform/db/tenancy.ts';
import { createJobQueue } from '../../src/platform/jobs/job-queue.ts';
import { createLogger } from '../../src/platform/logging/logger.ts';
import { crashEffectJob } from '../support/crash-job.ts';
import { spawnNode, type Spawned } from '../support/spawn-atelier.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const workerScript = path.join(import.meta.dirname, '../support/crash-worker.ts');
const jobCount = 10_000;
const kills = 6;
/** Each run takes up to this long, so that the queue drains over about a minute and kills find work in flight. */
const maxJobDelayMs = 300;

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase({ poolSize: 8 });
  await test.db.system(async (tx) => {
    await tx.execute(sql`create table public.job_effects (job_id uuid primary key)`);
    await tx.execute(sql`create table public.job_runs (job_id uuid not null, pid integer not null, ran_at timestamptz not null default clock_timestamp())`);
  });
});
afterAll(() => test?.drop());

const count = async (query: SQL): Promise<number> => {
  const [row] = await test.db.system((tx) => queryRows<{ count: number }>(tx, query));
  return row?.count ?? 0;
};

interface Kill {
  at: number;
  /** The killed worker's jobs: active when it died, and still active once the other worker finished its own. */
  orphans: string[];
  recoveredAt?: number;
}

describe('jobs on PostgreSQL', () => {
  it('runs every job to its effect exactly once while workers are killed with SIGKILL', { timeout: 300_000 }, async () => {
    const job = crashEffectJob();
    const started = Date.now();
    const client = await createJobQueue({ config: loadConfig({}), db: test.db, role: 'client', jobs: [job], logger: createLogger('warn') });
    // From a clean slate (the queue's schema exists once a queue has started), so that a retry of
    // this test counts only its own jobs and runs.
    await test.db.system(async (tx) => {
      await tx.execute(sql`truncate public.job_effects, public.job_runs`);
      await tx.execute(sql`delete from pgboss.job where name = ${job.name}`);
    });
    const enqueued: string[] = [];
    try {
      for (let from = 0; from < jobCount; from += 200) {
        const ids = await Promise.all(Array.from({ length: Math.min(200, jobCount - from) }, (_, i) => client.enqueue(null, job, { n: from + i })));
        for (const id of ids) {
          if (id === null) throw new Error('enqueue returned no job id');
          enqueued.push(id);
        }
      }
    } finally {
      await client.stop(0);
    }
    const enqueueMs = Date.now() - started;

    const url = test.url as string;
    const spawn = async (): Promise<Spawned> => {
      const worker = spawnNode([url, String(maxJobDelayMs)], {}, workerScript);
      await worker.waitForLine(/^ready$/);
      return worker;
    };
    const workers = await Promise.all([spawn(), spawn()]);
    const killLog: Kill[] = [];
    const notCompleted = sql`select count(*)::int as count from pgboss.job where name = ${job.name} and state <> 'completed'`;
    const activeJobs = async () => {
      const rows = await test.db.system((tx) =>
        queryRows<{ id: string }>(tx, sql`select id::text as id from pgboss.job where name = ${job.name} and state = 'active'`),
      );
      return rows.map((row) => row.id);
    };
    let drainedAt: number | undefined;
    let killing = true;
    let stopped = false;
    // Notes when each kill's orphans have all completed, and when every job has.
    const watch = async (deadline: number) => {
      while (!stopped && Date.now() < deadline) {
        const now = Date.now();
        for (const kill of killLog.filter((candidate) => candidate.recoveredAt === undefined)) {
          const open = await count(sql`select count(*)::int as count from pgboss.job where id = any(${sql.param(kill.orphans)}::uuid[]) and state <> 'completed'`);
          if (open === 0) kill.recoveredAt = now;
        }
        if (!killing && killLog.every((kill) => kill.recoveredAt !== undefined) && (await count(notCompleted)) === 0) {
          drainedAt = now;
          return;
        }
        await sleep(250);
      }
    };
    const workStarted = Date.now();
    const watching = watch(workStarted + 240_000);
    try {
      // Always the same one: pg-boss's supervisor, which retries a dead worker's jobs, first runs a
      // full interval after its process started, so the other worker has to live on.
      for (let k = 0; k < kills; k++) {
        await sleep(2_000 + Math.random() * 4_000);
        const victim = workers[1] as Spawned;
        victim.child.kill('SIGKILL');
        await victim.exited;
        const at = Date.now();
        const tracked = new Set(killLog.filter((kill) => kill.recoveredAt === undefined).flatMap((kill) => kill.orphans));
        const active = await activeJobs();
        workers[1] = await spawn();
        await sleep(Math.max(0, at + 2_000 - Date.now()));
        const stillActive = new Set(await activeJobs());
        killLog.push({ at, orphans: active.filter((id) => stillActive.has(id) && !tracked.has(id)) });
      }
      // Until every job completed: the killed workers' jobs come back after a missed heartbeat.
      killing = false;
      await watching;
      const lastKill = killLog[killLog.length - 1] as Kill;
      const ranTwice = await count(sql`select count(*)::int as count from (select job_id from public.job_runs group by job_id having count(*) > 1) twice`);
      const runs = await count(sql`select count(*)::int as count from public.job_runs`);
      const recoveries = killLog.map((kill) => (kill.recoveredAt === undefined ? NaN : (kill.recoveredAt - kill.at) / 1000));
      // eslint-disable-next-line no-console -- the figures this test measures, for whoever runs it
      console.info(
        `crash test: ${jobCount} jobs enqueued in ${(enqueueMs / 1000).toFixed(1)} s; ${kills} SIGKILLs; ` +
          `orphaned jobs per kill ${killLog.map((kill) => kill.orphans.length).join('/')}; ` +
          `${runs} runs, ${ranTwice} jobs ran more than once; ` +
          `recovery per kill ${recoveries.map((seconds) => seconds.toFixed(1)).join('/')} s; ` +
          `drained ${drainedAt === undefined ? 'never' : ((drainedAt - lastKill.at) / 1000).toFixed(1)} s after the last kill, ` +
          `${drainedAt === undefined ? '?' : ((drainedAt - workStarted) / 1000).toFixed(1)} s after the workers started`,
      );

      // Most kills caught the worker with a batch in hand (on a loaded machine one may land between
      // batches), so the recovery was exercised.
      expect(killLog.filter((kill) => kill.orphans.length > 0).length).toBeGreaterThanOrEqual(kills / 2);
      expect(drainedAt).toBeDefined();
      expect(await count(notCompleted)).toBe(0);
      const effects = await test.db.system((tx) => queryRows<{ id: string }>(tx, sql`select job_id::text as id from public.job_effects order by job_id`));
      expect(effects.length).toBe(jobCount);
      expect(effects.map((row) => row.id)).toEqual([...enqueued].sort());
      // Only a killed worker's jobs run again: those whose effect was done but not yet acknowledged.
      expect(runs - jobCount).toBeGreaterThanOrEqual(ranTwice);
      expect(ranTwice).toBeLessThanOrEqual(killLog.reduce((sum, kill) => sum + kill.orphans.length, 0));
    } finally {
      stopped = true;
      await watching.catch(() => {});
      for (const worker of workers) worker.child.kill('SIGKILL');
      await Promise.all(workers.map((worker) => worker.exited));
    }
  });
});
