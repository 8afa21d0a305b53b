import { z } from 'zod';
import { defineEvent } from '../../platform/events/define-event.ts';

/** The webhooks module's facts, for the workspace to be told (the mailbox shows them): ids and counts only. */
const id = z.uuid();

export const webhookDeliveryFailed = defineEvent(
  'webhook.delivery_failed',
  1,
  z.object({ endpointId: id, deliveryId: id, eventId: z.string(), eventType: z.string(), attempts: z.number().int() }),
);
export const webhookEndpointDisabled = defineEvent(
  'webhook.endpoint_disabled',
  1,
  z.object({ endpointId: id, failingSince: z.iso.datetime(), reason: z.string() }),
);
