// A job worker for the crash test (test/engines/jobs-crash.test.ts): works `test.crash-effect`
// on the PostgreSQL database at URL (argv[2]) until someone kills it, and prints "ready" once it
// takes jobs. Each run records itself in public.job_runs and its effect, once per job, in
// public.job_effects, in one transaction; it takes up to MAX_DELAY_MS (argv[3]) around that.
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../../src/platform/config/config.ts';
import { openPostgres } from '../../src/platform/db/postgres.ts';
import { createJobQueue } from '../../src/platform/jobs/job-queue.ts';
import { createLogger } from '../../src/platform/logging/logger.ts';
import { crashEffectJob } from './crash-job.ts';

const url = process.argv[2];
const maxDelayMs = Number(process.argv[3] ?? 0);
if (!url) throw new Error('usage: crash-worker.ts <database url> [max delay ms]');

const db = await openPostgres({ url, poolSize: 4, applicationName: 'crash-worker' });
const job = crashEffectJob(async (_payload, { jobId, db }) => {
  await sleep(Math.random() * maxDelayMs / 2);
  await db.system((tx) =>
    tx.execute(sql`with run as (insert into public.job_runs (job_id, pid) values (${jobId}, ${process.pid}))
                   insert into public.job_effects (job_id) values (${jobId}) on conflict do nothing`),
  );
  // A kill from here on leaves the effect done but the job unfinished: it runs again.
  await sleep(Math.random() * maxDelayMs / 2);
});
const queue = await createJobQueue({ config: loadConfig({}), db, role: 'worker', jobs: [job], logger: createLogger('warn'), batchSize: 20 });
await queue.work();
process.stdout.write('ready\n');
