import { generateText, Output } from 'ai';
import type { GenerationParts } from './generation-parts.ts';
import type { ChainStep } from './model-chain.ts';
import { languageModelFor } from './providers.ts';
import type { AnyTask, ModelCall } from './tasks.ts';

/**
 * One `Output.object` per schema: it turns the zod schema into JSON Schema when made, which was a
 * third of a local call's time, and it keeps nothing of a call (its parsing is stateless).
 */
const outputs = new WeakMap<object, ReturnType<typeof Output.object>>();
function outputFor(schema: ModelCall<unknown>['schema']): ReturnType<typeof Output.object> {
  let output = outputs.get(schema);
  if (!output) {
    output = Output.object({ schema });
    outputs.set(schema, output);
  }
  return output;
}

/**
 * A task's structured call as a step of the chain: `generateText` with the schema, the layer's
 * own retries (none in the SDK), and a repair that shows the model its wrong answer and the
 * validation errors.
 */
export function structuredStep<TOutput>(parts: GenerationParts, task: AnyTask, call: ModelCall<TOutput>): ChainStep<TOutput> {
  return {
    step: call.step,
    capability: 'text',
    on(model, apiKey) {
      const languageModel = languageModelFor(model, apiKey, parts.config, parts.tasks);
      const messages: { role: 'user' | 'assistant'; content: string }[] = [{ role: 'user', content: call.prompt }];
      return {
        async ask(signal) {
          const result = await generateText({
            model: languageModel,
            system: call.system,
            messages,
            output: outputFor(call.schema),
            maxOutputTokens: Math.min(call.maxOutputTokens ?? task.estimate.outputTokens, task.estimate.outputTokens, model.maxOutputTokens),
            maxRetries: 0,
            abortSignal: signal,
            timeout: model.timeoutMs,
            providerOptions: { local: { task: task.name, step: call.step, input: call.localInput as never } },
          });
          return { value: result.output as TOutput, usage: { tokensIn: result.usage.inputTokens ?? 0, tokensOut: result.usage.outputTokens ?? 0 } };
        },
        answeredWrong(failure) {
          messages.push(
            { role: 'assistant', content: failure.text },
            { role: 'user', content: `That answer does not match the required JSON schema:\n${failure.message}\nAnswer again with only JSON that matches the schema.` },
          );
        },
      };
    },
  };
}
