export interface EmailWithLinkParts {
  greeting: string;
  /** Plain text; a blank line starts a new paragraph. */
  body: string;
  actionLabel: string;
  url: string;
  footer?: string;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

const paragraphs = (text: string) => text.split(/\n\s*\n/).map((paragraph) => paragraph.trim()).filter(Boolean);

/**
 * The one shape of mail the platform sends (verify an address, reset a password, accept an
 * invitation): a few paragraphs and one link. The text part shows the address itself, since
 * plain-text readers cannot follow a label; the HTML part is escaped throughout.
 */
export function emailWithLink(parts: EmailWithLinkParts): { text: string; html: string } {
  const { protocol } = new URL(parts.url);
  if (protocol !== 'https:' && protocol !== 'http:') throw new Error(`an email link must be http(s), not ${protocol}`);

  const text = [parts.greeting, ...paragraphs(parts.body), `${parts.actionLabel}: ${parts.url}`, ...(parts.footer ? [parts.footer] : [])].join('\n\n');

  const url = escapeHtml(parts.url);
  const html = [
    '<!doctype html>',
    '<html><body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1f2328; max-width: 36em">',
    `<p>${escapeHtml(parts.greeting)}</p>`,
    ...paragraphs(parts.body).map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
    `<p><a href="${url}" style="display: inline-block; padding: 0.6em 1.2em; background: #1f2328; color: #ffffff; text-decoration: none; border-radius: 6px">${escapeHtml(parts.actionLabel)}</a></p>`,
    `<p style="font-size: 0.875em; color: #59636e">Or paste this address into your browser:<br>${url}</p>`,
    ...(parts.footer ? [`<p style="font-size: 0.875em; color: #59636e">${escapeHtml(parts.footer)}</p>`] : []),
    '</body></html>',
  ].join('\n');

  return { text, html };
}
