/**
 * Job throughput through Atelier's job port against bare pg-boss on the same PostgreSQL in the
 * same run. Each side drains a queue pre-filled with N no-op jobs (bulk-inserted by a helper
 * pg-boss instance before the worker starts; Atelier's jobs carry the port's envelope) with
 * batchSize 10, a notify queue, burstWhenBatchFull and the port's polling intervals. The port
 * adds its per-job results, context, payload validation, retry/expiry/heartbeat/dead-letter
 * queue options; the peer's handler is plain. Rounds alternate which side goes first; each
 * side's figure is its median round (after a short warm-up), timed from work() until its handler has seen N jobs.
 * Only one side's pg-boss runs at a time.
 */
import { z } from 'zod';
import { loadConfig } from '../src/platform/config/config.ts';
import { defineJob } from '../src/platform/jobs/define-job.ts';
import { createJobQueue } from '../src/platform/jobs/job-queue.ts';
import { createLogger } from '../src/platform/logging/logger.ts';
import { createScratchPostgres, skipped, perSecond, type ScratchPostgres } from './bench-databases.ts';
import { countTo, ensureNotifyQueue, fillQueue, pollingOptions, startBoss } from './bench-jobs.ts';
import { defineBenchmark, median, type Measurement } from './harness.ts';

const modes = {
  full: { jobs: 10_000, rounds: 3, warmup: 500 },
  smoke: { jobs: 500, rounds: 1, warmup: 100 },
};
const batchSize = 10;
const poolSize = 10;
const unit = 'jobs/s';
const subjectQueue = 'bench.noop';
const peerQueue = 'bench-peer.noop';

export const benchmark = defineBenchmark({
  name: 'jobs',
  peer: 'bare pg-boss, same server, same batch size and polling, notify queue',
  goal: { ratio: 0.9, description: '≥ 0.90× bare pg-boss jobs/s draining a pre-filled queue of no-op jobs (overhead ≤ 10%)' },
  async run(options) {
    const mode = options.smoke ? modes.smoke : modes.full;
    const created = await createScratchPostgres('jobs', poolSize);
    if (!created.ok) return skipped(created.reason);
    const scratch = created.scratch;
    try {
      // The first pg-boss to start installs its schema; the filler does it, before either side.
      const filler = await startBoss(scratch.url, 2, 'filler');
      try {
        // Warm-up (JIT, pools, pg-boss's prepared plans), not counted.
        await drainThroughPort(scratch, filler, mode.warmup);
        await drainThroughBarePgBoss(scratch, filler, mode.warmup);
        const subjectMs: number[] = [];
        const peerMs: number[] = [];
        for (let round = 0; round < mode.rounds; round++) {
          if (round % 2 === 0) {
            subjectMs.push(await drainThroughPort(scratch, filler, mode.jobs));
            peerMs.push(await drainThroughBarePgBoss(scratch, filler, mode.jobs));
          } else {
            peerMs.push(await drainThroughBarePgBoss(scratch, filler, mode.jobs));
            subjectMs.push(await drainThroughPort(scratch, filler, mode.jobs));
          }
        }
        const rate = (ms: number) => Math.round(perSecond(mode.jobs, ms)).toLocaleString('en-US');
        return {
          subject: summarise(subjectMs, mode.jobs),
          peer: summarise(peerMs, mode.jobs),
          notes: [
            `${mode.rounds} round(s) of ${mode.jobs.toLocaleString('en-US')} jobs per side after ${mode.warmup} warm-up jobs each, ` +
              `batchSize ${batchSize}, pool ${poolSize}, order alternating (subject first in even rounds)`,
            `jobs/s by round: subject ${subjectMs.map(rate).join(', ')}; peer ${peerMs.map(rate).join(', ')}`,
          ],
        };
      } finally {
        await filler.stop({ graceful: false, close: true });
      }
    } finally {
      await scratch.drop();
    }
  },
});

/** Milliseconds for Atelier's worker to run `count` pre-filled no-op jobs. */
async function drainThroughPort(scratch: ScratchPostgres, filler: Awaited<ReturnType<typeof startBoss>>, count: number): Promise<number> {
  const done = countTo(count, 300_000, 'Atelier job port');
  const job = defineJob(subjectQueue, z.object({}), async () => done.add(1));
  const queue = await createJobQueue({ config: loadConfig({}), db: scratch.db, role: 'worker', jobs: [job], logger: createLogger('silent'), batchSize });
  try {
    await fillQueue(filler, subjectQueue, count, { payload: {}, workspaceId: null, traceId: null });
    const started = performance.now();
    await queue.work();
    await done.reached;
    return performance.now() - started;
  } finally {
    await queue.stop(5000);
  }
}

/** Milliseconds for a bare pg-boss worker to run `count` pre-filled no-op jobs. */
async function drainThroughBarePgBoss(scratch: ScratchPostgres, filler: Awaited<ReturnType<typeof startBoss>>, count: number): Promise<number> {
  const done = countTo(count, 300_000, 'bare pg-boss');
  const boss = await startBoss(scratch.url, scratch.poolSize, 'worker');
  try {
    await ensureNotifyQueue(boss, peerQueue);
    await fillQueue(filler, peerQueue, count, {});
    const started = performance.now();
    await boss.work(peerQueue, { batchSize, burstWhenBatchFull: true, ...pollingOptions }, async (jobs) => {
      done.add(jobs.length);
    });
    await done.reached;
    return performance.now() - started;
  } finally {
    await boss.stop({ graceful: true, timeout: 5000, close: true });
  }
}

function summarise(roundsMs: readonly number[], count: number): Measurement {
  const rates = roundsMs.map((ms) => perSecond(count, ms));
  return {
    value: median(rates),
    unit,
    extra: {
      best: { value: Math.max(...rates), unit },
      worst: { value: Math.min(...rates), unit },
    },
  };
}
