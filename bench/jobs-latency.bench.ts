/**
 * Enqueue-to-start latency on an idle queue: a worker waits on an empty notify queue; jobs are
 * enqueued one at a time, each carrying the moment just before its enqueue call
 * (performance.now(), same process), and the handler records when it starts. The next job is
 * enqueued only after the previous one started and a short pause (so the worker has completed
 * it and is idle again). Atelier enqueues through its port (`enqueue(null, …)`); the peer is
 * bare pg-boss `send` with the same polling intervals on a notify queue. Rounds alternate which
 * side goes first; latencies are pooled per side.
 *
 * Lower is better: the ratio is peer p99 / subject p99. The goal is absolute (p99 ≤ 15 ms); the
 * harness judges ratios, so it is expressed as the ratio that 15 ms amounts to against this
 * run's peer p99.
 */
import { z } from 'zod';
import { loadConfig } from '../src/platform/config/config.ts';
import { defineJob } from '../src/platform/jobs/define-job.ts';
import { createJobQueue } from '../src/platform/jobs/job-queue.ts';
import { createLogger } from '../src/platform/logging/logger.ts';
import { createScratchPostgres, skipped, quantile, sleep, type ScratchPostgres } from './bench-databases.ts';
import { ensureNotifyQueue, pollingOptions, startBoss } from './bench-jobs.ts';
import { defineBenchmark, formatFigure, type Goal, type Measurement } from './harness.ts';

const modes = {
  full: { jobs: 200, rounds: 2, warmup: 10 },
  smoke: { jobs: 30, rounds: 1, warmup: 3 },
};
const pauseMs = 25;
const startTimeoutMs = 10_000;
const goalP99Ms = 15;
const subjectQueue = 'bench.ping';
const peerQueue = 'bench-peer.ping';
const poolSize = 10;

const goal: Goal = {
  // Replaced in run() by (this run's peer p99) / goalP99Ms; see the header.
  ratio: 0,
  description: `p99 enqueue-to-start ≤ ${goalP99Ms} ms on an idle notify queue`,
};

/** Enqueues one job stamped with `sentAt`; resolves once enqueued. */
type Send = (sentAt: number) => Promise<unknown>;
/** What a side's handler calls on start. */
type OnStart = (sentAt: number) => void;

export const benchmark = defineBenchmark({
  name: 'jobs-latency',
  peer: 'bare pg-boss send → work on a notify queue, same server and polling',
  goal,
  better: 'lower',
  async run(options) {
    const mode = options.smoke ? modes.smoke : modes.full;
    const created = await createScratchPostgres('jobs_latency', poolSize);
    if (!created.ok) return skipped(created.reason);
    const scratch = created.scratch;
    try {
      const subject: number[] = [];
      const peer: number[] = [];
      const perRound = Math.ceil(mode.jobs / mode.rounds);
      for (let round = 0; round < mode.rounds; round++) {
        const count = Math.min(perRound, mode.jobs - round * perRound);
        if (round % 2 === 0) {
          subject.push(...(await withPort(scratch, (send) => measure(send, count, mode.warmup))));
          peer.push(...(await withBarePgBoss(scratch, (send) => measure(send, count, mode.warmup))));
        } else {
          peer.push(...(await withBarePgBoss(scratch, (send) => measure(send, count, mode.warmup))));
          subject.push(...(await withPort(scratch, (send) => measure(send, count, mode.warmup))));
        }
      }
      const subjectFigure = summarise(subject);
      const peerFigure = summarise(peer);
      goal.ratio = peerFigure.value / goalP99Ms;
      return {
        subject: subjectFigure,
        peer: peerFigure,
        notes: [
          `${mode.jobs} sequential jobs per side in ${mode.rounds} round(s) (${mode.warmup} warm-up jobs per round not counted), ` +
            `${pauseMs} ms pause after each start; timed from just before enqueue to handler start`,
          `absolute goal p99 ≤ ${goalP99Ms} ms: ${subjectFigure.value <= goalP99Ms ? 'met' : 'not met'} (${formatFigure(subjectFigure)}); ` +
            `shown as the ratio ${goal.ratio.toFixed(2)}× of this run's peer p99`,
        ],
      };
    } finally {
      await scratch.drop();
    }
  },
});

/**
 * Enqueues `warmup + count` jobs one after another, each after the previous one started;
 * returns the latencies of the last `count`.
 */
async function measure(side: { send: Send; started: (next: OnStart) => void }, count: number, warmup: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let index = 0; index < warmup + count; index++) {
    const startedAt = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`job ${index} did not start within ${startTimeoutMs} ms`)), startTimeoutMs);
      side.started((sentAt) => {
        clearTimeout(timer);
        resolve(performance.now() - sentAt);
      });
    });
    await side.send(performance.now());
    const latency = await startedAt;
    if (index >= warmup) latencies.push(latency);
    await sleep(pauseMs);
  }
  return latencies;
}

interface Side {
  send: Send;
  started: (next: OnStart) => void;
}

/** A one-slot hand-off from a handler to the waiting measurement. */
function startSlot(): { started: Side['started']; fire: OnStart } {
  let waiting: OnStart | undefined;
  return {
    started: (next) => {
      waiting = next;
    },
    fire: (sentAt) => {
      const next = waiting;
      waiting = undefined;
      next?.(sentAt);
    },
  };
}

async function withPort<T>(scratch: ScratchPostgres, fn: (side: Side) => Promise<T>): Promise<T> {
  const slot = startSlot();
  const ping = defineJob(subjectQueue, z.object({ sentAt: z.number() }), async (payload) => slot.fire(payload.sentAt));
  const queue = await createJobQueue({ config: loadConfig({}), db: scratch.db, role: 'worker', jobs: [ping], logger: createLogger('silent'), batchSize: 10 });
  try {
    await queue.work();
    return await fn({ send: (sentAt) => queue.enqueue(null, ping, { sentAt }), started: slot.started });
  } finally {
    await queue.stop(5000);
  }
}

async function withBarePgBoss<T>(scratch: ScratchPostgres, fn: (side: Side) => Promise<T>): Promise<T> {
  const slot = startSlot();
  const boss = await startBoss(scratch.url, scratch.poolSize, 'worker');
  try {
    await ensureNotifyQueue(boss, peerQueue);
    await boss.work<{ sentAt: number }>(peerQueue, { batchSize: 10, burstWhenBatchFull: true, ...pollingOptions }, async (jobs) => {
      for (const job of jobs) slot.fire(job.data.sentAt);
    });
    return await fn({ send: (sentAt) => boss.send(peerQueue, { sentAt }), started: slot.started });
  } finally {
    await boss.stop({ graceful: true, timeout: 5000, close: true });
  }
}

function summarise(latencies: readonly number[]): Measurement {
  return {
    value: quantile(latencies, 0.99),
    unit: 'ms',
    extra: {
      p50: { value: quantile(latencies, 0.5), unit: 'ms' },
      p90: { value: quantile(latencies, 0.9), unit: 'ms' },
      max: { value: Math.max(...latencies), unit: 'ms' },
    },
  };
}
