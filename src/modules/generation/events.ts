import { z } from 'zod';
import { defineEvent } from '../../platform/events/define-event.ts';

/** The generation layer's facts: ids, task and model names, numbers; never the prompt or the output. */
const id = z.uuid();

export const generationRequested = defineEvent('generation.requested', 1, z.object({ generationId: id, task: z.string(), model: z.string(), creditsReserved: z.number().int() }));
export const generationSucceeded = defineEvent(
  'generation.succeeded',
  1,
  z.object({ generationId: id, task: z.string(), model: z.string(), creditsCharged: z.number().int(), tokensIn: z.number().int(), tokensOut: z.number().int() }),
);
export const generationFailed = defineEvent('generation.failed', 1, z.object({ generationId: id, task: z.string(), code: z.string(), cancelled: z.boolean() }));
