import { setTimeout as sleep } from 'node:timers/promises';
import type { AttemptRecord, GenerationError } from './contract.ts';
import { classifyCallFailure, type CallFailure } from './call-failures.ts';
import { GenerationFailure } from './generation-failure.ts';
import { answersPerCall, lacking, type GenerationParts } from './generation-parts.ts';
import type { AttemptLog } from './attempt-log.ts';
import type { GenerationRow } from './generation-records.ts';
import { costUsdMicrosFor, creditsFor, type RegisteredModel } from './model-registry.ts';

/** Transient failures (429, 5xx, timeouts) of one model are retried this often, with backoff, before falling back. */
const transientRetries = 2;
const backoffBaseMs = 250;
const backoffCapMs = 8_000;

/** Exponential with full jitter, or what the provider asked for (Retry-After) when that is longer. */
export function backoffMs(retry: number, retryAfterMs: number | null, random: () => number = Math.random): number {
  const exponential = Math.min(backoffCapMs, backoffBaseMs * 2 ** retry);
  return Math.min(backoffCapMs, Math.max(retryAfterMs ?? 0, Math.round(exponential / 2 + random() * (exponential / 2))));
}

/** What one answer used, as the record shows it and the price counts it. */
export interface AnswerUsage {
  tokensIn: number;
  tokensOut: number;
  /** Set on image steps: the images that came back. */
  images?: number;
}

type WrongShape = Extract<CallFailure, { kind: 'invalid_output' }>;

/** One step of a task, as the chain asks it of each model in turn. */
export interface ChainStep<T> {
  step: string;
  /** Models of the chain without it are passed over. */
  capability: 'text' | 'image';
  /**
   * Starts on one model: `ask` makes one attempt (and may throw a GenerationFailure for an answer
   * no retry would mend); `answeredWrong` hears of an answer in the wrong shape before the next.
   */
  on(model: RegisteredModel, apiKey: string): { ask(signal: AbortSignal): Promise<{ value: T; usage: AnswerUsage }>; answeredWrong(failure: WrongShape): void };
}

/** The credits a generation's accepted answers cost so far, before rounding. */
export interface Spent {
  credits: number;
}

/** The run a step belongs to: its record, where its attempts go, its signal and what it spent so far. */
export interface ChainRun {
  row: GenerationRow;
  log: AttemptLog;
  signal: AbortSignal;
  spent: Spent;
}

const nothing: AnswerUsage = { tokensIn: 0, tokensOut: 0 };

/**
 * One step of the task, through the chain: the first model that gives a valid answer wins.
 * Answers in the wrong shape are asked again (once), transient failures back off and retry,
 * then the next model is tried; providers that keep failing are skipped (the breaker).
 */
export async function callThroughChain<T>(parts: GenerationParts, chain: readonly RegisteredModel[], call: ChainStep<T>, run: ChainRun): Promise<T> {
  const { row, log, signal, spent } = run;
  let lastProblem = 'no model could be tried';
  const logged = (attempt: AttemptRecord, model: RegisteredModel) => ({
    attempt,
    costUsdMicros: costUsdMicrosFor(model, { input: attempt.tokensIn, output: attempt.tokensOut, images: attempt.images }),
  });
  const record = (attempt: AttemptRecord, model: RegisteredModel) => log.add(logged(attempt, model));
  // The step before this one is over: its accepted attempt goes on the record now.
  await log.flush();

  for (const model of chain) {
    if (!model.capabilities.includes(call.capability)) {
      lastProblem = `${model.label} ${lacking[call.capability]}`;
      continue;
    }
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
    const asking = call.on(model, apiKey);
    let answers = 0;
    let retries = 0;
    for (;;) {
      signal.throwIfAborted();
      const startedAt = new Date();
      const attempt = (outcome: AttemptRecord['outcome'], usage: AnswerUsage, error: GenerationError | null): AttemptRecord => ({
        model: model.id,
        step: call.step,
        startedAt: startedAt.toISOString(),
        durationMs: Date.now() - startedAt.getTime(),
        tokensIn: usage.tokensIn,
        tokensOut: usage.tokensOut,
        ...(usage.images === undefined ? {} : { images: usage.images }),
        outcome,
        error,
      });
      try {
        const answer = await asking.ask(signal);
        parts.breaker.succeeded(model.provider);
        log.hold(logged(attempt('succeeded', answer.usage, null), model));
        spent.credits += creditsFor(model, { input: answer.usage.tokensIn, output: answer.usage.tokensOut, images: answer.usage.images });
        return answer.value;
      } catch (error) {
        if (signal.aborted) {
          await record(attempt('cancelled', nothing, { code: 'cancelled', message: 'Cancelled' }), model);
          throw signal.reason instanceof Error ? signal.reason : error;
        }
        if (error instanceof GenerationFailure) {
          await record(attempt('refused', nothing, { code: error.code, message: error.message }), model);
          throw error;
        }
        const failure = classifyCallFailure(error, model.provider);
        if (!failure) throw error;
        if (failure.kind === 'final') {
          await record(attempt('refused', nothing, { code: failure.code, message: failure.message }), model);
          throw new GenerationFailure(failure.code, failure.message);
        }
        if (failure.kind === 'invalid_output') {
          parts.breaker.succeeded(model.provider);
          const usage = (error as { usage?: { inputTokens?: number; outputTokens?: number } }).usage;
          await record(attempt('invalid_output', { tokensIn: usage?.inputTokens ?? 0, tokensOut: usage?.outputTokens ?? 0 }, { code: 'invalid_output', message: failure.message }), model);
          lastProblem = `${model.label} answered in the wrong shape: ${failure.message}`;
          answers += 1;
          if (answers >= answersPerCall) break;
          asking.answeredWrong(failure);
          continue;
        }
        parts.breaker.failed(model.provider);
        await record(attempt('transient', nothing, { code: 'provider_unavailable', message: failure.message }), model);
        lastProblem = failure.message;
        if (retries >= transientRetries || parts.breaker.coolingDownFor(model.provider) > 0) break;
        await sleep(backoffMs(retries, failure.retryAfterMs), undefined, { signal });
        retries += 1;
      }
    }
  }
  throw new GenerationFailure('provider_unavailable', `No model could answer (${lastProblem}); your credits were returned`);
}
