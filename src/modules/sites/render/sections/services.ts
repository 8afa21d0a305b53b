import type { SectionProps } from '../../contract.ts';
import { html, type Markup } from '../escape.ts';
import { heading, link, type SectionContext, sectionHead } from './parts.ts';

export function renderServices(props: SectionProps<'services'>, context: SectionContext): Markup {
  return html`<div class="container">${sectionHead(context, props.heading, props.intro, { centered: true })}
<div class="grid">${props.items.map(
    (item) => html`
<div class="service card${item.badge ? ' featured' : ''}"><div class="service-top">${item.badge ? html`<p class="badge">${item.badge}</p>` : ''}${heading(context.headingLevel + 1, null, item.name)}${item.price ? html`<p class="price">${item.price}</p>` : ''}</div>${item.description ? html`<p>${item.description}</p>` : ''}${
      item.details.length > 0 ? html`<ul>${item.details.map((detail) => html`<li>${detail}</li>`)}</ul>` : ''
    }${item.action ? link(item.action, context, item.badge ? 'button button-primary' : 'button button-secondary') : ''}</div>`,
  )}
</div></div>`;
}
