import { lt } from 'drizzle-orm';
import { z } from 'zod';
import { defineJob, defineSchedule } from '../jobs/define-job.ts';
import { idempotencyKeys } from './idempotency.schema.ts';

export const deleteExpiredIdempotencyKeys = defineJob(
  'platform.delete-expired-idempotency-keys',
  z.object({}),
  async (_payload, { db, logger }) => {
    const deleted = await db.system((tx) =>
      tx.delete(idempotencyKeys).where(lt(idempotencyKeys.expiresAt, new Date())).returning({ key: idempotencyKeys.key }),
    );
    if (deleted.length > 0) logger.info({ deleted: deleted.length }, 'deleted expired idempotency keys');
  },
  { retryLimit: 2 },
);

export const idempotencyRetention = defineSchedule('platform.idempotency-retention', '17 * * * *', deleteExpiredIdempotencyKeys, {});
