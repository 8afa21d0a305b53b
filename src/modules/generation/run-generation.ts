import type { Tx } from '../../platform/db/tenancy.ts';
import type { Logger } from '../../platform/logging/logger.ts';
import { appendEvent } from '../../platform/events/append-event.ts';
import { attemptLog, type AttemptLog } from './attempt-log.ts';
import type { GenerationError } from './contract.ts';
import { generationFailed, generationSucceeded } from './events.ts';
import { reservationTimeoutSeconds } from '../usage/index.ts';
import { GenerationFailure } from './generation-failure.ts';
import { imagesReserved, type GenerationParts } from './generation-parts.ts';
import { generationRecords, terminalStatuses, type EndedGeneration, type GenerationRow } from './generation-records.ts';
import { imageGenerator } from './image-call.ts';
import { callThroughChain, type ChainRun } from './model-chain.ts';
import { holdReservationAfterMs } from './run-budget.ts';
import { structuredStep } from './structured-call.ts';

/** How often a running generation looks for a cancel request. */
const cancelPollMs = 300;

class Cancelled extends Error {}

/**
 * Runs one generation to its end: the task's calls through the model chain (repairing invalid
 * answers, backing off on transient failures, falling back, skipping providers that keep
 * failing), then records the outcome and settles or releases the reservation. Safe to run again
 * after a crash: an ended generation is only settled or released again (idempotently), an
 * unfinished one starts over and its earlier attempts stay on the record.
 */
export async function runGeneration(
  parts: GenerationParts,
  target: { generationId: string; workspaceId: string },
  run: { signal: AbortSignal; logger: Logger; lastAttempt: boolean },
): Promise<void> {
  const { db } = parts;
  const { generationId, workspaceId } = target;
  // One statement marks the record running and reads it, unless it ended or was cancelled
  // meanwhile. A generation that waited long in the queue then keeps its reservation from the
  // sweeper for this run, or learns that the sweeper already gave it back.
  const row = await generationRecords.start(db, workspaceId, generationId);
  if (!row) return;
  if (terminalStatuses.has(row.status)) return db.tenant(workspaceId, (tx) => closeReservation(parts, tx, row));
  const held = Date.now() - row.createdAt.getTime() < holdReservationAfterMs || (await db.tenant(workspaceId, (tx) => parts.usage.ledger.holdIn(tx, row.reservationId)));
  if (!held) {
    const hours = reservationTimeoutSeconds / 3600;
    return fail(parts, row, 'failed', { code: 'reservation_expired', message: `This generation waited more than ${hours} hours to start, so its credits were given back: start it again` });
  }

  const log = attemptLog(db, row);
  const cancelled = new AbortController();
  const signal = AbortSignal.any([run.signal, cancelled.signal]);
  const watcher = setInterval(() => {
    db.tenant(workspaceId, (tx) => generationRecords.cancelRequested(tx, generationId))
      .then((requested) => requested && cancelled.abort(new Cancelled('cancelled')))
      .catch((error: unknown) => run.logger.warn({ err: error, generationId }, 'could not check for a cancel request'));
  }, cancelPollMs);
  try {
    if (row.cancelRequestedAt) throw new Cancelled('cancelled');
    const task = parts.tasks.get(row.task);
    const chain = await Promise.all(row.modelChain.map((id) => parts.models.get(id)));
    const steps: ChainRun = { row, log, signal, spent: { credits: 0 } };
    const input: unknown = task.input.parse(row.input);
    const output: unknown = task.output.parse(
      await task.run({
        input,
        workspaceId,
        signal,
        generate: (call) => callThroughChain(parts, chain, structuredStep(parts, task, call), steps),
        generateImages: imageGenerator(parts, task, chain, steps, imagesReserved(task, input)),
        progress: (step, done, total) => db.tenant(workspaceId, (tx) => generationRecords.setProgress(tx, generationId, { step, done, total })),
      }),
    );
    const creditsCharged = Math.min(row.creditsReserved, Math.ceil(steps.spent.credits));
    // The success with its last attempts, its meters and event, and the settlement commit together (or not at all).
    await db.tenant(workspaceId, async (tx) => {
      const ended = await generationRecords.finish(tx, generationId, { status: 'succeeded', output, creditsCharged }, log.waiting);
      if (!ended) {
        // Another run or a cancel ended it first: its credits go as its record says, the attempts onto it all the same.
        await log.flush();
        const found = await generationRecords.find(tx, generationId);
        if (found) await closeReservation(parts, tx, found);
        return;
      }
      await task.onSucceeded?.(tx, { workspaceId, generationId, requestedBy: row.requestedBy, input, output });
      await appendEvent(tx, generationSucceeded, {
        workspaceId,
        payload: { generationId, task: task.name, model: lastSucceededModel(ended), creditsCharged, tokensIn: ended.tokensIn, tokensOut: ended.tokensOut },
      });
      await recordUsage(parts, tx, ended);
      await settle(parts, tx, ended, creditsCharged);
    });
    log.ended();
  } catch (error) {
    const failure =
      error instanceof Cancelled || (signal.aborted && cancelled.signal.aborted)
        ? { status: 'cancelled' as const, error: { code: 'cancelled', message: 'Cancelled while running' } }
        : error instanceof GenerationFailure
          ? { status: 'failed' as const, error: { code: error.code, message: error.message } }
          : null;
    // The job runs again: what was accepted stays on the record, as a crash's would not.
    const retried = async () => {
      await log.flush().catch((flushError: unknown) => run.logger.warn({ err: flushError, generationId }, 'could not record the accepted attempts'));
      throw error;
    };
    if (!failure) {
      // A bug or a lost database: let the job retry, unless this was its last chance.
      if (!run.lastAttempt) return retried();
      run.logger.error({ err: error, generationId }, 'generation failed unexpectedly on its last attempt');
      await fail(parts, row, 'failed', { code: 'internal_error', message: 'Something went wrong on our side; your credits were returned' }, log);
      return;
    }
    if (run.signal.aborted && !cancelled.signal.aborted) return retried();
    await fail(parts, row, failure.status, failure.error, log);
  } finally {
    clearInterval(watcher);
  }
}

/** Ends an unfinished generation as failed and gives its credits back (an ended one is left as it is). */
export async function failGeneration(parts: GenerationParts, target: { generationId: string; workspaceId: string }, error: GenerationError): Promise<void> {
  const row = await parts.db.tenant(target.workspaceId, (tx) => generationRecords.find(tx, target.generationId));
  if (row && !terminalStatuses.has(row.status)) await fail(parts, row, 'failed', error);
}

/** `log` holds the run's accepted attempts that wait to go on the record (none before the run called a model). */
async function fail(parts: GenerationParts, row: GenerationRow, status: 'failed' | 'cancelled', error: GenerationError, log?: AttemptLog): Promise<void> {
  await parts.db.tenant(row.workspaceId, async (tx) => {
    if (await generationRecords.finish(tx, row.id, { status, error }, log?.waiting)) {
      await appendEvent(tx, generationFailed, { workspaceId: row.workspaceId, payload: { generationId: row.id, task: row.task, code: error.code, cancelled: status === 'cancelled' } });
    } else {
      await log?.flush();
    }
    await release(parts, tx, row);
  });
  log?.ended();
}

// In the caller's transaction of the record's workspace; the keys come from the generation, so a rerun moves nothing twice.
const settle = (parts: GenerationParts, tx: Tx, row: EndedGeneration, actual: number) =>
  parts.usage.ledger.settleIn(tx, row.workspaceId, row.reservationId, { actual, key: `generation:${row.id}:settle` }).then(() => undefined);

/** Gives the credits back unless nothing is held any more (released by an earlier run, or by the sweeper after its timeout). */
async function release(parts: GenerationParts, tx: Tx, row: GenerationRow): Promise<void> {
  if (await parts.usage.ledger.isHeldIn(tx, row.reservationId)) await parts.usage.ledger.releaseIn(tx, row.workspaceId, row.reservationId, { key: `generation:${row.id}:release` });
}

/** An ended generation's reservation, as its record says: charged what it succeeded for, else given back; nothing when it is no longer held. */
async function closeReservation(parts: GenerationParts, tx: Tx, row: GenerationRow): Promise<void> {
  if (row.status !== 'succeeded') return release(parts, tx, row);
  if (await parts.usage.ledger.isHeldIn(tx, row.reservationId)) await settle(parts, tx, row, row.creditsCharged ?? 0);
}

function lastSucceededModel(row: EndedGeneration): string {
  return row.attempts.findLast((attempt) => attempt.outcome === 'succeeded')?.model ?? row.modelChain[0] ?? 'unknown';
}

/** Tokens and images by model, and one generation, on the usage layer's meters, in one unanswered insert of the transaction that records the success. */
async function recordUsage(parts: GenerationParts, tx: Tx, row: EndedGeneration): Promise<void> {
  const tokens = new Map<string, number>();
  const images = new Map<string, number>();
  for (const attempt of row.attempts) {
    tokens.set(attempt.model, (tokens.get(attempt.model) ?? 0) + attempt.tokensIn + attempt.tokensOut);
    images.set(attempt.model, (images.get(attempt.model) ?? 0) + (attempt.images ?? 0));
  }
  const dimensions = (model: string) => ({ model, task: row.task, ...(row.requestedBy ? { user: row.requestedBy } : {}) });
  const meters = [
    { meter: 'ai.tokens', byModel: tokens, key: 'tokens' },
    { meter: 'ai.images', byModel: images, key: 'images' },
  ];
  const facts = meters.flatMap(({ meter, byModel, key }) =>
    [...byModel].filter(([, quantity]) => quantity > 0).map(([model, quantity]) => ({ meter, quantity, dimensions: dimensions(model), key: `generation:${row.id}:${key}:${model}` })),
  );
  facts.push({ meter: 'generation.count', quantity: 1, dimensions: dimensions(lastSucceededModel(row)), key: `generation:${row.id}:count` });
  // The keys are the generation's, and this transaction has just ended its record: nobody used them before.
  await parts.metering.recordNewIn(tx, row.workspaceId, facts);
}
