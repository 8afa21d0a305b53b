import type { SectionProps } from '../../contract.ts';
import { html, type Markup } from '../escape.ts';
import { renderRichText } from '../rich-text.ts';
import { heading, type SectionContext } from './parts.ts';

export function renderRichTextSection(props: SectionProps<'richText'>, context: SectionContext): Markup {
  const titled = props.heading !== null && props.heading.trim() !== '';
  return html`<div class="container"><div class="prose">${titled ? heading(context.headingLevel, context.headingId, props.heading!) : ''}
${renderRichText(props.body, { basePath: context.basePath, headingLevel: titled ? ((context.headingLevel + 1) as 2 | 3) : context.headingLevel === 1 ? 2 : 3 })}
</div></div>`;
}
