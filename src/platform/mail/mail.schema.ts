import { index, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { platformSchema } from '../db/platform.schema.ts';

/**
 * Every email the platform sent or, with no SMTP server configured, kept in the local outbox
 * instead. A system table (no `workspace_id`): only the job runner and operator commands read it,
 * since bodies carry one-time links. `job_id` is unique so a job that runs twice records once.
 */
export const mailMessages = platformSchema.table(
  'mail_messages',
  {
    id: uuid('id').primaryKey(),
    jobId: uuid('job_id').notNull().unique(),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body'),
    status: text('status', { enum: ['sent', 'kept'] }).notNull(),
    transport: text('transport', { enum: ['smtp', 'outbox'] }).notNull(),
    smtpMessageId: text('smtp_message_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** When the SMTP server accepted it; null for kept messages. */
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (table) => [index('mail_messages_created_at_idx').on(table.createdAt)],
);
