import { defineRetention } from '../jobs/define-retention.ts';
import { mailMessages } from './mail.schema.ts';

/** Long enough to answer "did the email go out?"; bodies hold personal data and one-time links, so no longer. */
export const mailRetention = defineRetention({
  name: 'mail-messages',
  cron: '37 3 * * *',
  rows: 'mail messages',
  table: mailMessages,
  column: mailMessages.createdAt,
  keepSeconds: 30 * 24 * 3600,
});
