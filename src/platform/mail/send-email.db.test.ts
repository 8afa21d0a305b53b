import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../../test/support/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { loadConfig, type Config } from '../config/config.ts';
import { queryRows } from '../db/tenancy.ts';
import { createJobQueue, type JobQueue } from '../jobs/job-queue.ts';
import { executeCommand } from '../process/command.ts';
import { noContributions } from '../extension-points.ts';
import { emailWithLink } from './email-with-link.ts';
import { mailCommands } from './mail-commands.ts';
import { keptInOutbox, sendEmail, sendEmailJob } from './send-email.ts';

const workspaceA = '01900000-0000-7000-8000-0000000000a1';

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test?.drop());

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

interface MailRow {
  job_id: string;
  to: string;
  status: string;
  transport: string;
  smtp_message_id: string | null;
  has_sent_at: boolean;
}

const rowsFor = (jobId: string) =>
  test.db.system((tx) => queryRows<MailRow>(tx, sql`select job_id, "to", status, transport, smtp_message_id, sent_at is not null as has_sent_at from platform.mail_messages where job_id = ${jobId}`));

/** A real SMTP server on loopback that keeps what it accepts, or refuses every recipient. */
async function startSmtpServer(options: { refuse?: boolean } = {}) {
  const received: { envelopeTo: string[]; mail: ParsedMail }[] = [];
  let recipientsOffered = 0;
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onRcptTo(_address, _session, callback) {
      recipientsOffered += 1;
      if (options.refuse) callback(Object.assign(new Error('mailbox busy, try again later'), { responseCode: 451 }));
      else callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push({ envelopeTo: session.envelope.rcptTo.map((recipient) => recipient.address), mail });
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    recipientsOffered: () => recipientsOffered,
    close: () => new Promise<void>((resolve) => server.close(resolve)),
  };
}

async function startWorker(config: Config, logs = memoryLogger('info')): Promise<JobQueue> {
  const queue = await createJobQueue({ config, db: test.db, role: 'worker', jobs: [sendEmailJob], logger: logs.logger });
  await queue.work();
  return queue;
}

const verification = emailWithLink({
  greeting: 'Hello Ada,',
  body: 'Please confirm that this is your email address.',
  actionLabel: 'Confirm my address',
  url: 'http://localhost:3000/verify-email?token=committed-token',
});

describe('sending email through SMTP', () => {
  it('delivers what a committed transaction queued, never what a rolled-back one did, and records it as sent', async () => {
    const smtp = await startSmtpServer();
    const config = loadConfig({ SMTP_URL: smtp.url, MAIL_FROM: 'Atelier <no-reply@atelier.test>' });
    const queue = await startWorker(config);
    try {
      await expect(
        test.db.tenant(workspaceA, async (tx) => {
          await sendEmail(queue, tx, { to: 'rolled-back@example.com', subject: 'Never sent', text: 'Nobody reads this.' }, { workspaceId: workspaceA });
          throw new Error('sign-up failed');
        }),
      ).rejects.toThrow('sign-up failed');
      const jobId = await test.db.tenant(workspaceA, (tx) =>
        sendEmail(queue, tx, { to: 'ada@example.com', subject: 'Confirm your email address', ...verification }, { workspaceId: workspaceA }),
      );
      if (!jobId) throw new Error('no job was queued');

      await until(async () => (await rowsFor(jobId)).length > 0);
      const queued = await test.db.system((tx) => queryRows<{ id: string }>(tx, sql`select id from pgboss.job where name = ${sendEmailJob.name}`));
      expect(queued).toEqual([{ id: jobId }]);
      expect(smtp.received).toHaveLength(1);
      const [{ envelopeTo, mail }] = smtp.received as [(typeof smtp.received)[number]];
      expect(envelopeTo).toEqual(['ada@example.com']);
      expect(mail.from?.value).toEqual([{ name: 'Atelier', address: 'no-reply@atelier.test' }]);
      expect(mail.subject).toBe('Confirm your email address');
      expect(mail.text).toContain('Confirm my address: http://localhost:3000/verify-email?token=committed-token');
      expect(mail.html).toContain('href="http://localhost:3000/verify-email?token=committed-token"');
      expect(await rowsFor(jobId)).toEqual([
        { job_id: jobId, to: 'ada@example.com', status: 'sent', transport: 'smtp', smtp_message_id: mail.messageId, has_sent_at: true },
      ]);

      // The job running again (its worker died before finishing it) sends nothing more.
      const logs = memoryLogger('info');
      await sendEmailJob.handle(
        { to: 'ada@example.com', subject: 'Confirm your email address', ...verification },
        { config, db: test.db, jobs: queue, jobId, attempt: 1, workspaceId: workspaceA, signal: new AbortController().signal, logger: logs.logger, contributions: noContributions, progress: async () => {} },
      );
      expect(smtp.received).toHaveLength(1);
      expect(await rowsFor(jobId)).toHaveLength(1);
    } finally {
      await queue.stop(1000);
      await smtp.close();
    }
  });

  it('fails and retries later when the server refuses, recording nothing as sent', async () => {
    const smtp = await startSmtpServer({ refuse: true });
    const logs = memoryLogger('info');
    const queue = await startWorker(loadConfig({ SMTP_URL: smtp.url }), logs);
    let jobId: string | null = null;
    try {
      jobId = await sendEmail(queue, null, { to: 'bob@example.com', subject: 'Join the workspace', text: 'http://localhost:3000/invitations/x' });
      if (!jobId) throw new Error('no job was queued');
      const state = () =>
        test.db.system((tx) =>
          queryRows<{ state: string; later: boolean }>(
            tx,
            sql`select state, start_after > now() as later from pgboss.job where id = ${jobId}`,
          ),
        );
      await until(async () => (await state())[0]?.state === 'retry');
      expect(await state()).toEqual([{ state: 'retry', later: true }]);
      expect(smtp.recipientsOffered()).toBe(1);
      expect(smtp.received).toEqual([]);
      expect(await rowsFor(jobId)).toEqual([]);
      expect(logs.lines().find((line) => line.msg === 'job failed')).toMatchObject({ job: 'platform.send-email', err: { message: expect.stringContaining('451') } });
    } finally {
      await queue.stop(1000);
      await smtp.close();
      // Its next attempt is due in seconds; no later worker of this file may pick it up.
      if (jobId) await test.db.system((tx) => tx.execute(sql`delete from pgboss.job where id = ${jobId}`));
    }
  });
});

describe('without SMTP_URL', () => {
  const reset = { to: 'grace@example.com', subject: 'Reset your password', text: 'Choose a new password here: http://localhost:3000/reset-password?token=s3cret.' };

  it('keeps the email in the outbox and logs its links in development', async () => {
    const logs = memoryLogger('info');
    const queue = await startWorker(loadConfig({}), logs);
    try {
      const jobId = (await sendEmail(queue, null, reset)) as string;
      await until(async () => (await rowsFor(jobId)).length > 0);
      expect(await rowsFor(jobId)).toEqual([{ job_id: jobId, to: 'grace@example.com', status: 'kept', transport: 'outbox', smtp_message_id: null, has_sent_at: false }]);
      expect(logs.lines().filter((line) => line.msg === keptInOutbox)).toEqual([
        expect.objectContaining({ level: 30, to: 'grace@example.com', subject: 'Reset your password', links: ['http://localhost:3000/reset-password?token=s3cret'] }),
      ]);
    } finally {
      await queue.stop(1000);
    }
  });

  it('logs neither the links nor the address in production', async () => {
    const logs = memoryLogger('info');
    const queue = await startWorker(loadConfig({ NODE_ENV: 'production' }), logs);
    try {
      const jobId = (await sendEmail(queue, null, { ...reset, to: 'hopper@example.com' })) as string;
      await until(async () => (await rowsFor(jobId)).length > 0);
      expect(logs.lines().find((line) => String(line.msg).startsWith(keptInOutbox))).toMatchObject({ level: 40, jobId });
      expect(logs.text()).not.toContain('s3cret');
      expect(logs.text()).not.toContain('hopper@');
    } finally {
      await queue.stop(1000);
    }
  });

  // Reads the messages the tests above recorded.
  it('lists the latest emails with the links of kept ones: npx atelier mail outbox', async () => {
    const config = loadConfig({});
    const { logger } = memoryLogger('info');
    const jobs = await createJobQueue({ config, db: test.db, role: 'client', jobs: [], logger });
    const context = { config, db: test.db, jobs, logger, subscribers: [] };
    try {
      const reply = await executeCommand(mailCommands, context, ['mail', 'outbox']);
      if (!reply.ok) throw new Error(reply.error);
      const lines = reply.output.split('\n');
      expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z {2}kept {2}hopper@example\.com {2}Reset your password$/);
      expect(lines[1]).toBe('    http://localhost:3000/reset-password?token=s3cret');
      expect(reply.output).toContain('  sent  ada@example.com  Confirm your email address');
      // A sent email's link went to its owner; the outbox does not repeat it.
      expect(reply.output).not.toContain('committed-token');
    } finally {
      await jobs.stop(0);
    }
  });
});
