import { escapeHtml, type Markup, trusted } from './escape.ts';
import { safeHref } from './safe-url.ts';

/**
 * The rich-text section's small markup (see `richTextPropsSchema`), written as HTML: every
 * piece of text is escaped; only the markup listed there is interpreted, and links go through
 * `safeHref` (an unsafe one is shown as its label only).
 */
export function renderRichText(source: string, options: { basePath: string; headingLevel: 2 | 3 }): Markup {
  const blocks = source.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/);
  const out: string[] = [];
  for (const block of blocks) {
    const lines = block.split('\n').map((line) => line.trim()).filter((line) => line !== '');
    if (lines.length === 0) continue;
    let paragraph: string[] = [];
    let list: string[] = [];
    let quote: string[] = [];
    const flush = () => {
      if (paragraph.length > 0) out.push(`<p>${paragraph.map((line) => inline(line, options.basePath)).join('<br>')}</p>`);
      if (list.length > 0) out.push(`<ul>${list.map((item) => `<li>${inline(item, options.basePath)}</li>`).join('')}</ul>`);
      if (quote.length > 0) out.push(`<blockquote><p>${quote.map((line) => inline(line, options.basePath)).join('<br>')}</p></blockquote>`);
      paragraph = [];
      list = [];
      quote = [];
    };
    for (const line of lines) {
      const heading = /^#{1,6}\s+(.*)$/.exec(line);
      const item = /^[-*•]\s+(.*)$/.exec(line);
      const quoted = /^>\s?(.*)$/.exec(line);
      if (heading) {
        flush();
        out.push(`<h${options.headingLevel}>${inline(heading[1]!, options.basePath)}</h${options.headingLevel}>`);
      } else if (item) {
        if (paragraph.length > 0 || quote.length > 0) flush();
        list.push(item[1]!);
      } else if (quoted) {
        if (paragraph.length > 0 || list.length > 0) flush();
        quote.push(quoted[1]!);
      } else {
        if (list.length > 0 || quote.length > 0) flush();
        paragraph.push(line);
      }
    }
    flush();
  }
  return trusted(out.join('\n'));
}

/** `**bold**`, `*emphasis*` / `_emphasis_` and `[label](href)`; everything else is text. */
function inline(text: string, basePath: string): string {
  const pattern = /\[([^\]\n]{1,200})\]\(([^)\s]{1,2048})\)|\*\*([^*\n]{1,500})\*\*|(?<![\w*])[*_]([^*_\n]{1,500})[*_](?![\w*])/g;
  let out = '';
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    out += escapeHtml(text.slice(last, match.index));
    last = match.index + match[0].length;
    if (match[1] !== undefined) {
      const href = safeHref(match[2]!, basePath);
      out += href === null ? escapeHtml(match[1]) : `<a href="${escapeHtml(href)}">${escapeHtml(match[1])}</a>`;
    } else if (match[3] !== undefined) {
      out += `<strong>${escapeHtml(match[3])}</strong>`;
    } else {
      out += `<em>${escapeHtml(match[4]!)}</em>`;
    }
  }
  return out + escapeHtml(text.slice(last));
}
