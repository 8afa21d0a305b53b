import { lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { defineJob, defineSchedule } from '../jobs/define-job.ts';
import { throttleBucketLifetimeSeconds } from './throttle.ts';
import { throttleBuckets } from './throttle.schema.ts';

/**
 * No window, block or quiet period outlasts a day (createThrottle refuses longer ones), so a
 * bucket untouched that long limits nothing; deleting it keeps the table to the keys seen lately
 * however many addresses knock. The database clock decides, as it does for the throttle itself.
 */
export const deleteStaleThrottleBuckets = defineJob(
  'platform.delete-stale-throttle-buckets',
  z.object({}),
  async (_payload, { db, logger }) => {
    const deleted = await db.system((tx) =>
      tx
        .delete(throttleBuckets)
        .where(lt(throttleBuckets.updatedAt, sql`now() - make_interval(secs => ${throttleBucketLifetimeSeconds}::float8)`))
        .returning({ key: throttleBuckets.key }),
    );
    if (deleted.length > 0) logger.info({ deleted: deleted.length }, 'deleted stale throttle buckets');
  },
  { retryLimit: 2 },
);

export const throttleRetention = defineSchedule('platform.throttle-retention', '41 * * * *', deleteStaleThrottleBuckets, {});
