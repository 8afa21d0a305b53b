import type { SectionProps } from '../../contract.ts';
import { html, type Markup } from '../escape.ts';
import { type SectionContext, sectionHead } from './parts.ts';

/** Up to two initials of a name, for the little avatar circle. */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter((word) => /^\p{L}/u.test(word));
  const letters = words.length > 1 ? [words[0]!, words[words.length - 1]!] : words.slice(0, 1);
  return letters.map((word) => String.fromCodePoint(word.codePointAt(0)!).toUpperCase()).join('');
}

export function renderTestimonials(props: SectionProps<'testimonials'>, context: SectionContext): Markup {
  return html`<div class="container">${sectionHead(context, props.heading, null, { centered: true })}
<div class="grid">${props.items.map(
    (item) => html`
<figure class="quote card"><blockquote><p>${item.quote}</p></blockquote><figcaption><span class="avatar" aria-hidden="true">${initialsOf(item.author) || '•'}</span><div><strong>${item.author}</strong>${item.role ? html`<span>${item.role}</span>` : ''}</div></figcaption></figure>`,
  )}
</div></div>`;
}
