import { describe, expect, it } from 'vitest';
import { emailWithLink } from './email-with-link.ts';

const url = 'http://localhost:3000/verify?token=abc&next="/home"';

describe('emailWithLink', () => {
  it('writes the link out in the text part and escapes everything in the HTML part', () => {
    const { text, html } = emailWithLink({
      greeting: 'Hello <Ada>,',
      body: 'Please confirm your address.\n\nThe link works for 24 hours.',
      actionLabel: 'Confirm my address',
      url,
      footer: 'You did not sign up? Ignore this email.',
    });
    expect(text).toBe(
      `Hello <Ada>,\n\nPlease confirm your address.\n\nThe link works for 24 hours.\n\nConfirm my address: ${url}\n\nYou did not sign up? Ignore this email.`,
    );
    expect(html).toContain('<p>Hello &#60;Ada&#62;,</p>');
    expect(html).toContain('<p>The link works for 24 hours.</p>');
    expect(html).toContain('href="http://localhost:3000/verify?token=abc&#38;next=&#34;/home&#34;"');
    expect(html).not.toContain('<Ada>');
  });

  it('refuses a link that is not http(s)', () => {
    expect(() => emailWithLink({ greeting: 'Hi', body: 'Click', actionLabel: 'Go', url: 'javascript:alert(1)' })).toThrow('must be http(s)');
  });
});
