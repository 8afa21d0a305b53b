import { z } from 'zod';

/** The webhooks module's shared shapes: the server's routes and the web app use these same definitions. */

const eventType = z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, { error: 'must be an event type like site.published' });

export const endpointUrlSchema = z
  .string()
  .trim()
  .max(2000)
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' && !url.username && !url.password;
      } catch {
        return false;
      }
    },
    { error: 'must be an http(s) URL without credentials, like https://example.com/webhooks' },
  );

export const endpointSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  description: z.string(),
  /** The catalogue's event types this endpoint receives. */
  eventTypes: z.array(z.string()),
  enabled: z.boolean(),
  /** Why the endpoint was disabled by Atelier (after failing for 5 days), or null. */
  disabledReason: z.string().nullable(),
  /** Since when every delivery has failed, or null when the last one succeeded. */
  failingSince: z.iso.datetime().nullable(),
  /** While a rotation is in its 24 hours of overlap: when the old secret stops signing. */
  previousSecretExpiresAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Endpoint = z.infer<typeof endpointSchema>;

export const endpointListSchema = z.object({ items: z.array(endpointSchema) });

export const createEndpointBody = z.object({
  url: endpointUrlSchema,
  description: z.string().trim().max(500).default(''),
  eventTypes: z.array(eventType).min(1, { error: 'choose at least one event type' }).max(50),
  enabled: z.boolean().default(true),
});

export const updateEndpointBody = z
  .object({
    url: endpointUrlSchema,
    description: z.string().trim().max(500),
    eventTypes: z.array(eventType).min(1, { error: 'choose at least one event type' }).max(50),
    enabled: z.boolean(),
  })
  .partial();

/** The signing secret: shown when the endpoint is created or rotated, and on request to its managers. */
export const endpointSecretSchema = z.object({ secret: z.string(), previousSecretExpiresAt: z.iso.datetime().nullable() });
export const createdEndpointSchema = endpointSchema.extend({ secret: z.string() });

export const deliveryStatusSchema = z.enum(['pending', 'succeeded', 'failed']);

export const deliverySchema = z.object({
  id: z.uuid(),
  endpointId: z.uuid(),
  /** The `webhook-id`: the event's id (the same for every attempt and every resend). */
  messageId: z.string(),
  eventType: z.string(),
  status: deliveryStatusSchema,
  attempts: z.number().int(),
  nextAttemptAt: z.iso.datetime().nullable(),
  lastAttemptAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type Delivery = z.infer<typeof deliverySchema>;

export const deliveryAttemptSchema = z.object({
  id: z.uuid(),
  attempt: z.number().int(),
  requestHeaders: z.record(z.string(), z.string()),
  requestBody: z.string(),
  responseStatus: z.number().int().nullable(),
  responseBody: z.string().nullable(),
  durationMs: z.number().int(),
  error: z.string().nullable(),
  startedAt: z.iso.datetime(),
});

export const deliveryDetailSchema = deliverySchema.extend({ payload: z.unknown(), attemptLog: z.array(deliveryAttemptSchema) });

export const deliveryListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().optional(),
  status: deliveryStatusSchema.optional(),
});
/** A delivery as the log lists it: with what its latest attempt got back (both null before the first attempt, or when no answer came). */
export const deliveryLogEntrySchema = deliverySchema.extend({
  lastResponseStatus: z.number().int().nullable(),
  lastDurationMs: z.number().int().nullable(),
});
export const deliveryListSchema = z.object({ items: z.array(deliveryLogEntrySchema), nextCursor: z.string().nullable() });

export const recoverBody = z.object({ since: z.iso.datetime({ error: 'must be an ISO-8601 time' }) });
export const recoverResultSchema = z.object({ requeued: z.number().int() });

export const testEventBody = z.object({ eventType: eventType.optional() });

export const catalogueEntrySchema = z.object({
  type: z.string(),
  version: z.number().int(),
  description: z.string(),
  /** JSON Schema (draft 2020-12) of the message's `data`. */
  schema: z.record(z.string(), z.unknown()),
  example: z.object({ type: z.string(), timestamp: z.string(), data: z.unknown() }),
});
export const catalogueSchema = z.object({
  /** The catalogue's own version: it grows when an event type is added or a payload changes. */
  version: z.number().int(),
  events: z.array(catalogueEntrySchema),
});
