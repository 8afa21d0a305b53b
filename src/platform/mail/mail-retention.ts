import { lt } from 'drizzle-orm';
import { z } from 'zod';
import { defineJob, defineSchedule } from '../jobs/define-job.ts';
import { mailMessages } from './mail.schema.ts';

/** Long enough to answer "did the email go out?"; bodies hold personal data and one-time links, so no longer. */
const mailRetentionDays = 30;

export const deleteOldMailMessages = defineJob(
  'platform.delete-old-mail-messages',
  z.object({}),
  async (_payload, { db, logger }) => {
    const before = new Date(Date.now() - mailRetentionDays * 24 * 3600 * 1000);
    const deleted = await db.system((tx) => tx.delete(mailMessages).where(lt(mailMessages.createdAt, before)).returning({ id: mailMessages.id }));
    if (deleted.length > 0) logger.info({ deleted: deleted.length }, 'deleted old mail messages');
  },
  { retryLimit: 2 },
);

export const mailRetention = defineSchedule('platform.mail-retention', '37 3 * * *', deleteOldMailMessages, {});
