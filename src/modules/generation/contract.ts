import { z } from 'zod';

/** The generation layer's shared shapes: the server's routes and the web app use these same definitions. */

export const generationStatusSchema = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);
export const providerSchema = z.enum(['local', 'openai', 'anthropic', 'compatible']);
export const keyedProviderSchema = z.enum(['openai', 'anthropic', 'compatible']);
export const capabilitySchema = z.enum(['text', 'structured', 'image']);

const credits = z.number().nonnegative();

/** A model of the registry. Prices are in credits; costs (what the provider charges) in millionths of a US dollar. */
export const modelDefinitionSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9._:/-]{0,99}$/, { error: 'must be lower-case letters, digits and . _ : / -' }),
  label: z.string().min(1).max(100),
  provider: providerSchema,
  /** The id the provider knows the model by. */
  providerModel: z.string().min(1).max(200),
  capabilities: z.array(capabilitySchema).min(1),
  contextWindow: z.number().int().positive(),
  maxOutputTokens: z.number().int().positive(),
  price: z.object({ inputPer1k: credits, outputPer1k: credits, perImage: credits }),
  cost: z.object({ inputPer1kUsdMicros: z.number().int().nonnegative(), outputPer1kUsdMicros: z.number().int().nonnegative(), perImageUsdMicros: z.number().int().nonnegative() }),
  /** Tried next, in order, when this model keeps failing. */
  fallbacks: z.array(z.string()).max(5),
  timeoutMs: z.number().int().min(100).max(600_000),
  enabled: z.boolean(),
});
export type ModelDefinition = z.infer<typeof modelDefinitionSchema>;

export const generationErrorSchema = z.object({ code: z.string(), message: z.string() });
export type GenerationError = z.infer<typeof generationErrorSchema>;

export const generationProgressSchema = z.object({ step: z.string(), done: z.number().int(), total: z.number().int() });
export type GenerationProgress = z.infer<typeof generationProgressSchema>;

export const attemptRecordSchema = z.object({
  model: z.string(),
  step: z.string(),
  startedAt: z.iso.datetime(),
  durationMs: z.number().int(),
  tokensIn: z.number().int(),
  tokensOut: z.number().int(),
  outcome: z.enum(['succeeded', 'invalid_output', 'transient', 'refused', 'skipped', 'cancelled']),
  error: generationErrorSchema.nullable(),
});
export type AttemptRecord = z.infer<typeof attemptRecordSchema>;

export const generationSchema = z.object({
  id: z.uuid(),
  task: z.string(),
  status: generationStatusSchema,
  modelChain: z.array(z.string()),
  attempts: z.array(attemptRecordSchema),
  progress: generationProgressSchema.nullable(),
  output: z.unknown().nullable(),
  error: generationErrorSchema.nullable(),
  tokensIn: z.number().int(),
  tokensOut: z.number().int(),
  creditsReserved: z.number().int(),
  creditsCharged: z.number().int().nullable(),
  latencyMs: z.number().int().nullable(),
  requestedBy: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
});
export type GenerationView = z.infer<typeof generationSchema>;

export const generationListSchema = z.object({ items: z.array(generationSchema), nextCursor: z.string().nullable() });

export const generationListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
  task: z.string().max(100).optional(),
  status: generationStatusSchema.optional(),
});

/** At most this much JSON of input per generation: prompts are words, not documents. */
export const maxInputBytes = 64 * 1024;

export const requestGenerationBody = z.object({
  task: z.string().min(1).max(100),
  input: z.unknown(),
  /** A model of the registry the plan allows; unset, the workspace's default for the task. */
  model: z.string().max(100).optional(),
});

export const taskSchema = z.object({
  name: z.string(),
  description: z.string(),
  capability: capabilitySchema,
  defaultModel: z.string(),
  workspaceDefault: z.string().nullable(),
  /** The credits set aside when the task starts with the workspace's default model (the most it can cost). */
  estimatedCredits: z.number().int(),
  inputSchema: z.record(z.string(), z.unknown()),
});
export const taskListSchema = z.object({ items: z.array(taskSchema) });

export const modelAvailabilitySchema = z.object({
  id: z.string(),
  label: z.string(),
  provider: providerSchema,
  capabilities: z.array(capabilitySchema),
  contextWindow: z.number().int(),
  price: modelDefinitionSchema.shape.price,
  available: z.boolean(),
  /** Why a model cannot be used here: the plan, a provider without a key, or an operator disabled it. */
  unavailableBecause: z.enum(['plan', 'no_provider_key', 'disabled']).nullable(),
});
export const modelListSchema = z.object({ items: z.array(modelAvailabilitySchema) });

export const setTaskDefaultBody = z.object({ model: z.string().min(1).max(100) });

export const providerKeyStatusSchema = z.object({
  provider: keyedProviderSchema,
  /** Where the key in use comes from: the workspace's own, the deployment's, or none. */
  source: z.enum(['workspace', 'deployment', 'none']),
  updatedAt: z.iso.datetime().nullable(),
});
export const providerKeyListSchema = z.object({ items: z.array(providerKeyStatusSchema) });
export const setProviderKeyBody = z.object({ apiKey: z.string().trim().min(8, { error: 'must be the whole API key' }).max(500) });

export const operatorModelSchema = modelDefinitionSchema.extend({ source: z.enum(['built-in', 'operator', 'deployment']), overridden: z.boolean() });
export const operatorModelListSchema = z.object({ items: z.array(operatorModelSchema) });
