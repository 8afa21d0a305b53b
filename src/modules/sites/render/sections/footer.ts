import type { SectionProps } from '../../contract.ts';
import { html, type Markup } from '../escape.ts';
import { link, type SectionContext } from './parts.ts';

/** A footer section: drawn inside the page's `<footer>` (after `<main>`), whatever its place in the list. */
export function renderFooter(props: SectionProps<'footer'>, context: SectionContext, brand: Markup): Markup {
  return html`<div class="footer-top"><div class="footer-brand">${brand}${props.tagline ? html`<p>${props.tagline}</p>` : ''}</div>${
    props.links.length > 0 ? html`<nav aria-label="${context.ui.footerNavigation}"><ul class="footer-links">${props.links.map((value) => html`<li>${link(value, context, null)}</li>`)}</ul></nav>` : ''
  }</div>${props.legal ? html`<p class="footer-legal">${props.legal}</p>` : ''}`;
}
