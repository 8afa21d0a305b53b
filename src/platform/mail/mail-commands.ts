import { desc } from 'drizzle-orm';
import { defineCommand, type CommandDefinition } from '../process/command.ts';
import { mailMessages } from './mail.schema.ts';
import { linksIn } from './send-email.ts';

/** Without SMTP, the outbox is where a developer finds the verification link they were sent. */
export const mailCommands: CommandDefinition[] = [
  defineCommand({
    name: 'mail outbox',
    usage: 'mail outbox',
    summary: 'List the 20 latest emails, with the links of those kept unsent (no SMTP_URL)',
    async run({ db }) {
      const messages = await db.system((tx) =>
        tx
          .select({
            createdAt: mailMessages.createdAt,
            to: mailMessages.to,
            subject: mailMessages.subject,
            status: mailMessages.status,
            textBody: mailMessages.textBody,
          })
          .from(mailMessages)
          .orderBy(desc(mailMessages.createdAt), desc(mailMessages.id))
          .limit(20),
      );
      if (messages.length === 0) return 'No emails yet';
      return messages
        .map((message) => {
          const line = `${message.createdAt.toISOString()}  ${message.status}  ${message.to}  ${message.subject}`;
          const links = message.status === 'kept' ? linksIn(message.textBody).map((link) => `\n    ${link}`) : [];
          return line + links.join('');
        })
        .join('\n');
    },
  }),
];
