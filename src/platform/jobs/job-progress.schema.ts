import { index, jsonb, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { platformSchema } from '../db/platform.schema.ts';

/**
 * The latest progress a running job reported, kept after it ends so the caller can show how it
 * went. A workspace's rows are readable in its tenant scope (row-level security on
 * `workspace_id`); system jobs' rows have none.
 */
export const jobProgress = platformSchema.table(
  'job_progress',
  {
    jobId: uuid('job_id').primaryKey(),
    workspaceId: uuid('workspace_id'),
    job: text('job').notNull(),
    progress: jsonb('progress').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('job_progress_updated_at_idx').on(table.updatedAt)],
);
