import { index, integer, text, timestamp } from 'drizzle-orm/pg-core';
import { platformSchema } from '../db/platform.schema.ts';

/**
 * One row per throttled key (`login:account:<sha-256>`, `signup:ip:<sha-256>`): the failures or
 * uses counted since `window_started_at`, and how long the key is refused. A system table: the
 * keys name people and addresses before any workspace is known, so it has no `workspace_id` and
 * is written through `system()` only. Keys carry hashes, never the email or address itself
 * (`throttleKey` in throttle.ts).
 */
export const throttleBuckets = platformSchema.table(
  'throttle_buckets',
  {
    key: text('key').primaryKey(),
    count: integer('count').notNull(),
    windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull().defaultNow(),
    blockedUntil: timestamp('blocked_until', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('throttle_buckets_updated_at_idx').on(table.updatedAt)],
);
