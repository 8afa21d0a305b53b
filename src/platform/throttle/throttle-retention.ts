import { defineRetention } from '../jobs/define-retention.ts';
import { throttleBucketLifetimeSeconds } from './throttle.ts';
import { throttleBuckets } from './throttle.schema.ts';

/**
 * No window, block or quiet period outlasts a day (createThrottle refuses longer ones), so a
 * bucket untouched that long limits nothing; deleting it keeps the table to the keys seen lately
 * however many addresses knock.
 */
export const throttleRetention = defineRetention({
  name: 'throttle-buckets',
  cron: '41 * * * *',
  rows: 'stale throttle buckets',
  table: throttleBuckets,
  column: throttleBuckets.updatedAt,
  keepSeconds: throttleBucketLifetimeSeconds,
});
