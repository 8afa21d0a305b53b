import { eq } from 'drizzle-orm';
import type { Config } from '../../platform/config/config.ts';
import type { Database } from '../../platform/db/database.ts';
import type { Tx } from '../../platform/db/tenancy.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { modelDefinitionSchema, type ModelDefinition } from './contract.ts';
import { modelOverrides } from './generation.schema.ts';

const free = { inputPer1kUsdMicros: 0, outputPer1kUsdMicros: 0, perImageUsdMicros: 0 };

/**
 * The models Atelier knows out of the box. Credits are priced at about twice the provider's
 * list price (1 credit = US$0.001), so a deployment's margin shows in the records; operators
 * edit any of this without a release.
 */
export const builtInModels: readonly ModelDefinition[] = [
  {
    id: 'local',
    label: 'Local (offline templates)',
    provider: 'local',
    providerModel: 'local-templates',
    // It writes from templates and paints procedural pictures (decision 0022), both offline.
    capabilities: ['text', 'structured', 'image'],
    contextWindow: 32_000,
    maxOutputTokens: 8_000,
    price: { inputPer1k: 0.2, outputPer1k: 1, perImage: 2 },
    cost: free,
    fallbacks: [],
    timeoutMs: 30_000,
    enabled: true,
  },
  {
    id: 'openai:gpt-5-mini',
    label: 'OpenAI GPT-5 mini',
    provider: 'openai',
    providerModel: 'gpt-5-mini',
    capabilities: ['text', 'structured'],
    contextWindow: 400_000,
    maxOutputTokens: 16_000,
    price: { inputPer1k: 0.5, outputPer1k: 4, perImage: 0 },
    cost: { inputPer1kUsdMicros: 250, outputPer1kUsdMicros: 2_000, perImageUsdMicros: 0 },
    fallbacks: ['anthropic:claude-haiku-4-5'],
    timeoutMs: 120_000,
    enabled: true,
  },
  {
    id: 'openai:gpt-5',
    label: 'OpenAI GPT-5',
    provider: 'openai',
    providerModel: 'gpt-5',
    capabilities: ['text', 'structured'],
    contextWindow: 400_000,
    maxOutputTokens: 16_000,
    price: { inputPer1k: 2.5, outputPer1k: 20, perImage: 0 },
    cost: { inputPer1kUsdMicros: 1_250, outputPer1kUsdMicros: 10_000, perImageUsdMicros: 0 },
    fallbacks: ['openai:gpt-5-mini'],
    timeoutMs: 180_000,
    enabled: true,
  },
  // Image models are priced per image (at medium quality, the Images API's default); their
  // context window is the prompt they read, and they write no text.
  {
    id: 'openai:gpt-image-1',
    label: 'OpenAI GPT Image 1',
    provider: 'openai',
    providerModel: 'gpt-image-1',
    capabilities: ['image'],
    contextWindow: 32_000,
    maxOutputTokens: 1,
    imageSizes: ['1024x1024', '1536x1024', '1024x1536'],
    price: { inputPer1k: 0, outputPer1k: 0, perImage: 80 },
    cost: { inputPer1kUsdMicros: 0, outputPer1kUsdMicros: 0, perImageUsdMicros: 42_000 },
    fallbacks: ['openai:gpt-image-1-mini'],
    timeoutMs: 180_000,
    enabled: true,
  },
  {
    id: 'openai:gpt-image-1-mini',
    label: 'OpenAI GPT Image 1 mini',
    provider: 'openai',
    providerModel: 'gpt-image-1-mini',
    capabilities: ['image'],
    contextWindow: 32_000,
    maxOutputTokens: 1,
    imageSizes: ['1024x1024', '1536x1024', '1024x1536'],
    price: { inputPer1k: 0, outputPer1k: 0, perImage: 20 },
    cost: { inputPer1kUsdMicros: 0, outputPer1kUsdMicros: 0, perImageUsdMicros: 11_000 },
    fallbacks: [],
    timeoutMs: 120_000,
    enabled: true,
  },
  {
    id: 'anthropic:claude-sonnet-4-5',
    label: 'Anthropic Claude Sonnet 4.5',
    provider: 'anthropic',
    providerModel: 'claude-sonnet-4-5',
    capabilities: ['text', 'structured'],
    contextWindow: 200_000,
    maxOutputTokens: 16_000,
    price: { inputPer1k: 6, outputPer1k: 30, perImage: 0 },
    cost: { inputPer1kUsdMicros: 3_000, outputPer1kUsdMicros: 15_000, perImageUsdMicros: 0 },
    fallbacks: ['openai:gpt-5-mini'],
    timeoutMs: 180_000,
    enabled: true,
  },
  {
    id: 'anthropic:claude-haiku-4-5',
    label: 'Anthropic Claude Haiku 4.5',
    provider: 'anthropic',
    providerModel: 'claude-haiku-4-5',
    capabilities: ['text', 'structured'],
    contextWindow: 200_000,
    maxOutputTokens: 16_000,
    price: { inputPer1k: 2, outputPer1k: 10, perImage: 0 },
    cost: { inputPer1kUsdMicros: 1_000, outputPer1kUsdMicros: 5_000, perImageUsdMicros: 0 },
    fallbacks: [],
    timeoutMs: 120_000,
    enabled: true,
  },
];

/** The OpenAI-compatible server's models, named in OPENAI_COMPATIBLE_MODELS; priced like a small hosted model until an operator says otherwise. */
export function deploymentModels(config: Pick<Config, 'OPENAI_COMPATIBLE_BASE_URL' | 'OPENAI_COMPATIBLE_MODELS'>): ModelDefinition[] {
  if (!config.OPENAI_COMPATIBLE_BASE_URL || !config.OPENAI_COMPATIBLE_MODELS) return [];
  return config.OPENAI_COMPATIBLE_MODELS.split(',')
    .map((id) => id.trim())
    .filter(Boolean)
    .map((providerModel) => ({
      id: `compatible:${providerModel.toLowerCase()}`,
      label: `${providerModel} (${new URL(config.OPENAI_COMPATIBLE_BASE_URL as string).host})`,
      provider: 'compatible' as const,
      providerModel,
      capabilities: ['text' as const, 'structured' as const],
      contextWindow: 32_000,
      maxOutputTokens: 8_000,
      price: { inputPer1k: 0.5, outputPer1k: 2, perImage: 0 },
      cost: free,
      fallbacks: [],
      timeoutMs: 120_000,
      enabled: true,
    }));
}

export type ModelSource = 'built-in' | 'deployment' | 'operator';

export interface RegisteredModel extends ModelDefinition {
  source: ModelSource;
  overridden: boolean;
}

const cacheMs = 5_000;

/** The model `id` of a registry read with `all()`, or the API's answer that there is none. */
export function modelIn(models: readonly RegisteredModel[], id: string): RegisteredModel {
  const model = models.find((candidate) => candidate.id === id);
  if (!model) throw new AppError('invalid_input', `There is no model "${id}" in the registry`, { field: 'model' });
  return model;
}

/**
 * The effective registry: built-in and deployment models, with the operators' edits laid over
 * them. Read on every generation request, so it is cached for a few seconds per process; an edit
 * reaches every process within that.
 */
export function createModelRegistry(db: Database, config: Pick<Config, 'OPENAI_COMPATIBLE_BASE_URL' | 'OPENAI_COMPATIBLE_MODELS'>) {
  let cached: { until: number; models: RegisteredModel[] } | undefined;
  const defaults = [...builtInModels.map((model) => ({ model, source: 'built-in' as const })), ...deploymentModels(config).map((model) => ({ model, source: 'deployment' as const }))];

  async function all(): Promise<RegisteredModel[]> {
    if (cached && cached.until > Date.now()) return cached.models;
    const overrides = await db.system((tx) => tx.select().from(modelOverrides));
    const edits = new Map(overrides.map((row) => [row.id, modelDefinitionSchema.parse(row.definition)]));
    const models: RegisteredModel[] = defaults.map(({ model, source }) => {
      const edited = edits.get(model.id);
      return edited ? { ...edited, source, overridden: true } : { ...model, source, overridden: false };
    });
    for (const [id, definition] of edits) {
      if (!defaults.some(({ model }) => model.id === id)) models.push({ ...definition, source: 'operator', overridden: false });
    }
    cached = { until: Date.now() + cacheMs, models };
    return models;
  }

  return {
    all,
    async get(id: string): Promise<RegisteredModel> {
      return modelIn(await all(), id);
    },
    /** An operator's edit (or a new model); it replaces the definition of that id. */
    async save(tx: Tx, definition: ModelDefinition, operatorId: string): Promise<void> {
      const values = { id: definition.id, definition, updatedBy: operatorId, updatedAt: new Date() };
      await tx.insert(modelOverrides).values(values).onConflictDoUpdate({ target: modelOverrides.id, set: values });
      cached = undefined;
    },
    /** Drops an operator's edit: a built-in model returns to its definition, an added one leaves the registry. */
    async revert(tx: Tx, id: string): Promise<boolean> {
      const removed = await tx.delete(modelOverrides).where(eq(modelOverrides.id, id)).returning({ id: modelOverrides.id });
      cached = undefined;
      return removed.length > 0;
    },
  };
}

export type ModelRegistry = ReturnType<typeof createModelRegistry>;

/** What one answer used, as priced: tokens, and images on image steps. */
export interface PricedUsage {
  input: number;
  output: number;
  images?: number;
}

/** Credits for an answer at a model's price, before rounding (a generation rounds its total up once). */
export function creditsFor(model: ModelDefinition, usage: PricedUsage): number {
  return (usage.input / 1000) * model.price.inputPer1k + (usage.output / 1000) * model.price.outputPer1k + (usage.images ?? 0) * model.price.perImage;
}

export function costUsdMicrosFor(model: ModelDefinition, usage: PricedUsage): number {
  return Math.ceil((usage.input / 1000) * model.cost.inputPer1kUsdMicros + (usage.output / 1000) * model.cost.outputPer1kUsdMicros + (usage.images ?? 0) * model.cost.perImageUsdMicros);
}
