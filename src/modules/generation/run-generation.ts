import { generateText, Output } from 'ai';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Tx } from '../../platform/db/tenancy.ts';
import type { Logger } from '../../platform/logging/logger.ts';
import { appendEvent } from '../../platform/events/append-event.ts';
import type { AttemptRecord, GenerationError } from './contract.ts';
import { classifyCallFailure } from './call-failures.ts';
import { generationFailed, generationSucceeded } from './events.ts';
import { answersPerCall, type GenerationParts } from './generation-parts.ts';
import { generationRecords, terminalStatuses, type GenerationRow } from './generation-records.ts';
import { costUsdMicrosFor, creditsFor, type RegisteredModel } from './model-registry.ts';
import { languageModelFor } from './providers.ts';
import type { AnyTask, ModelCall } from './tasks.ts';

/** Transient failures (429, 5xx, timeouts) of one model are retried this often, with backoff, before falling back. */
const transientRetries = 2;
const backoffBaseMs = 250;
const backoffCapMs = 8_000;
/** How often a running generation looks for a cancel request. */
const cancelPollMs = 300;

/** A generation ends here, with a message its requester can act on. */
export class GenerationFailure extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'GenerationFailure';
    this.code = code;
  }
}

class Cancelled extends Error {}

/** Exponential with full jitter, or what the provider asked for (Retry-After) when that is longer. */
export function backoffMs(retry: number, retryAfterMs: number | null, random: () => number = Math.random): number {
  const exponential = Math.min(backoffCapMs, backoffBaseMs * 2 ** retry);
  return Math.min(backoffCapMs, Math.max(retryAfterMs ?? 0, Math.round(exponential / 2 + random() * (exponential / 2))));
}

interface Spent {
  credits: number;
}

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
  // One transaction reads the record and marks it running, unless it ended or was cancelled meanwhile.
  const row = await db.tenant(workspaceId, async (tx) => {
    const found = await generationRecords.find(tx, generationId);
    if (found?.status === 'queued' && !found.cancelRequestedAt) await generationRecords.start(tx, generationId);
    return found;
  });
  if (!row) return;
  if (row.status === 'succeeded') return settle(parts, row, row.creditsCharged ?? 0);
  if (row.status === 'failed' || row.status === 'cancelled') return release(parts, row);

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
    const spent: Spent = { credits: 0 };
    const input: unknown = task.input.parse(row.input);
    const output: unknown = task.output.parse(
      await task.run({
        input,
        workspaceId,
        signal,
        generate: (call) => callThroughChain(parts, row, task, chain, call, signal, spent),
        progress: (step, done, total) => db.tenant(workspaceId, (tx) => generationRecords.setProgress(tx, generationId, { step, done, total })),
      }),
    );
    const creditsCharged = Math.min(row.creditsReserved, Math.ceil(spent.credits));
    const ended = await db.tenant(workspaceId, async (tx) => {
      if (!(await generationRecords.finish(tx, generationId, { status: 'succeeded', output, creditsCharged }))) return generationRecords.find(tx, generationId);
      const ended = await generationRecords.find(tx, generationId);
      await task.onSucceeded?.(tx, { workspaceId, generationId, requestedBy: row.requestedBy, input, output });
      await appendEvent(tx, generationSucceeded, {
        workspaceId,
        payload: { generationId, task: task.name, model: lastSucceededModel(ended), creditsCharged, tokensIn: ended?.tokensIn ?? 0, tokensOut: ended?.tokensOut ?? 0 },
      });
      await recordUsage(parts, tx, ended);
      return ended;
    });
    if (ended?.status === 'succeeded') await settle(parts, ended, ended.creditsCharged ?? 0);
    else if (ended) await release(parts, ended);
  } catch (error) {
    const failure =
      error instanceof Cancelled || (signal.aborted && cancelled.signal.aborted)
        ? { status: 'cancelled' as const, error: { code: 'cancelled', message: 'Cancelled while running' } }
        : error instanceof GenerationFailure
          ? { status: 'failed' as const, error: { code: error.code, message: error.message } }
          : null;
    if (!failure) {
      // A bug or a lost database: let the job retry, unless this was its last chance.
      if (!run.lastAttempt) throw error;
      run.logger.error({ err: error, generationId }, 'generation failed unexpectedly on its last attempt');
      await fail(parts, row, 'failed', { code: 'internal_error', message: 'Something went wrong on our side; your credits were returned' });
      return;
    }
    if (run.signal.aborted && !cancelled.signal.aborted) throw error;
    await fail(parts, row, failure.status, failure.error);
  } finally {
    clearInterval(watcher);
  }
}

/** Ends an unfinished generation as failed and gives its credits back (an ended one is left as it is). */
export async function failGeneration(parts: GenerationParts, target: { generationId: string; workspaceId: string }, error: GenerationError): Promise<void> {
  const row = await parts.db.tenant(target.workspaceId, (tx) => generationRecords.find(tx, target.generationId));
  if (row && !terminalStatuses.has(row.status)) await fail(parts, row, 'failed', error);
}

async function fail(parts: GenerationParts, row: GenerationRow, status: 'failed' | 'cancelled', error: GenerationError): Promise<void> {
  await parts.db.tenant(row.workspaceId, async (tx) => {
    if (await generationRecords.finish(tx, row.id, { status, error })) {
      await appendEvent(tx, generationFailed, { workspaceId: row.workspaceId, payload: { generationId: row.id, task: row.task, code: error.code, cancelled: status === 'cancelled' } });
    }
  });
  await release(parts, row);
}

const settle = (parts: GenerationParts, row: GenerationRow, actual: number) =>
  parts.usage.ledger.settle(row.workspaceId, row.reservationId, { actual, key: `generation:${row.id}:settle` }).then(() => undefined);

const release = (parts: GenerationParts, row: GenerationRow) => parts.usage.ledger.release(row.workspaceId, row.reservationId, { key: `generation:${row.id}:release` }).then(() => undefined);

function lastSucceededModel(row: GenerationRow | undefined): string {
  return row?.attempts.findLast((attempt) => attempt.outcome === 'succeeded')?.model ?? row?.modelChain[0] ?? 'unknown';
}

/** Tokens by model and one generation, on the usage layer's meters, in the transaction that records the success. */
async function recordUsage(parts: GenerationParts, tx: Tx, row: GenerationRow | undefined): Promise<void> {
  if (!row) return;
  const byModel = new Map<string, number>();
  for (const attempt of row.attempts) byModel.set(attempt.model, (byModel.get(attempt.model) ?? 0) + attempt.tokensIn + attempt.tokensOut);
  const dimensions = (model: string) => ({ model, task: row.task, ...(row.requestedBy ? { user: row.requestedBy } : {}) });
  for (const [model, tokens] of byModel) {
    if (tokens > 0) await parts.metering.recordIn(tx, row.workspaceId, { meter: 'ai.tokens', quantity: tokens, dimensions: dimensions(model), key: `generation:${row.id}:tokens:${model}` });
  }
  await parts.metering.recordIn(tx, row.workspaceId, { meter: 'generation.count', quantity: 1, dimensions: dimensions(lastSucceededModel(row)), key: `generation:${row.id}:count` });
}

/** One call of the task, through the chain: the first model that gives a valid answer wins. */
async function callThroughChain<TOutput>(
  parts: GenerationParts,
  row: GenerationRow,
  task: AnyTask,
  chain: readonly RegisteredModel[],
  call: ModelCall<TOutput>,
  signal: AbortSignal,
  spent: Spent,
): Promise<TOutput> {
  let lastProblem = 'no model could be tried';
  const record = (attempt: AttemptRecord, model: RegisteredModel) =>
    parts.db.tenant(row.workspaceId, (tx) => generationRecords.addAttempt(tx, row.id, attempt, costUsdMicrosFor(model, { input: attempt.tokensIn, output: attempt.tokensOut })));

  for (const model of chain) {
    const coolingDown = parts.breaker.coolingDownFor(model.provider);
    if (coolingDown > 0) {
      lastProblem = `${model.provider} is failing and is skipped for ${Math.ceil(coolingDown / 1000)} s`;
      await record({ model: model.id, step: call.step, startedAt: new Date().toISOString(), durationMs: 0, tokensIn: 0, tokensOut: 0, outcome: 'skipped', error: { code: 'provider_cooling_down', message: lastProblem } }, model);
      continue;
    }
    const apiKey = await parts.keys.keyFor(row.workspaceId, model.provider);
    if (apiKey === undefined) {
      lastProblem = `no API key for ${model.provider}`;
      continue;
    }
    const languageModel = languageModelFor(model, apiKey, parts.config, parts.tasks);
    const messages: { role: 'user' | 'assistant'; content: string }[] = [{ role: 'user', content: call.prompt }];
    let answers = 0;
    let retries = 0;
    for (;;) {
      signal.throwIfAborted();
      const startedAt = new Date();
      const attempt = (outcome: AttemptRecord['outcome'], tokens: { input: number; output: number }, error: GenerationError | null): AttemptRecord => ({
        model: model.id,
        step: call.step,
        startedAt: startedAt.toISOString(),
        durationMs: Date.now() - startedAt.getTime(),
        tokensIn: tokens.input,
        tokensOut: tokens.output,
        outcome,
        error,
      });
      try {
        const result = await generateText({
          model: languageModel,
          system: call.system,
          messages,
          output: Output.object({ schema: call.schema }),
          maxOutputTokens: Math.min(call.maxOutputTokens ?? task.estimate.outputTokens, task.estimate.outputTokens, model.maxOutputTokens),
          maxRetries: 0,
          abortSignal: signal,
          timeout: model.timeoutMs,
          providerOptions: { local: { task: task.name, step: call.step, input: call.localInput as never } },
        });
        const tokens = { input: result.usage.inputTokens ?? 0, output: result.usage.outputTokens ?? 0 };
        parts.breaker.succeeded(model.provider);
        await record(attempt('succeeded', tokens, null), model);
        spent.credits += creditsFor(model, tokens);
        return result.output as TOutput;
      } catch (error) {
        if (signal.aborted) {
          await record(attempt('cancelled', { input: 0, output: 0 }, { code: 'cancelled', message: 'Cancelled' }), model);
          throw signal.reason instanceof Error ? signal.reason : error;
        }
        const failure = classifyCallFailure(error, model.provider);
        if (!failure) throw error;
        if (failure.kind === 'final') {
          await record(attempt('refused', { input: 0, output: 0 }, { code: failure.code, message: failure.message }), model);
          throw new GenerationFailure(failure.code, failure.message);
        }
        if (failure.kind === 'invalid_output') {
          parts.breaker.succeeded(model.provider);
          const usage = (error as { usage?: { inputTokens?: number; outputTokens?: number } }).usage;
          await record(attempt('invalid_output', { input: usage?.inputTokens ?? 0, output: usage?.outputTokens ?? 0 }, { code: 'invalid_output', message: failure.message }), model);
          lastProblem = `${model.label} answered in the wrong shape: ${failure.message}`;
          answers += 1;
          if (answers >= answersPerCall) break;
          messages.push(
            { role: 'assistant', content: failure.text },
            { role: 'user', content: `That answer does not match the required JSON schema:\n${failure.message}\nAnswer again with only JSON that matches the schema.` },
          );
          continue;
        }
        parts.breaker.failed(model.provider);
        await record(attempt('transient', { input: 0, output: 0 }, { code: 'provider_unavailable', message: failure.message }), model);
        lastProblem = failure.message;
        if (retries >= transientRetries || parts.breaker.coolingDownFor(model.provider) > 0) break;
        await sleep(backoffMs(retries, failure.retryAfterMs), undefined, { signal });
        retries += 1;
      }
    }
  }
  throw new GenerationFailure('provider_unavailable', `No model could answer (${lastProblem}); your credits were returned`);
}
