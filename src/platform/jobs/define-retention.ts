import { lt, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { defineJob, defineSchedule, type JobDefinition, type ScheduleDefinition } from './define-job.ts';

export interface Retention {
  job: JobDefinition<Record<string, never>>;
  schedule: ScheduleDefinition;
}

/**
 * Housekeeping in one shape: on `cron`, delete the rows of `table` whose `column` is older than
 * `keepSeconds` by the database clock (or already past, with 0 for an expiry column). Each
 * module names its own, so what is kept and why sits beside the table that holds it.
 */
export function defineRetention(options: { name: string; cron: string; rows: string; table: PgTable; column: PgColumn; keepSeconds: number }): Retention {
  const cutoff: SQL = sql`now() - make_interval(secs => ${options.keepSeconds}::float8)`;
  const job = defineJob(
    `platform.delete-old-${options.name}`,
    z.object({}).strict() as z.ZodType<Record<string, never>>,
    async (_payload, { db, logger }) => {
      const deleted = await db.system((tx) => tx.delete(options.table).where(lt(options.column, cutoff)).returning({ one: sql<number>`1` }));
      if (deleted.length > 0) logger.info({ deleted: deleted.length }, `deleted old ${options.rows}`);
    },
    { retryLimit: 2 },
  );
  return { job, schedule: defineSchedule(`platform.${options.name}-retention`, options.cron, job, {}) };
}
