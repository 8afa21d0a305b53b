import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { ImageModelV4, LanguageModelV4 } from '@ai-sdk/provider';
import type { Config } from '../../platform/config/config.ts';
import type { ModelDefinition } from './contract.ts';
import { GenerationFailure } from './generation-failure.ts';
import { createLocalImageModel } from './local-image-model.ts';
import { createLocalLanguageModel } from './local-provider.ts';
import type { TaskRegistry } from './tasks.ts';

export type ProviderSettings = Pick<
  Config,
  'OPENAI_API_KEY' | 'OPENAI_BASE_URL' | 'ANTHROPIC_API_KEY' | 'ANTHROPIC_BASE_URL' | 'OPENAI_COMPATIBLE_BASE_URL' | 'OPENAI_COMPATIBLE_API_KEY' | 'OPENAI_COMPATIBLE_MODELS'
>;

/** The deployment's own key for a provider, if it has one. */
export function deploymentKey(config: ProviderSettings, provider: ModelDefinition['provider']): string | undefined {
  switch (provider) {
    case 'openai':
      return config.OPENAI_API_KEY;
    case 'anthropic':
      return config.ANTHROPIC_API_KEY;
    case 'compatible':
      // Many local servers (Ollama, LM Studio) want no key: configuring the server is enough.
      return config.OPENAI_COMPATIBLE_BASE_URL ? (config.OPENAI_COMPATIBLE_API_KEY ?? '') : undefined;
    case 'local':
      return '';
  }
}

const openai = (apiKey: string, config: ProviderSettings) => createOpenAI({ apiKey, ...(config.OPENAI_BASE_URL ? { baseURL: config.OPENAI_BASE_URL } : {}) });

const compatible = (apiKey: string, config: ProviderSettings) =>
  createOpenAICompatible({
    name: 'compatible',
    baseURL: config.OPENAI_COMPATIBLE_BASE_URL ?? 'http://127.0.0.1:11434/v1',
    ...(apiKey ? { apiKey } : {}),
    // Without this the SDK silently asks for bare JSON instead of the schema.
    supportsStructuredOutputs: true,
    includeUsage: true,
  });

/**
 * The AI SDK model for a registry entry, with the key to use (the workspace's own or the
 * deployment's). OpenAI goes through its Chat Completions API, which every OpenAI-compatible
 * server and proxy speaks too.
 */
export function languageModelFor(model: ModelDefinition, apiKey: string, config: ProviderSettings, tasks: TaskRegistry): LanguageModelV4 {
  switch (model.provider) {
    case 'local':
      return createLocalLanguageModel(model.providerModel, tasks);
    case 'openai':
      return openai(apiKey, config).chat(model.providerModel);
    case 'anthropic':
      return createAnthropic({ apiKey, ...(config.ANTHROPIC_BASE_URL ? { baseURL: config.ANTHROPIC_BASE_URL } : {}) }).languageModel(model.providerModel);
    case 'compatible':
      return compatible(apiKey, config).chatModel(model.providerModel);
  }
}

/** The AI SDK image model for a registry entry that makes images (OpenAI's Images API, or a compatible server's). */
export function imageModelFor(model: ModelDefinition, apiKey: string, config: ProviderSettings, tasks: TaskRegistry): ImageModelV4 {
  switch (model.provider) {
    case 'local':
      return createLocalImageModel(model.providerModel, tasks);
    case 'openai':
      return openai(apiKey, config).image(model.providerModel);
    case 'compatible':
      return compatible(apiKey, config).imageModel(model.providerModel);
    case 'anthropic':
      throw new GenerationFailure('provider_rejected', `${model.label} is an Anthropic model, and Anthropic makes no images: choose another model for images`);
  }
}
