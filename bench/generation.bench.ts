/**
 * What the generation layer adds to an AI call, on embedded PGlite, with a provider that takes
 * no time: the built-in local model (`local`, deterministic, in-process) answering the
 * `text.rewrite` task. Requests run one after another, each timed from the call of
 * `requestGeneration` (input and plan checks, credit reservation, record, job and event in one
 * transaction) through the real job queue (pg-boss on PGlite, a worker in this process picking
 * the job up) and the real `generation.run` handler (record started, `generateText` with
 * `Output.object`, validation, attempt recorded, success with meters and event, settlement) to
 * the moment the handler returns with the credits settled.
 *
 * The peer is the AI SDK called directly, in the same process and run: the same `generateText`
 * call (same model instance kind, system, prompt, schema, provider options) that the layer
 * makes, timed alone. Rounds alternate which side goes first; latencies are pooled per side.
 *
 * Lower is better: the ratio is peer p50 / subject p50. The goal is absolute (the layer adds at
 * most 5 ms at p50); the harness judges ratios, so it is expressed as the ratio that
 * "peer p50 + 5 ms" amounts to in this run. The notes split the subject's time into the request,
 * the queue's dispatch and the run, so a missed goal says where the time went.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { generateText, Output } from 'ai';
import { sql } from 'drizzle-orm';
import { textRewrite } from '../src/modules/generation/built-in-tasks.ts';
import { generationParts } from '../src/modules/generation/generation-parts.ts';
import { runGenerationJob } from '../src/modules/generation/generation-jobs.ts';
import { generationModule } from '../src/modules/generation/index.ts';
import { createLocalLanguageModel } from '../src/modules/generation/local-provider.ts';
import { requestGeneration } from '../src/modules/generation/request-generation.ts';
import { createTaskRegistry, type ModelCall } from '../src/modules/generation/tasks.ts';
import { createUsage, usageModule } from '../src/modules/usage/index.ts';
import { defaultCatalogue } from '../src/modules/usage/plans.ts';
import { loadConfig } from '../src/platform/config/config.ts';
import { queryRows } from '../src/platform/db/tenancy.ts';
import { defineJob } from '../src/platform/jobs/define-job.ts';
import { createJobQueue } from '../src/platform/jobs/job-queue.ts';
import { createLogger } from '../src/platform/logging/logger.ts';
import { contributionsOf, limitsOf } from '../src/platform/module.ts';
import { createMemoryPglite, perSecond, quantile } from './bench-databases.ts';
import { defineBenchmark, formatFigure, type Figure, type Goal, type Measurement } from './harness.ts';

const modes = {
  full: { requests: 600, rounds: 3, warmup: 300 },
  smoke: { requests: 20, rounds: 1, warmup: 5 },
};
const goalOverheadMs = 5;
const granted = 1_000_000_000;
/** A request that has not settled by then has hung: the benchmark fails rather than waits. */
const settleTimeoutMs = 10_000;
const input = { text: 'We bake bread every morning in Lisbon, before dawn, with flour from the Alentejo. We do not use any additives.', style: 'shorter' as const };

const goal: Goal = {
  // Replaced in run() by (peer p50) / (peer p50 + goalOverheadMs); see the header.
  ratio: 0,
  description: `generation layer adds ≤ ${goalOverheadMs} ms at p50 (request → queue → local provider → validation → settle, PGlite)`,
};

interface Timing {
  /** requestGeneration: checks, reservation, record + job + event. */
  request: number;
  /** From the queued record to the worker starting the job. */
  dispatch: number;
  /** The job handler: the call, validation, records, settlement. */
  run: number;
  total: number;
}

export const benchmark = defineBenchmark({
  name: 'generation',
  peer: 'AI SDK generateText + Output.object on the same local model, called directly (same process, same run)',
  goal,
  better: 'lower',
  async run(options) {
    const mode = options.smoke ? modes.smoke : modes.full;
    const folder = await mkdtemp(path.join(os.tmpdir(), 'atelier-bench-generation-'));
    // A deployment whose free plan allows this many generations a day: the limit is still checked on every request.
    const plansFile = path.join(folder, 'plans.json');
    await writeFile(plansFile, JSON.stringify(defaultCatalogue.map((plan) => (plan.id === 'free' ? { ...plan, limits: { ...plan.limits, generationsPerDay: 10_000_000 } } : plan))));
    const config = loadConfig({ PLANS_FILE: plansFile, DATA_DIR: folder, LOG_LEVEL: 'silent' });
    const { db, client } = await createMemoryPglite();
    const counter = await countStatements(client);
    const modules = [usageModule, generationModule];
    const contributions = contributionsOf(modules);
    const logger = createLogger('silent');

    // The real handler, reporting when it starts and when it has returned (the credits settled).
    const started = new Map<string, number>();
    const ended = new Map<string, number | Error>();
    const waiting = new Map<string, () => void>();
    const observed = defineJob(
      runGenerationJob.name,
      runGenerationJob.payload,
      async (payload, context) => {
        started.set(payload.generationId, performance.now());
        try {
          await runGenerationJob.handle(payload, context);
          ended.set(payload.generationId, performance.now());
        } catch (error) {
          ended.set(payload.generationId, error as Error);
          throw error;
        } finally {
          waiting.get(payload.generationId)?.();
        }
      },
      runGenerationJob.options,
    );
    const limits = limitsOf(modules, { db, config });
    const queue = await createJobQueue({ config, db, role: 'worker', jobs: [observed], contributions, logger, workspaceConcurrency: (workspaceId) => limits.jobConcurrency(workspaceId) });
    try {
      await queue.work();
      const workspaceId = randomUUID();
      const usage = createUsage(db, config);
      await usage.ledger.grant(workspaceId, { amount: granted, source: 'purchase', key: 'bench-pack' });
      const parts = generationParts(db, config, contributions);

      const layer = async (): Promise<Timing> => {
        const begun = performance.now();
        const generation = await requestGeneration(parts, queue, limits, { workspaceId, task: textRewrite.name, input, requestedBy: null });
        const requested = performance.now();
        if (!ended.has(generation.id)) {
          await new Promise<void>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`generation ${generation.id} did not settle within ${settleTimeoutMs} ms`)), settleTimeoutMs);
            waiting.set(generation.id, () => {
              clearTimeout(timer);
              resolve();
            });
          });
          waiting.delete(generation.id);
        }
        const handlerStarted = started.get(generation.id) as number;
        const handlerEnded = ended.get(generation.id);
        if (typeof handlerEnded !== 'number') throw handlerEnded ?? new Error(`generation ${generation.id} has no end`);
        started.delete(generation.id);
        ended.delete(generation.id);
        return { request: requested - begun, dispatch: handlerStarted - requested, run: handlerEnded - handlerStarted, total: handlerEnded - begun };
      };

      // The call the layer makes, made directly: the task's own call (caught from its run), on the same kind of model.
      const tasks = createTaskRegistry([textRewrite]);
      const model = createLocalLanguageModel('local-templates', tasks);
      let caught: ModelCall<unknown> | undefined;
      await textRewrite.run({
        input,
        workspaceId,
        signal: new AbortController().signal,
        progress: async () => {},
        generate: async (call) => {
          caught = call as ModelCall<unknown>;
          return { text: '' } as never;
        },
        generateImages: async () => [],
      });
      const call = caught as ModelCall<unknown>;
      const direct = async (): Promise<number> => {
        const begun = performance.now();
        const result = await generateText({
          model,
          system: call.system,
          messages: [{ role: 'user', content: call.prompt }],
          output: Output.object({ schema: call.schema }),
          maxOutputTokens: textRewrite.estimate.outputTokens,
          maxRetries: 0,
          timeout: 30_000,
          providerOptions: { local: { task: textRewrite.name, step: call.step, input: call.localInput as never } },
        });
        if (!result.output) throw new Error('the direct call gave no output');
        return performance.now() - begun;
      };

      const subject: Timing[] = [];
      const peer: number[] = [];
      const sequence = async <T>(count: number, work: () => Promise<T>, into: T[] | null) => {
        for (let index = 0; index < count; index++) {
          const timing = await work();
          into?.push(timing);
        }
      };
      // Warm both paths as a server that has been up a while is warm: V8 optimises the layer's
      // code and PGlite's WebAssembly over the first few hundred requests (PGlite's caches and
      // the queue's notify listener warm sooner). How the first requests fared is reported too.
      const warmup: Timing[] = [];
      await sequence(mode.warmup, layer, warmup);
      await sequence(mode.warmup, direct, null);
      const perRound = Math.ceil(mode.requests / mode.rounds);
      let subjectMs = 0;
      let peerMs = 0;
      for (let round = 0; round < mode.rounds; round++) {
        const count = Math.min(perRound, mode.requests - round * perRound);
        const runSubject = async () => {
          const begun = performance.now();
          await sequence(count, layer, subject);
          subjectMs += performance.now() - begun;
        };
        const runPeer = async () => {
          const begun = performance.now();
          await sequence(count, direct, peer);
          peerMs += performance.now() - begun;
        };
        if (round % 2 === 0) {
          await runSubject();
          await runPeer();
        } else {
          await runPeer();
          await runSubject();
        }
      }

      // Statements per generation (all of them: the layer's, the ledger's and the queue's), a figure no load can blur.
      const counts: { statements: number; transactions: number; calls: number }[] = [];
      for (let index = 0; index < 5; index++) {
        counter.reset();
        await layer();
        counts.push(counter.read());
      }
      const statements = quantile(
        counts.map((count) => count.statements),
        0.5,
      );
      const transactions = quantile(
        counts.map((count) => count.transactions),
        0.5,
      );
      const calls = quantile(
        counts.map((count) => count.calls),
        0.5,
      );

      // What one statement costs on this PGlite in this run, to read the statement count against.
      const roundTrips: number[] = [];
      for (let index = 0; index < 200; index++) {
        const begun = performance.now();
        await client.query('select 1');
        roundTrips.push(performance.now() - begun);
      }
      const roundTrip = quantile(roundTrips, 0.5);

      // Every run must have been a success that settled, or the figures time something else.
      const [books] = await db.system((tx) =>
        queryRows<{ generations: number; succeeded: number; charged: number; held: number; balance: number }>(
          tx,
          sql`select (select count(*)::int from generation.generations) as generations,
                     (select count(*)::int from generation.generations where status = 'succeeded') as succeeded,
                     (select coalesce(sum(credits_charged), 0)::bigint from generation.generations) as charged,
                     (select count(*)::int from usage.credit_reservations where status = 'held') as held,
                     (select balance from usage.credit_balances where workspace_id = ${workspaceId}) as balance`,
        ),
      );
      const total = mode.warmup + mode.requests + counts.length;
      if (!books || books.generations !== total || books.succeeded !== total || books.held !== 0 || Number(books.balance) !== granted - Number(books.charged)) {
        throw new Error(`the books do not add up after the run: ${JSON.stringify(books)}`);
      }

      const p50 = (values: readonly number[]): Figure => ({ value: quantile(values, 0.5), unit: 'ms' });
      const totals = subject.map((timing) => timing.total);
      const subjectFigure: Measurement = {
        ...p50(totals),
        extra: {
          p99: { value: quantile(totals, 0.99), unit: 'ms' },
          'requests/s': { value: perSecond(subject.length, subjectMs), unit: 'req/s' },
          'request p50': p50(subject.map((timing) => timing.request)),
          'queue dispatch p50': p50(subject.map((timing) => timing.dispatch)),
          'run p50': p50(subject.map((timing) => timing.run)),
        },
      };
      const peerFigure: Measurement = {
        ...p50(peer),
        extra: { p99: { value: quantile(peer, 0.99), unit: 'ms' }, 'requests/s': { value: perSecond(peer.length, peerMs), unit: 'req/s' } },
      };
      goal.ratio = peerFigure.value / (peerFigure.value + goalOverheadMs);
      const overhead = subjectFigure.value - peerFigure.value;
      const withoutDispatch = quantile(
        subject.map((timing) => timing.request + timing.run),
        0.5,
      ) - peerFigure.value;
      return {
        subject: subjectFigure,
        peer: peerFigure,
        notes: [
          `${mode.requests} sequential requests per side in ${mode.rounds} round(s), after ${mode.warmup} warm-up requests per side; ` +
            `in-memory PGlite, pg-boss worker in the same process (batch 10, notify queue); task text.rewrite on the local model`,
          `overhead at p50: ${formatFigure({ value: overhead, unit: 'ms' })} (goal ≤ ${goalOverheadMs} ms: ${overhead <= goalOverheadMs ? 'met' : 'not met'}); ` +
            `shown as the ratio ${goal.ratio.toFixed(2)}× of this run's peer p50`,
          `where the subject's time goes (p50 each): request ${formatFigure(subjectFigure.extra?.['request p50'] as Figure)}, ` +
            `waiting for the queue to hand the job to the worker ${formatFigure(subjectFigure.extra?.['queue dispatch p50'] as Figure)}, ` +
            `run ${formatFigure(subjectFigure.extra?.['run p50'] as Figure)}; without the queue's dispatch the layer adds ${formatFigure({ value: withoutDispatch, unit: 'ms' })} at p50`,
          `one generation runs ${statements} statements in ${transactions} transactions on PGlite, sent in ${calls} calls into it (median of ${counts.length}; BEGIN and COMMIT counted; ` +
            `the queue's fetch and completion included), against 0 for the direct call; a bare \`select 1\` takes ${formatFigure({ value: roundTrip, unit: 'ms' })} at p50 here`,
          `while warming up: the first ${Math.min(30, warmup.length)} requests took ${formatFigure(p50(warmup.slice(0, 30).map((timing) => timing.total)))} at p50, ` +
            `the last ${Math.min(30, warmup.length)} of the ${warmup.length} warm-up requests ${formatFigure(p50(warmup.slice(-30).map((timing) => timing.total)))}`,
          `checked: all ${total} generations (warm-up included) succeeded, none holds credits, the balance fell by exactly the credits charged`,
          'one request at a time: PGlite runs one transaction at a time, so requests/s here is 1 / latency, not a concurrency figure',
        ],
      };
    } finally {
      await queue.stop(5_000);
      await db.close();
      await rm(folder, { recursive: true, force: true });
    }
  },
});

/**
 * Counts the statements sent to an in-memory PGlite from the last `reset()`, where they reach
 * PostgreSQL: each Bind (a prepared statement run; several may go in one message buffer) and
 * each simple Query, and among them the BEGINs (prepared or simple); and the calls into the
 * instance that carried them.
 */
async function countStatements(client: PGlite): Promise<{ reset(): void; read(): { statements: number; transactions: number; calls: number } }> {
  let statements = 0;
  let transactions = 0;
  let calls = 0;
  const text = new TextDecoder();
  // BEGIN may have been prepared already (by the migrations); later ones are seen being prepared.
  const prepared = await client.query<{ name: string }>("select name from pg_prepared_statements where upper(trim(statement)) = 'BEGIN'");
  const begins = new Set(prepared.rows.map((row) => row.name));
  const cString = (buffer: Uint8Array, from: number) => {
    const end = buffer.indexOf(0, from);
    return { value: text.decode(buffer.subarray(from, end)), next: end + 1 };
  };
  // Every way in (PGlite's parsed calls and the raw ones) goes through this synchronous call into WebAssembly.
  const enter = client.execProtocolRawSync.bind(client);
  client.execProtocolRawSync = (buffer: Uint8Array) => {
    calls += 1;
    const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    for (let at = 0; at < buffer.length; at += 1 + view.getInt32(at + 1)) {
      const type = String.fromCharCode(buffer[at] as number);
      if (type === 'P') {
        const name = cString(buffer, at + 5);
        if (cString(buffer, name.next).value.trim().toUpperCase() === 'BEGIN') begins.add(name.value);
      } else if (type === 'B') {
        statements += 1;
        if (begins.has(cString(buffer, cString(buffer, at + 5).next).value)) transactions += 1;
      } else if (type === 'Q') {
        statements += 1;
        if (cString(buffer, at + 5).value.trim().toUpperCase().startsWith('BEGIN')) transactions += 1;
      }
    }
    return enter(buffer);
  };
  return {
    reset() {
      statements = 0;
      transactions = 0;
      calls = 0;
    },
    read: () => ({ statements, transactions, calls }),
  };
}
