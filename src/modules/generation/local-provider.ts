import { APICallError, type LanguageModelV4, type LanguageModelV4CallOptions, type LanguageModelV4GenerateResult, type LanguageModelV4Prompt } from '@ai-sdk/provider';
import type { TaskRegistry } from './tasks.ts';

/** What a call tells the local provider, under `providerOptions.local`: which task's step, and that step's input. */
export interface LocalCallOptions {
  task: string;
  step: string;
  input: unknown;
}

/** About four characters a token, the rule of thumb for English with common tokenizers. */
export function countTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function promptText(prompt: LanguageModelV4Prompt): string {
  return prompt
    .map((message) =>
      typeof message.content === 'string' ? message.content : message.content.map((part) => ('text' in part && typeof part.text === 'string' ? part.text : '')).join(''),
    )
    .join('\n');
}

const refuse = (message: string) => new APICallError({ message, url: 'local:', requestBodyValues: {}, statusCode: 400, isRetryable: false });

/**
 * Atelier's built-in model: deterministic, offline and fast. It does not read the prompt to
 * guess what is wanted: the call names its task and step (`providerOptions.local`), and the
 * generator the owning module registered for that step writes the answer. Tokens are counted
 * from the prompt it was given and the text it returns, so pricing and credits work exactly as
 * with a hosted model.
 */
export function createLocalLanguageModel(modelId: string, tasks: TaskRegistry): LanguageModelV4 {
  async function answer(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    options.abortSignal?.throwIfAborted();
    const local = options.providerOptions?.['local'] as Partial<LocalCallOptions> | undefined;
    if (!local?.task || !local.step) throw refuse('The local model answers only Atelier tasks: the call must name its task and step in providerOptions.local');
    const generator = tasks.get(local.task).local[local.step] as ((input: unknown) => unknown) | undefined;
    if (!generator) throw refuse(`Task ${local.task} has no local generator for its step "${local.step}"`);
    const full = JSON.stringify(generator(local.input));
    const limit = options.maxOutputTokens;
    // Like a hosted model, it stops at the token limit: the cut-off answer is returned as such, never repaired.
    const truncated = limit !== undefined && countTokens(full) > limit;
    const text = truncated ? full.slice(0, limit * 4) : full;
    const inputTokens = countTokens(promptText(options.prompt));
    const outputTokens = countTokens(text);
    return {
      content: [{ type: 'text', text }],
      finishReason: truncated ? { unified: 'length', raw: 'max_tokens' } : { unified: 'stop', raw: 'stop' },
      usage: {
        inputTokens: { total: inputTokens, noCache: inputTokens, cacheRead: 0, cacheWrite: 0 },
        outputTokens: { total: outputTokens, text: outputTokens, reasoning: 0 },
      },
      warnings: [],
      response: { modelId, timestamp: new Date() },
    };
  }

  return {
    specificationVersion: 'v4',
    provider: 'local',
    modelId,
    supportedUrls: {},
    doGenerate: answer,
    async doStream(options) {
      const result = await answer(options);
      const text = result.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
      return {
        stream: new ReadableStream({
          start(controller) {
            controller.enqueue({ type: 'stream-start', warnings: [] });
            controller.enqueue({ type: 'text-start', id: 'answer' });
            for (let at = 0; at < text.length; at += 256) controller.enqueue({ type: 'text-delta', id: 'answer', delta: text.slice(at, at + 256) });
            controller.enqueue({ type: 'text-end', id: 'answer' });
            controller.enqueue({ type: 'finish', usage: result.usage, finishReason: result.finishReason });
            controller.close();
          },
        }),
      };
    },
  };
}
