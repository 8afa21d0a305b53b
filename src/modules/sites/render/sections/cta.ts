import type { SectionProps } from '../../contract.ts';
import { html, type Markup } from '../escape.ts';
import { actions, heading, type SectionContext } from './parts.ts';

export function renderCta(props: SectionProps<'cta'>, context: SectionContext): Markup {
  return html`<div class="container"><div class="cta-band">${heading(context.headingLevel, context.headingId, props.heading)}${props.body ? html`<p>${props.body}</p>` : ''}${actions([props.primaryAction, props.secondaryAction], context)}</div></div>`;
}
