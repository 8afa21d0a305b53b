import type { SectionProps } from '../../contract.ts';
import { html, type Markup } from '../escape.ts';
import { actions, heading, image, type SectionContext } from './parts.ts';

export function renderHero(props: SectionProps<'hero'>, context: SectionContext): Markup {
  const split = props.layout === 'split' && props.image !== null;
  return html`<div class="container hero-${split ? 'split' : 'centered'}"><div class="hero-inner">
<div class="hero-copy">${props.eyebrow ? html`<p class="eyebrow">${props.eyebrow}</p>` : ''}${heading(context.headingLevel, context.headingId, props.heading)}${props.subheading ? html`<p class="lead">${props.subheading}</p>` : ''}${actions([props.primaryAction, props.secondaryAction], context)}</div>${split && props.image ? html`
<div class="hero-media">${image(props.image, context, { eager: true })}</div>` : ''}
</div></div>`;
}
