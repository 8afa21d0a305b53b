import { hash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { fromPglite, PgBoss, type ConstructorOptions, type Db, type JobResult } from 'pg-boss';
import type { Config } from '../config/config.ts';
import { currentContext, runWithContext } from '../context/request-context.ts';
import type { Database } from '../db/database.ts';
import { appRole } from '../db/app-role.ts';
import { sendSql, sendStatement } from '../db/send-sql.ts';
import { isUuid, queryRows, type Tx } from '../db/tenancy.ts';
import { unanswered } from '../db/unanswered.ts';
import type { Logger } from '../logging/logger.ts';
import { noContributions, type Contributions } from '../extension-points.ts';
import type { AnyJob, JobDefinition, JobProgress, JobQueue, ScheduleDefinition } from './define-job.ts';
import { jobProgress } from './job-progress.schema.ts';

export type { JobQueue };

/** Every queue's exhausted jobs land here, for an operator to list and send back. */
export const deadLetterQueue = 'atelier.dead-letters';
/** Fair queues group jobs by workspace; a group's tier names its cap, so caps can differ per workspace. */
const largestWorkspaceCap = 64;
const capTiers = Object.fromEntries(Array.from({ length: largestWorkspaceCap }, (_, index) => [`cap-${index + 1}`, index + 1]));

/** How often a worker expires jobs and fails those whose heartbeat stopped. */
const supervisionSeconds = 5;

/** An explicit priority outranks any backlog: one step is more than a queue will ever hold. */
const fairPriorityStep = 1_000_000;

/** What a job carries besides its payload, so the handler runs in the context that enqueued it. */
interface Envelope {
  payload: unknown;
  workspaceId: string | null;
  traceId: string | null;
}

export interface JobQueueOptions {
  /** Handed to every handler (SMTP settings, public URL, …). */
  config: Config;
  db: Database;
  /** A `client` only enqueues and inspects (the HTTP role, the CLI); a `worker` runs jobs too. */
  role: 'client' | 'worker';
  jobs: readonly AnyJob[];
  schedules?: readonly ScheduleDefinition[];
  logger: Logger;
  /** How many jobs of a fair queue one workspace may run at once (the plan decides; default 2). */
  workspaceConcurrency?: (workspaceId: string) => number | Promise<number>;
  /** Jobs fetched per poll and run side by side, per queue and process. */
  batchSize?: number;
  /** Handed to every handler: the modules' extension-point values. */
  contributions?: Contributions;
}

/** A stable job id from an idempotency key, so a second enqueue with the key inserts nothing. */
export function jobIdFor(jobName: string, idempotencyKey: string): string {
  const hex = hash('sha256', `${jobName}\n${idempotencyKey}`, 'hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The job port over pg-boss, on PostgreSQL or on PGlite's native backend. Starts the queues it
 * knows (creating them if needed) whether or not this process works them, so any role can enqueue.
 */
export async function createJobQueue(options: JobQueueOptions): Promise<JobQueue> {
  const { db, logger } = options;
  const jobs = new Map(options.jobs.map((job) => [job.name, job as JobDefinition<unknown>]));
  const connection: ConstructorOptions =
    db.connection.engine === 'pglite'
      ? { db: fromPglite(db.connection.pglite), backend: 'pglite' }
      : { connectionString: db.connection.url, max: db.connection.poolSize };
  const boss = new PgBoss({
    ...connection,
    schema: 'pgboss',
    // Only workers listen, supervise (expire, retry, archive) and run the cron clock.
    useListenNotify: options.role === 'worker',
    supervise: options.role === 'worker',
    schedule: options.role === 'worker',
    // A dead worker's job is failed (and so retried) by the first supervision pass after it
    // misses a heartbeat: pass every few seconds, not pg-boss's default minute.
    superviseIntervalSeconds: supervisionSeconds,
    monitorIntervalSeconds: supervisionSeconds,
    openTelemetry: { enabled: false },
    instanceName: 'atelier',
  });
  boss.on('error', (error: unknown) => logger.error({ err: error }, 'job queue error'));
  await boss.start();
  await ensureQueue(boss, deadLetterQueue, {});
  for (const job of jobs.values()) {
    await ensureQueue(boss, job.name, {
      retryLimit: job.options.retryLimit,
      retryDelay: job.options.retryDelaySeconds,
      retryBackoff: true,
      retryDelayMax: 3600,
      expireInSeconds: job.options.expireInSeconds,
      heartbeatSeconds: job.options.heartbeatSeconds,
      deadLetter: deadLetterQueue,
      notify: true,
    });
  }

  const queuedFor = async (name: string, workspaceId: string) => {
    const [row] = await db.system((system) => queryRows<{ queued: number }>(system, sql`select platform.queued_jobs(${name}, ${workspaceId}) as queued`));
    return row?.queued ?? 0;
  };

  const capFor = async (workspaceId: string) => {
    const cap = Math.trunc(await (options.workspaceConcurrency?.(workspaceId) ?? 2));
    return Math.min(largestWorkspaceCap, Math.max(1, cap));
  };

  async function run(job: JobDefinition<unknown>, id: string, attempt: number, signal: AbortSignal, envelope: Envelope): Promise<void> {
    const context = { requestId: `job:${id}`, traceId: envelope.traceId ?? undefined, workspaceId: envelope.workspaceId ?? undefined };
    await runWithContext(context, () =>
      job.handle(job.payload.parse(envelope.payload), {
        config: options.config,
        db,
        jobs: queue,
        jobId: id,
        attempt,
        workspaceId: envelope.workspaceId,
        signal,
        logger,
        contributions: options.contributions ?? noContributions,
        progress: (update) => saveProgress(db, { jobId: id, job: job.name, workspaceId: envelope.workspaceId }, update),
      }),
    );
  }

  const queue: JobQueue = {
    async enqueue(tx, job, payload, enqueueOptions = {}) {
      // An unknown queue sends pg-boss to the database outside the caller's transaction, which
      // on PGlite waits for that very transaction forever: refuse it plainly instead.
      if (!jobs.has(job.name)) throw new Error(`job ${job.name} is not in this process's composition; add it to its module's jobs`);
      const workspaceId = enqueueOptions.workspaceId ?? null;
      const context = currentContext();
      const envelope: Envelope = {
        payload: job.payload.parse(payload),
        workspaceId,
        traceId: context?.traceId ?? context?.requestId ?? null,
      };
      const fair = job.options.fairPerWorkspace && workspaceId !== null;
      const group = fair ? { id: workspaceId, tier: `cap-${await capFor(workspaceId)}` } : undefined;
      const send = (tx: Tx | null, queued: number) =>
        boss.send(job.name, envelope as unknown as object, {
          ...(tx ? { db: inTransaction(tx) } : {}),
          ...(enqueueOptions.idempotencyKey ? { id: jobIdFor(job.name, enqueueOptions.idempotencyKey) } : {}),
          ...(enqueueOptions.runAt ? { startAfter: enqueueOptions.runAt } : {}),
          // Fair queues interleave workspaces: a job's priority drops with the number of jobs its
          // workspace already has waiting, so one workspace's backlog cannot hold the head.
          priority: (enqueueOptions.priority ?? 0) * fairPriorityStep - queued,
          ...(group ? { group } : {}),
        });
      const counted = fair ? { name: job.name, workspaceId } : null;
      if (!tx) return send(null, counted ? await queuedFor(counted.name, counted.workspaceId) : 0);
      return asQueueOwner(tx, counted, (queued) => send(tx, queued));
    },

    async work() {
      if (options.role !== 'worker') throw new Error('this job queue was opened as a client; open it as a worker to run jobs');
      for (const job of jobs.values()) {
        await boss.work<Envelope>(
          job.name,
          {
            batchSize: options.batchSize ?? 10,
            perJobResults: true,
            pollingIntervalSeconds: 2,
            notifyPollingIntervalSeconds: 2,
            burstWhenBatchFull: true,
            ...(job.options.fairPerWorkspace ? { groupConcurrency: { default: 2, tiers: capTiers } } : {}),
          },
          async (batch): Promise<JobResult[]> =>
            Promise.all(
              batch.map(async (entry) => {
                try {
                  await run(job, entry.id, entry.retryCount, entry.signal, entry.data);
                  return { id: entry.id, status: 'completed' as const };
                } catch (error) {
                  logger.warn({ err: error, job: job.name, jobId: entry.id, attempt: entry.retryCount }, 'job failed');
                  const message = error instanceof Error ? error.message : String(error);
                  return { id: entry.id, status: 'failed' as const, output: { message } };
                }
              }),
            ),
        );
      }
      for (const schedule of options.schedules ?? []) {
        await boss.schedule(schedule.job.name, schedule.cron, { payload: schedule.payload, workspaceId: null, traceId: null }, {
          key: schedule.name,
          tz: 'UTC',
        });
      }
    },

    async deadLetters(limit = 100) {
      const found = await boss.findJobs<Envelope>(deadLetterQueue, { queued: true, limit });
      return Promise.all(
        found.map(async (entry) => {
          // The error stays on the original job; the dead letter is a copy of its payload.
          const [source] = entry.sourceName && entry.sourceId ? await boss.findJobs(entry.sourceName, { id: entry.sourceId }) : [];
          return {
            id: entry.id,
            job: entry.sourceName ?? 'unknown',
            workspaceId: entry.data?.workspaceId ?? null,
            attempts: (entry.sourceRetryCount ?? 0) + 1,
            error: source?.output ?? null,
            failedAt: entry.createdOn,
          };
        }),
      );
    },

    async retryDeadLetter(id) {
      return (await boss.redrive(deadLetterQueue, { ids: [id] })) > 0;
    },

    async progress(jobId) {
      if (!isUuid(jobId)) return null;
      const [row] = await db.system((tx) => tx.select().from(jobProgress).where(eq(jobProgress.jobId, jobId)));
      return row ? { ...row, progress: row.progress as JobProgress } : null;
    },

    async stop(graceMs = 10_000) {
      await boss.stop({ graceful: true, timeout: graceMs, close: true });
    },
  };
  return queue;
}

/**
 * pg-boss's statements in the caller's transaction, sent as pg-boss wrote them (its drizzle
 * adapter rebuilds each one as a drizzle template, only for drizzle to turn it back into text).
 */
function inTransaction(tx: Tx): Db {
  return { executeSql: async (text, values) => ({ rows: await sendSql(tx, text, values ?? []) }) };
}

/** Unanswered: on PGlite it goes in with the caller's next statement. */
const backToAppRole = unanswered({ sql: `set local role ${appRole}`, params: [], name: 'atelier.back_to_app_role' });

const stepOut = (queued: string) => `with before as materialized (select current_user::text as role, ${queued} as queued) select before.role, before.queued, set_config('role', 'none', true) from before`;
const owner = { sql: stepOut('0'), params: [], name: 'atelier.queue_owner' };
const ownerCounting = (name: string, workspaceId: string) => ({ sql: stepOut('platform.queued_jobs($1, $2)'), params: [name, workspaceId], name: 'atelier.queue_owner.counting' });

/**
 * The queue's tables are the kernel's, not a tenant's, so the app role has no grants on them; a
 * tenant transaction enqueues through this short step back to the connection's own role, taken
 * only for pg-boss's insert and undone before the caller's code runs again.
 */
async function asQueueOwner<T>(tx: Tx, counted: { name: string; workspaceId: string } | null, fn: (queued: number) => Promise<T>): Promise<T> {
  // One round trip reads the role and the workspace's waiting jobs, then steps back (the
  // materialized CTE is read before the projection runs set_config); stepping back from the
  // connection's own role changes nothing.
  const [scope] = await sendStatement<{ role: string; queued: number }>(tx, counted ? ownerCounting(counted.name, counted.workspaceId) : owner);
  const returnToAppRole = () => (scope?.role === appRole ? sendStatement(tx, backToAppRole) : Promise.resolve());
  let result: T;
  try {
    result = await fn(scope?.queued ?? 0);
  } catch (error) {
    // A caller that catches the error must not go on as the connection's role. After an SQL
    // error the transaction is aborted (and rolling back restores the role): the original error is the one to report.
    await returnToAppRole().catch(() => {});
    throw error;
  }
  await returnToAppRole();
  return result;
}

/** Written in the job's own scope, so it lands in the workspace's rows (and joins a transaction of that scope). */
async function saveProgress(db: Database, owner: { jobId: string; job: string; workspaceId: string | null }, update: JobProgress): Promise<void> {
  const write = (tx: Tx) =>
    tx
      .insert(jobProgress)
      .values({ ...owner, progress: update })
      .onConflictDoUpdate({ target: jobProgress.jobId, set: { progress: update, updatedAt: sql`now()` } });
  await (owner.workspaceId ? db.tenant(owner.workspaceId, write) : db.system(write));
}

async function ensureQueue(boss: PgBoss, name: string, queueOptions: Parameters<PgBoss['createQueue']>[1]): Promise<void> {
  if (!(await boss.getQueue(name))) await boss.createQueue(name, queueOptions);
  else if (queueOptions && Object.keys(queueOptions).length > 0) await boss.updateQueue(name, queueOptions);
}
