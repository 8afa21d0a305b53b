import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { memoryLogger } from '../../../test/support/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { loadConfig } from '../config/config.ts';
import { currentContext, runWithContext } from '../context/request-context.ts';
import { appRole } from '../db/app-role.ts';
import { queryRows, type Tx } from '../db/tenancy.ts';
import { defineJob } from './define-job.ts';
import { createJobQueue, type JobQueue } from './job-queue.ts';

const workspaceA = '01900000-0000-7000-8000-0000000000a1';
const workspaceB = '01900000-0000-7000-8000-0000000000b1';

const ran: { tag: string; workspaceId: string | undefined; traceId: string | undefined }[] = [];
let flakyFailures = 0;
const fairOrder: string[] = [];

const recordJob = defineJob('test.record', z.object({ tag: z.string() }), async (payload) => {
  const context = currentContext();
  ran.push({ tag: payload.tag, workspaceId: context?.workspaceId, traceId: context?.traceId });
});
const alwaysFails = defineJob('test.always-fails', z.object({ tag: z.string() }), async (payload) => {
  if (flakyFailures-- > 0) throw new Error(`cannot do ${payload.tag}`);
  ran.push({ tag: payload.tag, workspaceId: undefined, traceId: undefined });
}, { retryLimit: 1, retryDelaySeconds: 1 });
let releaseSteps: () => void = () => {};
const stepsJob = defineJob('test.steps', z.object({ total: z.number() }), async (payload, { progress }) => {
  await progress({ step: 'started', done: 0, total: payload.total });
  await new Promise<void>((resolve) => (releaseSteps = resolve));
  await progress({ step: 'finished', done: payload.total, total: payload.total });
});
const fairJob = defineJob('test.fair', z.object({ tag: z.string() }), async (payload) => {
  fairOrder.push(payload.tag);
  await new Promise((resolve) => setTimeout(resolve, 5));
}, { fairPerWorkspace: true });

let test: TestDatabase;
let queue: JobQueue;
beforeAll(async () => {
  test = await createTestDatabase();
  queue = await createJobQueue({
    config: loadConfig({}),
    db: test.db,
    role: 'worker',
    jobs: [recordJob, alwaysFails, stepsJob, fairJob],
    logger: memoryLogger('fatal').logger,
    workspaceConcurrency: () => 1,
  });
});
afterAll(async () => {
  await queue?.stop(1000);
  await test?.drop();
});

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const jobRows = (name: string) =>
  test.db.system((tx) => queryRows<{ id: string }>(tx, sql`select id from pgboss.job where name = ${name}`));

describe('the job queue', () => {
  it('enqueues with the transaction: a rolled-back transaction leaves no job, a committed one runs in its context', async () => {
    await expect(
      test.db.tenant(workspaceA, async (tx) => {
        await queue.enqueue(tx, recordJob, { tag: 'rolled-back' }, { workspaceId: workspaceA });
        throw new Error('state change failed');
      }),
    ).rejects.toThrow('state change failed');
    expect(await jobRows('test.record')).toEqual([]);

    await runWithContext({ requestId: 'req-42' }, () =>
      test.db.tenant(workspaceA, (tx) => queue.enqueue(tx, recordJob, { tag: 'committed' }, { workspaceId: workspaceA })),
    );
    await queue.work();
    await until(() => ran.some((entry) => entry.tag === 'committed'));
    expect(ran.find((entry) => entry.tag === 'committed')).toEqual({ tag: 'committed', workspaceId: workspaceA, traceId: 'req-42' });
    expect(ran.some((entry) => entry.tag === 'rolled-back')).toBe(false);
  });

  it('leaves a tenant transaction as the app role, in its workspace, after enqueueing from it', async () => {
    const after = await test.db.tenant(workspaceA, async (tx) => {
      await queue.enqueue(tx, recordJob, { tag: 'role-kept' }, { workspaceId: workspaceA });
      return queryRows<{ role: string; workspace: string }>(tx, sql`select current_user::text as role, current_setting('app.workspace_id', true) as workspace`);
    });
    expect(after).toEqual([{ role: appRole, workspace: workspaceA }]);
  });

  it('enqueues a job once per idempotency key', async () => {
    const first = await queue.enqueue(null, recordJob, { tag: 'once' }, { idempotencyKey: 'event-1' });
    const second = await queue.enqueue(null, recordJob, { tag: 'once' }, { idempotencyKey: 'event-1' });
    expect(first).toEqual(expect.any(String));
    expect(second).toBeNull();
    await until(() => ran.some((entry) => entry.tag === 'once'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ran.filter((entry) => entry.tag === 'once')).toHaveLength(1);
  });

  it('refuses a payload that does not match the job', async () => {
    await expect(queue.enqueue(null, recordJob, { tag: 42 } as never)).rejects.toThrow();
  });

  it('retries, then dead-letters a job that keeps failing, which an operator can send back', async () => {
    flakyFailures = 2;
    const id = await queue.enqueue(null, alwaysFails, { tag: 'doomed' });
    await until(async () => (await queue.deadLetters()).length > 0);
    const [dead] = await queue.deadLetters();
    expect(dead).toMatchObject({ job: 'test.always-fails', attempts: 2, error: { message: 'cannot do doomed' } });
    expect(id).toEqual(expect.any(String));
    expect(await queue.retryDeadLetter(dead?.id as string)).toBe(true);
    await until(() => ran.some((entry) => entry.tag === 'doomed'));
    expect(await queue.deadLetters()).toEqual([]);
  });

  it('shows a running job\'s progress at once, to its own workspace only', async () => {
    const id = (await queue.enqueue(null, stepsJob, { total: 3 }, { workspaceId: workspaceA })) as string;
    await until(async () => (await queue.progress(id))?.progress.step === 'started');
    expect(await queue.progress(id)).toMatchObject({ jobId: id, job: 'test.steps', workspaceId: workspaceA, progress: { done: 0, total: 3 } });
    const visibleTo = (workspaceId: string) =>
      test.db.tenant(workspaceId, (tx) => queryRows<{ job_id: string }>(tx, sql`select job_id from platform.job_progress where job_id = ${id}`));
    expect(await visibleTo(workspaceA)).toHaveLength(1);
    expect(await visibleTo(workspaceB)).toEqual([]);
    releaseSteps();
    await until(async () => (await queue.progress(id))?.progress.step === 'finished');
    expect(await queue.progress('not-a-job')).toBeNull();
  });

  it("does not let one workspace's backlog starve another's job", async () => {
    // Half of A's backlog is enqueued in A's own transactions, which count A's waiting jobs as they step out of the workspace.
    for (let i = 0; i < 60; i++) {
      const enqueue = (tx: Tx | null) => queue.enqueue(tx, fairJob, { tag: `a${i}` }, { workspaceId: workspaceA });
      await (i % 2 ? test.db.tenant(workspaceA, enqueue) : enqueue(null));
    }
    const ranBeforeB = fairOrder.length;
    await queue.enqueue(null, fairJob, { tag: 'b0' }, { workspaceId: workspaceB });
    await until(() => fairOrder.includes('b0'));
    // B's job goes to the head of the line beside A's backlog, not after it: at most the A jobs
    // already fetched when it arrived run first.
    expect(fairOrder.indexOf('b0') - ranBeforeB).toBeLessThanOrEqual(3);
    expect(fairOrder.filter((tag) => tag.startsWith('a')).length).toBeLessThan(60);
  });

  it("does not let a workspace's transaction count another workspace's waiting jobs", async () => {
    const count = (workspaceId: string) => test.db.tenant(workspaceA, (tx) => queryRows<{ queued: number }>(tx, sql`select platform.queued_jobs('test.fair', ${workspaceId}) as queued`));
    expect(await count(workspaceA)).toEqual([{ queued: expect.any(Number) }]);
    await expect(count(workspaceB)).rejects.toThrow();
  });
});
