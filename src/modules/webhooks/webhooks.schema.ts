import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgSchema, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const webhooksSchema = pgSchema('webhooks');

const at = (name: string) => timestamp(name, { withTimezone: true });

/** A workspace's receiver: where to POST which events, and the sealed secrets that sign them. */
export const endpoints = webhooksSchema.table(
  'endpoints',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull(),
    url: text('url').notNull(),
    description: text('description').notNull().default(''),
    eventTypes: jsonb('event_types').$type<string[]>().notNull(),
    enabled: boolean('enabled').notNull().default(true),
    /** Set when Atelier disabled the endpoint (failing for 5 days); cleared when it is enabled again. */
    disabledReason: text('disabled_reason'),
    /** The signing secret, sealed by the deployment's secret box (bound to workspace and endpoint). */
    secretSealed: text('secret_sealed').notNull(),
    /** After a rotation, the old secret keeps signing beside the new one until `previous_secret_expires_at`. */
    previousSecretSealed: text('previous_secret_sealed'),
    previousSecretExpiresAt: at('previous_secret_expires_at'),
    /** The time of the first failed attempt since the last success; null while the endpoint answers. */
    failingSince: at('failing_since'),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (table) => [index('endpoints_workspace_idx').on(table.workspaceId, table.createdAt)],
);

/** One message to one endpoint, through all its attempts. One per (endpoint, event): the subscriber's idempotency. */
export const deliveries = webhooksSchema.table(
  'deliveries',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull(),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => endpoints.id, { onDelete: 'cascade' }),
    /** The event's id (or a test message's own id): the `webhook-id` header, the same on every attempt. */
    messageId: text('message_id').notNull(),
    eventType: text('event_type').notNull(),
    /** The message as sent: `{ type, timestamp, data }`. */
    payload: jsonb('payload').notNull(),
    status: text('status', { enum: ['pending', 'succeeded', 'failed'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** Bumped by a resend or recovery, so their jobs' idempotency keys differ from the first round's. */
    round: integer('round').notNull().default(0),
    nextAttemptAt: at('next_attempt_at'),
    lastAttemptAt: at('last_attempt_at'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('deliveries_endpoint_message_idx').on(table.endpointId, table.messageId),
    index('deliveries_workspace_created_idx').on(table.workspaceId, table.createdAt),
    index('deliveries_failed_idx').on(table.workspaceId, table.status, table.createdAt).where(sql`status = 'failed'`),
  ],
);

/** The delivery log: every attempt, with what was sent and what came back. */
export const deliveryAttempts = webhooksSchema.table(
  'delivery_attempts',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull(),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => deliveries.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    requestHeaders: jsonb('request_headers').$type<Record<string, string>>().notNull(),
    requestBody: text('request_body').notNull(),
    responseStatus: integer('response_status'),
    responseBody: text('response_body'),
    durationMs: integer('duration_ms').notNull(),
    error: text('error'),
    startedAt: at('started_at').notNull(),
  },
  (table) => [index('delivery_attempts_delivery_idx').on(table.deliveryId, table.attempt)],
);
