import type { Config } from '../../platform/config/config.ts';
import { emailWithLink } from '../../platform/mail/email-with-link.ts';
import type { EmailMessage } from '../../platform/mail/send-email.ts';

const link = (config: Config, path: string, token: string) => `${config.PUBLIC_URL}${path}?token=${encodeURIComponent(token)}`;

export function verificationEmail(config: Config, to: string, name: string, token: string, change: boolean): EmailMessage {
  return {
    to,
    subject: change ? 'Confirm your new email address for Atelier' : 'Confirm your email address for Atelier',
    ...emailWithLink({
      greeting: `Hi ${name},`,
      body: change
        ? 'You asked to use this address for your Atelier account. It replaces the old one once you confirm it.'
        : 'Welcome to Atelier. Confirm your address to start using your workspace credits.',
      actionLabel: 'Confirm this address',
      url: link(config, '/verify-email', token),
      footer: 'The link works once, for 48 hours. If you did not ask for this, ignore this email.',
    }),
  };
}

export function passwordResetEmail(config: Config, to: string, name: string, token: string): EmailMessage {
  return {
    to,
    subject: 'Reset your Atelier password',
    ...emailWithLink({
      greeting: `Hi ${name},`,
      body: 'Someone (we hope you) asked to reset the password of your Atelier account. Choosing a new one signs you out everywhere else.',
      actionLabel: 'Choose a new password',
      url: link(config, '/reset-password', token),
      footer: 'The link works once, for one hour. If you did not ask for this, ignore this email: your password stays as it is.',
    }),
  };
}

export function invitationEmail(config: Config, to: string, inviter: string, workspace: string, role: string, token: string): EmailMessage {
  return {
    to,
    subject: `${inviter} invited you to ${workspace} on Atelier`,
    ...emailWithLink({
      greeting: 'Hello,',
      body: `${inviter} invited you to join the workspace "${workspace}" on Atelier as ${role === 'admin' ? 'an' : 'a'} ${role}.`,
      actionLabel: 'Accept the invitation',
      url: link(config, '/invitations/accept', token),
      footer: 'The invitation is valid for 7 days. If you were not expecting it, ignore this email.',
    }),
  };
}
