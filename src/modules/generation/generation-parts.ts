import type { Config } from '../../platform/config/config.ts';
import type { Database } from '../../platform/db/database.ts';
import type { Contributions } from '../../platform/extension-points.ts';
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

/** A call whose answer fails validation is asked once more with the errors; so each call may be paid for this many times at most. */
export const answersPerCall = 2;

/**
 * The most a generation of `task` can cost along `chain`: every call answered (and repaired) by
 * the priciest model of the chain at the task's largest input and output.
 */
export function worstCaseCredits(task: AnyTask, chain: readonly ModelDefinition[]): number {
  const perCall = Math.max(
    ...chain.map((model) => creditsFor(model, { input: task.estimate.inputTokens, output: Math.min(task.estimate.outputTokens, model.maxOutputTokens) })),
  );
  return Math.max(1, Math.ceil(task.estimate.calls * answersPerCall * perCall));
}

export type Unavailability = 'plan' | 'no_provider_key' | 'disabled';

/** Why this workspace cannot use a model now, or null when it can. */
export async function unavailability(parts: GenerationParts, workspaceId: string, allowedModels: readonly string[], model: RegisteredModel): Promise<Unavailability | null> {
  if (!model.enabled) return 'disabled';
  if (!allowedModels.includes('*') && !allowedModels.includes(model.id)) return 'plan';
  if ((await parts.keys.keyFor(workspaceId, model.provider)) === undefined) return 'no_provider_key';
  return null;
}
