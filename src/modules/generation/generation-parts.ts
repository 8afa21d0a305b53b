import type { Config } from '../../platform/config/config.ts';
import type { Database } from '../../platform/db/database.ts';
import type { Contributions } from '../../platform/extension-points.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { createMetering, createUsage, type Metering, type Usage } from '../usage/index.ts';
import { createCircuitBreaker, type CircuitBreaker } from './circuit-breaker.ts';
import type { ModelDefinition } from './contract.ts';
import { createModelRegistry, creditsFor, type ModelRegistry, type RegisteredModel } from './model-registry.ts';
import { createProviderKeys, type ProviderKeys } from './provider-keys.ts';
import { builtInTasks } from './built-in-tasks.ts';
import { createTaskRegistry, generationTasks, type AnyTask, type TaskRegistry } from './tasks.ts';

/** Everything the generation layer works with, over one database and configuration. */
export interface GenerationParts {
  db: Database;
  config: Config;
  tasks: TaskRegistry;
  models: ModelRegistry;
  keys: ProviderKeys;
  usage: Usage;
  metering: Metering;
  breaker: CircuitBreaker;
}

/** One per process: a provider failing for one generation is failing for all of them. */
const processBreaker = createCircuitBreaker();

export function generationParts(db: Database, config: Config, contributions: Contributions, breaker: CircuitBreaker = processBreaker): GenerationParts {
  return {
    db,
    config,
    tasks: createTaskRegistry([...builtInTasks, ...generationTasks.from(contributions)]),
    models: createModelRegistry(db, config),
    keys: createProviderKeys(db, config),
    usage: createUsage(db, config),
    metering: createMetering(db),
    breaker,
  };
}

/**
 * A call whose answer fails validation (or an image call that brings no image) is asked once
 * more; so each call may be paid for this many times at most.
 */
export const answersPerCall = 2;

/** The images a run of `task` may make: its estimate's, or fewer when its input asks for fewer. */
export function imagesReserved(task: AnyTask, input?: unknown): number {
  const most = task.estimate.images ?? 0;
  return input === undefined || !task.imagesAsked ? most : Math.min(most, task.imagesAsked(input));
}

/**
 * The most a generation of `task` can cost along `chain`: every call answered (and repaired) by
 * the priciest text model of the chain at the task's largest input and output, and every image
 * made (and asked again) by its priciest image model. Without an input, the task's largest run.
 */
export function worstCaseCredits(task: AnyTask, chain: readonly ModelDefinition[], input?: unknown): number {
  const priciest = (capability: 'text' | 'image', price: (model: ModelDefinition) => number) =>
    Math.max(0, ...chain.filter((model) => model.capabilities.includes(capability)).map(price));
  const perCall = priciest('text', (model) => creditsFor(model, { input: task.estimate.inputTokens, output: Math.min(task.estimate.outputTokens, model.maxOutputTokens) }));
  const perImage = priciest('image', (model) => model.price.perImage);
  return Math.max(1, Math.ceil(answersPerCall * (task.estimate.calls * perCall + imagesReserved(task, input) * perImage)));
}

/** What a model that cannot serve a step lacks, in words. */
export const lacking = { text: 'does not write text', image: 'does not make images' } as const;

/** Whether a model can serve a task: it has to do what the task's chain does (write text, make images). */
export const servesTask = (task: AnyTask, model: ModelDefinition) => model.capabilities.includes(task.capability);

export function assertServesTask(task: AnyTask, model: ModelDefinition): void {
  if (!servesTask(task, model)) throw new AppError('invalid_input', `${model.label} ${lacking[task.capability]}, which ${task.name} needs`, { field: 'model', model: model.id, reason: 'capability' });
}

export type Unavailability = 'plan' | 'no_provider_key' | 'disabled';

/** Why this workspace cannot use a model now, or null when it can. */
export async function unavailability(parts: GenerationParts, workspaceId: string, allowedModels: readonly string[], model: RegisteredModel): Promise<Unavailability | null> {
  if (!model.enabled) return 'disabled';
  if (!allowedModels.includes('*') && !allowedModels.includes(model.id)) return 'plan';
  if ((await parts.keys.keyFor(workspaceId, model.provider)) === undefined) return 'no_provider_key';
  return null;
}
