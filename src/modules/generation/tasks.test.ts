import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { defineTask, type TaskDefinition } from './tasks.ts';

const task = (changes: Partial<TaskDefinition>): TaskDefinition => ({
  name: 'test.task',
  description: 'A test task',
  capability: 'text',
  input: z.unknown(),
  output: z.unknown(),
  defaultModel: 'local',
  estimate: { calls: 1, inputTokens: 100, outputTokens: 100 },
  run: () => Promise.resolve(null),
  local: {},
  ...changes,
});

describe('defineTask', () => {
  it('takes text tasks that estimate calls with their tokens, and image tasks that estimate images', () => {
    expect(() => defineTask(task({}))).not.toThrow();
    expect(() => defineTask(task({ capability: 'image', estimate: { calls: 0, inputTokens: 0, outputTokens: 0, images: 4 } }))).not.toThrow();
    // A text task may paint too, when its chain's models do both.
    expect(() => defineTask(task({ estimate: { calls: 1, inputTokens: 100, outputTokens: 100, images: 1 } }))).not.toThrow();
  });

  it('refuses an estimate that sets nothing aside for what the task does, or is not whole', () => {
    for (const changes of [
      { capability: 'image' as const },
      { estimate: { calls: 0, inputTokens: 0, outputTokens: 0, images: 2 } },
      { estimate: { calls: 2, inputTokens: 0, outputTokens: 100 } },
      { estimate: { calls: 1.5, inputTokens: 100, outputTokens: 100 } },
      { capability: 'image' as const, estimate: { calls: 0, inputTokens: 0, outputTokens: 0, images: -1 } },
    ]) {
      expect(() => defineTask(task(changes)), JSON.stringify(changes)).toThrow('task test.task needs a whole estimate');
    }
  });
});
