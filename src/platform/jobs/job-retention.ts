import { lt } from 'drizzle-orm';
import { z } from 'zod';
import { defineJob, defineSchedule } from './define-job.ts';
import { jobProgress } from './job-progress.schema.ts';

/** pg-boss deletes finished jobs after 7 days by default; their progress goes with them. */
const progressRetentionDays = 7;

export const deleteOldJobProgress = defineJob(
  'platform.delete-old-job-progress',
  z.object({}),
  async (_payload, { db, logger }) => {
    const before = new Date(Date.now() - progressRetentionDays * 24 * 3600 * 1000);
    const deleted = await db.system((tx) => tx.delete(jobProgress).where(lt(jobProgress.updatedAt, before)).returning({ jobId: jobProgress.jobId }));
    if (deleted.length > 0) logger.info({ deleted: deleted.length }, 'deleted old job progress reports');
  },
  { retryLimit: 2 },
);

export const jobProgressRetention = defineSchedule('platform.job-progress-retention', '23 3 * * *', deleteOldJobProgress, {});
