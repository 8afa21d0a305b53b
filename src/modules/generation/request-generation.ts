import { newId } from '../../platform/db/new-id.ts';
import type { Limits } from '../../platform/module.ts';
import type { JobQueue } from '../../platform/jobs/define-job.ts';
import { AppError, isAppError } from '../../platform/errors/app-error.ts';
import { appendEvent } from '../../platform/events/append-event.ts';
import { isUniqueViolation } from '../../platform/db/unique-violation.ts';
import { maxInputBytes, type GenerationView } from './contract.ts';
import { generationFailed, generationRequested } from './events.ts';
import { generationRecords, terminalStatuses, viewOf } from './generation-records.ts';
import { assertServesTask, servesTask, unavailability, worstCaseCredits, type GenerationParts } from './generation-parts.ts';
import { runGenerationJob } from './generation-jobs.ts';
import { modelIn, type RegisteredModel } from './model-registry.ts';
import type { AnyTask } from './tasks.ts';

export interface GenerationRequest {
  workspaceId: string;
  task: string;
  input: unknown;
  /** A registry model the plan allows; unset, the workspace's default for the task, else the task's. */
  model?: string | undefined;
  requestedBy: string | null;
  /** The same key asks for the same generation once (a retried request gets the first one back). */
  key?: string | undefined;
}

const unavailableMessage = {
  plan: (model: RegisteredModel, plan: string) => `${model.label} is not included in the ${plan} plan`,
  no_provider_key: (model: RegisteredModel) => `${model.label} needs an API key for ${model.provider}: add one in the workspace's AI settings`,
  disabled: (model: RegisteredModel) => `${model.label} is turned off on this deployment`,
};

/**
 * Asks for a generation: checks the input and the plan, sets the worst case aside from the
 * workspace's credits, and queues the work. Returns at once with the queued record. The checks,
 * the reservation, the record, the job and `generation.requested` are one transaction: when any
 * check fails nothing is written, and no reservation can outlive a record that was not written.
 */
export async function requestGeneration(parts: GenerationParts, jobs: JobQueue, limits: Limits, request: GenerationRequest): Promise<GenerationView> {
  const { db, usage } = parts;
  const task = parts.tasks.get(request.task);
  const parsed = task.input.safeParse(request.input);
  if (!parsed.success) {
    throw new AppError('invalid_input', `The input does not fit task ${task.name}`, {
      issues: parsed.error.issues.map((issue) => ({ path: ['input', ...issue.path].join('.'), message: issue.message })),
    });
  }
  const input: unknown = parsed.data;
  if (Buffer.byteLength(JSON.stringify(input)) > maxInputBytes) throw new AppError('invalid_input', `The input is larger than ${maxInputBytes / 1024} KB`, { field: 'input' });

  // Both are short per-process caches, read before the transaction: the registry reads through
  // system(), which a tenant transaction may not open.
  const plan = await usage.plans.currentPlan(request.workspaceId);
  const registry = await parts.models.all();
  const id = newId();
  try {
    const row = await db.tenant(request.workspaceId, async (tx) => {
      const existing = request.key ? await generationRecords.findByKey(tx, request.workspaceId, request.key) : undefined;
      if (existing) return existing;
      // A refusal from here on undoes the count with the transaction.
      const { before, taskDefault } = await generationRecords.countRequest(tx, request.workspaceId, task.name);
      await limits.assert(request.workspaceId, 'generationsPerDay', before, 1);
      const chain = await modelChain(parts, request.workspaceId, plan, task, registry, request.model ?? taskDefault ?? task.defaultModel);
      const credits = worstCaseCredits(task, chain, input);
      // Joins this transaction: the balance row stays locked until the record and the job are written.
      const reservation = await reserveWorstCase(parts, request.workspaceId, task, credits, id);
      const queued = await generationRecords.insertQueued(tx, {
        id,
        workspaceId: request.workspaceId,
        task: task.name,
        requestedBy: request.requestedBy,
        requestKey: request.key ?? null,
        modelChain: chain.map((model) => model.id),
        input,
        creditsReserved: credits,
        reservationId: reservation.reservationId,
      });
      await jobs.enqueue(tx, runGenerationJob, { generationId: id }, { workspaceId: request.workspaceId, idempotencyKey: id });
      await appendEvent(tx, generationRequested, { workspaceId: request.workspaceId, payload: { generationId: id, task: task.name, model: chain[0].id, creditsReserved: credits } });
      return queued;
    });
    if (!row) throw new Error('the generation record was not written');
    return viewOf(row);
  } catch (error) {
    // Two requests with one key raced: the other one's generation is the answer (this one's transaction, reservation included, was undone).
    if (request.key && isUniqueViolation(error)) {
      const winner = await db.tenant(request.workspaceId, (tx) => generationRecords.findByKey(tx, request.workspaceId, request.key as string));
      if (winner) return viewOf(winner);
    }
    throw error;
  }
}

/** What of the workspace's plan decides which models it may use. */
interface PlanModels {
  name: string;
  models: readonly string[];
}

/** The asked model (refused with the reason when the workspace may not use it), then those of its fallbacks the workspace may use. */
async function modelChain(parts: GenerationParts, workspaceId: string, plan: PlanModels, task: AnyTask, registry: readonly RegisteredModel[], firstId: string): Promise<[RegisteredModel, ...RegisteredModel[]]> {
  const first = modelIn(registry, firstId);
  assertServesTask(task, first);
  const refusal = await unavailability(parts, workspaceId, plan.models, first);
  if (refusal) throw new AppError('invalid_input', unavailableMessage[refusal](first, plan.name), { field: 'model', model: first.id, reason: refusal });
  const chain: [RegisteredModel, ...RegisteredModel[]] = [first];
  for (const id of first.fallbacks) {
    const fallback = registry.find((model) => model.id === id);
    if (fallback && !chain.includes(fallback) && servesTask(task, fallback) && !(await unavailability(parts, workspaceId, plan.models, fallback))) chain.push(fallback);
  }
  return chain;
}

/** The worst case set aside under the generation's own key, or a 402 that says what it would cost. */
async function reserveWorstCase(parts: GenerationParts, workspaceId: string, task: AnyTask, credits: number, generationId: string): Promise<{ reservationId: string }> {
  try {
    return await parts.usage.ledger.reserve(workspaceId, { amount: credits, key: `generation:${generationId}`, description: `${task.name} (up to ${credits} credits)` });
  } catch (error) {
    if (isAppError(error) && error.code === 'insufficient_credits') {
      const balance = Number(error.details?.['balance'] ?? 0);
      throw new AppError('insufficient_credits', `This ${task.name} generation can cost up to ${credits} credits and the workspace has ${balance}: buy credits or change plan`, {
        required: credits,
        balance,
      });
    }
    throw error;
  }
}

/**
 * Cancels a generation: a queued one at once (its credits go back), a running one as soon as
 * its worker notices (within a second; the call in flight is aborted). An ended one stays as it is.
 */
export async function cancelGeneration(parts: GenerationParts, workspaceId: string, generationId: string): Promise<GenerationView> {
  const row = await parts.db.tenant(workspaceId, async (tx) => {
    const found = await generationRecords.find(tx, generationId);
    if (!found) throw new AppError('not_found', 'No such generation in this workspace');
    if (terminalStatuses.has(found.status)) return found;
    await generationRecords.requestCancel(tx, generationId);
    if (found.status === 'queued' && (await generationRecords.finish(tx, generationId, { status: 'cancelled', error: { code: 'cancelled', message: 'Cancelled before it started' } }))) {
      await appendEvent(tx, generationFailed, { workspaceId, payload: { generationId, task: found.task, code: 'cancelled', cancelled: true } });
    }
    return generationRecords.find(tx, generationId);
  });
  if (!row) throw new AppError('not_found', 'No such generation in this workspace');
  if (row.status === 'cancelled') await parts.usage.ledger.release(workspaceId, row.reservationId, { key: `generation:${generationId}:release` });
  return viewOf(row);
}
