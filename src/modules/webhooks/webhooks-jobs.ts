import { z } from 'zod';
import { defineSubscriber, on, type EventHandler } from '../../platform/events/subscriber.ts';
import { defineJob, type JobQueue } from '../../platform/jobs/define-job.ts';
import { catalogue, messageOf } from './catalogue.ts';
import { attemptDelivery, fanOut, webhookParts, type AttemptQueue, type DeliverPayload } from './deliveries.ts';

/**
 * One attempt of one delivery. A failed HTTP call is not a failed job: the attempt is logged and
 * the next one enqueued at its time (`runAt`), following the webhook schedule rather than the
 * queue's backoff. The job's own retries only cover a crash or a database error.
 */
export const deliverWebhook = defineJob(
  'webhooks.deliver',
  z.object({ deliveryId: z.uuid(), round: z.number().int().nonnegative(), attempt: z.number().int().positive() }),
  async (payload, { db, config, jobs, workspaceId, signal }) => {
    if (!workspaceId) throw new Error('a webhook delivery job needs its workspace');
    await attemptDelivery(webhookParts(db, config), attemptQueueOf(jobs), workspaceId, payload, signal);
  },
  { retryLimit: 3, retryDelaySeconds: 5, expireInSeconds: 120 },
);

export const attemptQueueOf = (jobs: JobQueue): AttemptQueue => ({ jobs, job: deliverWebhook as unknown as AttemptQueue['job'] });

export type { DeliverPayload };

/**
 * Turns each event of the public catalogue into one delivery per subscribed endpoint, in the
 * transaction that advances the cursor: exactly one delivery per (event, endpoint), and its first
 * attempt enqueued with it. Events outside the catalogue are never read.
 */
export const webhookFanOut = defineSubscriber({
  name: 'webhooks.fan-out',
  handlers: catalogue.map(
    ({ definition }): EventHandler =>
      on(definition, async (event, tx, { jobs }) => {
        if (!event.workspaceId) return;
        await fanOut(tx, attemptQueueOf(jobs), event.workspaceId, { id: event.id, type: event.type, occurredAt: event.occurredAt, payload: messageOf(event.type, event.occurredAt, event.payload) });
      }),
  ),
});
