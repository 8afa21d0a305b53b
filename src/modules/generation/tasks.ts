import type { z } from 'zod';
import type { Tx } from '../../platform/db/tenancy.ts';
import { defineExtensionPoint } from '../../platform/extension-points.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { GeneratedImage } from './contract.ts';
import type { Picture } from './picture.ts';

/**
 * One structured call to a model, made by a task's run: what real providers read (system and
 * prompt), the schema its answer must match, and what the local provider's generator for this
 * step receives instead of guessing from the prompt's words.
 */
export interface ModelCall<TOutput> {
  /** A name the task's local generators know (`outline`, `section`); progress shows it. */
  step: string;
  schema: z.ZodType<TOutput>;
  system: string;
  prompt: string;
  localInput: unknown;
  /** At most this many output tokens (capped by the task's estimate and the model's limit). */
  maxOutputTokens?: number;
}

/** An image call asks for at most this many images; the local model answers them in one call, numbered 0 to n − 1. */
export const maxImagesPerCall = 10;

/** One call for images: what real providers read (the prompt), and what the step's local generator receives. */
export interface ImageCall {
  /** A name the task's local image generators know (`image`); progress shows it. */
  step: string;
  prompt: string;
  /** How many images, 1 to `maxImagesPerCall`, within what the task's estimate set credits aside for. */
  n: number;
  size: `${number}x${number}`;
  localInput: unknown;
}

/** What a task's run may do: ask models (with the layer's retries, repairs and fallbacks) and say how far it got. */
export interface TaskRun<TInput> {
  input: TInput;
  workspaceId: string;
  generate<TOutput>(call: ModelCall<TOutput>): Promise<TOutput>;
  /** Images, charged per image that comes back (a provider may return fewer than asked). */
  generateImages(call: ImageCall): Promise<GeneratedImage[]>;
  progress(step: string, done: number, total: number): Promise<void>;
  signal: AbortSignal;
}

/** The most a run asks: structured calls with their input and output tokens each, and images. */
export interface TaskEstimate {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  images?: number;
}

export interface SucceededGeneration<TInput, TOutput> {
  workspaceId: string;
  generationId: string;
  requestedBy: string | null;
  input: TInput;
  output: TOutput;
}

/** A kind of AI work, declared once by the module that owns it. */
export interface TaskDefinition<TInput = unknown, TOutput = unknown> {
  name: string;
  description: string;
  /** What the models of its chain must do: write (structured) text, or make images. */
  capability: 'text' | 'image';
  input: z.ZodType<TInput>;
  output: z.ZodType<TOutput>;
  defaultModel: string;
  /**
   * The most a run asks. Credits are reserved for this worst case (times the attempts an answer
   * may take, at the priciest model of the fallback chain for text and for images).
   */
  estimate: TaskEstimate;
  /** The images this input asks for, when fewer than `estimate.images`: the reservation (and the run) is held to it. */
  imagesAsked?(input: TInput): number;
  run(task: TaskRun<TInput>): Promise<TOutput>;
  /** The local provider's deterministic answer for each step of the run, from that call's `localInput`. */
  local: Record<string, (localInput: never) => unknown>;
  /** The local image model's picture for each image step, from that call's `localInput` and the image's number in the call. */
  localImages?: Record<string, (localInput: never, image: { index: number }) => Picture>;
  /**
   * The next step of the owner's flow (save a site revision, say), in the transaction that
   * records the success: both happen or neither does.
   */
  onSucceeded?(tx: Tx, generation: SucceededGeneration<TInput, TOutput>): Promise<void>;
}

// Tasks of different inputs and outputs sit in one registry; each run parses with its own schemas.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTask = TaskDefinition<any, any>;

const taskName = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;

export function defineTask<TInput, TOutput>(task: TaskDefinition<TInput, TOutput>): TaskDefinition<TInput, TOutput> {
  if (!taskName.test(task.name)) throw new Error(`task name "${task.name}" must be dotted lower-case words, like "site.generate"`);
  const { calls, inputTokens, outputTokens, images = 0 } = task.estimate;
  const whole = [calls, inputTokens, outputTokens, images].every((value) => Number.isSafeInteger(value) && value >= 0);
  if (!whole || (calls > 0 && (inputTokens === 0 || outputTokens === 0)) || (task.capability === 'image' ? images === 0 : calls === 0)) {
    throw new Error(`task ${task.name} needs a whole estimate: calls with their tokens for a text task, images for an image task`);
  }
  return task;
}

/**
 * The common shape: one structured call whose answer is the task's output. `prompt` writes what
 * a real model reads; `local` answers for the local provider from the task's input.
 */
export function defineSingleCallTask<TInput, TOutput>(task: {
  name: string;
  description: string;
  input: z.ZodType<TInput>;
  output: z.ZodType<TOutput>;
  defaultModel: string;
  estimate: { inputTokens: number; outputTokens: number };
  prompt(input: TInput): { system: string; prompt: string };
  local(input: TInput): TOutput;
  onSucceeded?: TaskDefinition<TInput, TOutput>['onSucceeded'];
}): TaskDefinition<TInput, TOutput> {
  return defineTask({
    name: task.name,
    description: task.description,
    capability: 'text',
    input: task.input,
    output: task.output,
    defaultModel: task.defaultModel,
    estimate: { calls: 1, ...task.estimate },
    run: ({ input, generate }) => generate({ step: 'answer', schema: task.output, ...task.prompt(input), localInput: input }),
    local: { answer: task.local },
    ...(task.onSucceeded ? { onSucceeded: task.onSucceeded } : {}),
  });
}

/** Where modules plug their tasks in: `contributes: [generationTasks.provide(siteGenerate)]`. */
export const generationTasks = defineExtensionPoint<AnyTask>('generation.tasks');

export interface TaskRegistry {
  all(): readonly AnyTask[];
  get(name: string): AnyTask;
}

export function createTaskRegistry(tasks: readonly AnyTask[]): TaskRegistry {
  const byName = new Map<string, AnyTask>();
  for (const task of tasks) {
    if (byName.has(task.name)) throw new Error(`two tasks are named "${task.name}"`);
    byName.set(task.name, task);
  }
  return {
    all: () => [...byName.values()],
    get(name) {
      const task = byName.get(name);
      if (!task) throw new AppError('invalid_input', `There is no task named "${name}"`, { field: 'task', tasks: [...byName.keys()] });
      return task;
    },
  };
}
