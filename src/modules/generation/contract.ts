import { z } from 'zod';

/** The generation layer's shared shapes: the server's routes and the web app use these same definitions. */

export const generationStatusSchema = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);
export const providerSchema = z.enum(['local', 'openai', 'anthropic', 'compatible']);
export const keyedProviderSchema = z.enum(['openai', 'anthropic', 'compatible']);
export const capabilitySchema = z.enum(['text', 'structured', 'image']);

const credits = z.number().nonnegative();

/** `{width}x{height}` in pixels, as image models take it. */
export const imageSizeSchema = z.string().regex(/^[1-9][0-9]{1,4}x[1-9][0-9]{1,4}$/, { error: 'must be {width}x{height}, like 1024x1024' });

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
  /** The only sizes an image model makes; others are asked as the nearest of these in shape. Unset, any size. */
  imageSizes: z.array(imageSizeSchema).min(1).max(20).optional(),
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
  /** On an image step's answer: the images it brought back. */
  images: z.number().int().nonnegative().optional(),
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
  output: z.unknown().nullable().describe("The task's output. An image task's images are { mediaType, width, height, url }: the url serves the image's bytes."),
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

/** The image formats kept and served: raster only, so no served image can carry a script. */
export const imageMediaTypeSchema = z.enum(['image/png', 'image/jpeg', 'image/webp']);
/** The largest image a generation keeps, in bytes (its output holds it in base64 until the assets module stores blobs). */
export const maxImageBytes = 4 * 1024 * 1024;

/** One image an image step made; served as bytes at …/generations/{generationId}/images/{index}. */
export const generatedImageSchema = z.object({
  mediaType: imageMediaTypeSchema,
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  base64: z.base64().max(Math.ceil(maxImageBytes / 3) * 4),
});
export type GeneratedImage = z.infer<typeof generatedImageSchema>;

/** The output of a task that makes images (and may say more beside them): the images route reads `images` from it. */
export const imagesOutputSchema = z.object({ images: z.array(generatedImageSchema).min(1) });

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
