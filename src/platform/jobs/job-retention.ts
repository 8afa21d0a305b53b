import { defineRetention } from './define-retention.ts';
import { jobProgress } from './job-progress.schema.ts';

/** pg-boss deletes finished jobs after 7 days by default; their progress goes with them. */
export const jobProgressRetention = defineRetention({
  name: 'job-progress',
  cron: '23 3 * * *',
  rows: 'job progress reports',
  table: jobProgress,
  column: jobProgress.updatedAt,
  keepSeconds: 7 * 24 * 3600,
});
