import { sql } from 'drizzle-orm';
import { bigint, customType, index, integer, jsonb, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { platformSchema } from '../db/platform.schema.ts';

/** PostgreSQL's 64-bit transaction id; read as text so no precision is lost in JavaScript. */
const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => 'xid8' });

/**
 * The append-only log of facts. `tx_id` is the appending transaction's id: the dispatcher only
 * reads events whose transactions are older than every transaction still running, so an event
 * that commits late is never skipped.
 */
export const eventLog = platformSchema.table(
  'event_log',
  {
    position: bigint('position', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    id: uuid('id').notNull().unique(),
    workspaceId: uuid('workspace_id'),
    type: text('type').notNull(),
    version: integer('version').notNull(),
    payload: jsonb('payload').notNull(),
    actor: text('actor'),
    traceId: text('trace_id'),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    txId: xid8('tx_id').notNull().default(sql`pg_current_xact_id()`),
  },
  (table) => [index('event_log_delivery_order_idx').on(table.txId, table.position)],
);

/** Where each subscriber has got to, in delivery order (transaction id, then position). */
export const subscriberCursors = platformSchema.table('subscriber_cursors', {
  subscriber: text('subscriber').primaryKey(),
  txId: xid8('tx_id').notNull().default(sql`'0'::xid8`),
  position: bigint('position', { mode: 'number' }).notNull().default(0),
  failedAttempts: integer('failed_attempts').notNull().default(0),
  lastError: text('last_error'),
  retryAt: timestamp('retry_at', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Events a subscriber gave up on after its attempts ran out, kept for an operator to retry. */
export const parkedEvents = platformSchema.table(
  'parked_events',
  {
    subscriber: text('subscriber').notNull(),
    eventId: uuid('event_id').notNull(),
    position: bigint('position', { mode: 'number' }).notNull(),
    attempts: integer('attempts').notNull(),
    error: text('error').notNull(),
    parkedAt: timestamp('parked_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.subscriber, table.eventId] })],
);
