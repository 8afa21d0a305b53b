import type { SectionProps } from '../../contract.ts';
import { html, type Markup } from '../escape.ts';
import { image, type SectionContext, sectionHead } from './parts.ts';

export function renderGallery(props: SectionProps<'gallery'>, context: SectionContext): Markup {
  return html`<div class="container">${sectionHead(context, props.heading, props.intro)}
<div class="gallery">${props.items.map((item) => html`
<figure>${image(item.image, context)}${item.caption ? html`<figcaption>${item.caption}</figcaption>` : ''}</figure>`)}
</div></div>`;
}
