import { eq } from 'drizzle-orm';
import { createTransport, type Transporter } from 'nodemailer';
import { newId } from '../db/new-id.ts';
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import type { Tx } from '../db/tenancy.ts';
import { defineJob, type JobQueue } from '../jobs/define-job.ts';
import { mailMessages } from './mail.schema.ts';

export const emailMessage = z.object({
  to: z.email(),
  // A line break in a subject would start a header of its own.
  subject: z.string().min(1).max(300).regex(/^[^\r\n]*$/, { error: 'must be one line' }),
  text: z.string().min(1),
  html: z.string().min(1).optional(),
});

export type EmailMessage = z.infer<typeof emailMessage>;

export const keptInOutbox = 'email NOT sent (no SMTP_URL): kept in the local outbox';

/** The http(s) addresses in a plain-text body: what a developer without SMTP needs to click. */
export function linksIn(text: string): string[] {
  return [...text.matchAll(/https?:\/\/[^\s<>"'()[\]]+/g)].map(([link]) => link.replace(/[.,;:!?]+$/, ''));
}

// One transport per URL for the life of the process: a plain URL holds no connection between
// sends, and one with `?pool=true` keeps its pool of connections across jobs.
const transports = new Map<string, Transporter>();

function transportFor(smtpUrl: string): Transporter {
  let transport = transports.get(smtpUrl);
  if (!transport) {
    transport = createTransport(smtpUrl);
    transports.set(smtpUrl, transport);
  }
  return transport;
}

async function recordedFor(db: Database, jobId: string): Promise<boolean> {
  const rows = await db.system((tx) => tx.select({ id: mailMessages.id }).from(mailMessages).where(eq(mailMessages.jobId, jobId)));
  return rows.length > 0;
}

async function record(db: Database, row: Omit<typeof mailMessages.$inferInsert, 'id'>): Promise<void> {
  await db.system((tx) => tx.insert(mailMessages).values({ id: newId(), ...row }).onConflictDoNothing({ target: mailMessages.jobId }));
}

/**
 * Sends one email through `SMTP_URL`, or without it keeps the message in `platform.mail_messages`
 * and logs its links. A failed send throws, so the queue retries it with backoff; no transaction
 * is open while the SMTP server is talked to.
 */
export const sendEmailJob = defineJob(
  'platform.send-email',
  emailMessage,
  async (message, { config, db, jobId, logger, signal }) => {
    const { to, subject, text, html } = message;
    if (!config.SMTP_URL) {
      await record(db, { jobId, to, subject, textBody: text, htmlBody: html, status: 'kept', transport: 'outbox' });
      // Links carry one-time tokens and addresses are personal data: production logs get neither.
      if (config.NODE_ENV === 'production') logger.warn({ jobId }, `${keptInOutbox}; set SMTP_URL to deliver email`);
      else logger.info({ to, subject, links: linksIn(text) }, keptInOutbox);
      return;
    }
    // Only a crash between the server's answer and the insert below can still send twice.
    if (await recordedFor(db, jobId)) return;
    const sent = await transportFor(config.SMTP_URL).sendMail({ from: config.MAIL_FROM, to, subject, text, html, signal });
    await record(db, {
      jobId,
      to,
      subject,
      textBody: text,
      htmlBody: html,
      status: 'sent',
      transport: 'smtp',
      smtpMessageId: sent.messageId,
      sentAt: new Date(),
    });
  },
  { retryLimit: 8, retryDelaySeconds: 5 },
);

export interface SendEmailOptions {
  /** The same key sends at most one email (an event id, say). */
  idempotencyKey?: string;
  workspaceId?: string | null;
}

/**
 * Queues an email. Given the caller's transaction, it goes out only if that transaction commits,
 * so a rolled-back sign-up sends no verification link. Returns the job id, or null when the
 * idempotency key was already used.
 */
export function sendEmail(jobs: JobQueue, tx: Tx | null, message: EmailMessage, options: SendEmailOptions = {}): Promise<string | null> {
  return jobs.enqueue(tx, sendEmailJob, message, options);
}
