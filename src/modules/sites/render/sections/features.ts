import type { SectionProps } from '../../contract.ts';
import { html, type Markup } from '../escape.ts';
import { icon } from '../icons.ts';
import { heading, type SectionContext, sectionHead } from './parts.ts';

export function renderFeatures(props: SectionProps<'features'>, context: SectionContext): Markup {
  return html`<div class="container">${sectionHead(context, props.heading, props.intro, { centered: true })}
<div class="grid">${props.items.map(
    (item) => html`
<div class="feature card"><div class="feature-icon">${icon(item.icon)}</div>${heading(context.headingLevel + 1, null, item.title)}${item.body ? html`<p>${item.body}</p>` : ''}</div>`,
  )}
</div></div>`;
}
