import type { Image, Link } from '../../contract.ts';
import { escapeHtml, html, type Markup, trusted } from '../escape.ts';
import { safeHref, safeImageSrc } from '../safe-url.ts';
import type { UiText } from '../ui-text.ts';

/** What every section renderer is told about where it is drawn. */
export interface SectionContext {
  sectionId: string;
  /** The section's fragment (`#contact`): the first section of a kind gets the kind's name. */
  anchor: string;
  headingId: string;
  /** 1 for the page's opening hero, 2 otherwise. Item headings are one level below. */
  headingLevel: 1 | 2;
  tone: 'plain' | 'surface';
  basePath: string;
  pageSlug: string;
  formAction: string | null;
  /** Load every image at once (thumbnails: a screenshot does not scroll). */
  eagerImages: boolean;
  ui: UiText;
}

export function heading(level: number, id: string | null, text: string): Markup {
  const tag = `h${Math.min(6, Math.max(1, Math.round(level)))}`;
  return html`${trusted(`<${tag}${id ? ` id="${escapeHtml(id)}"` : ''}>`)}${text}${trusted(`</${tag}>`)}`;
}

/** A link or button; a target that is not allowed leaves a link without `href` (shown, not followed). */
export function link(value: Link, context: Pick<SectionContext, 'basePath'>, className: string | null): Markup {
  const href = safeHref(value.href, context.basePath);
  const cls = className ? html` class="${className}"` : '';
  return href === null ? html`<a${cls}>${value.label}</a>` : html`<a${cls} href="${href}">${value.label}</a>`;
}

export function actions(values: readonly (Link | null)[], context: Pick<SectionContext, 'basePath'>): Markup | '' {
  const present = values.filter((value): value is Link => value !== null);
  if (present.length === 0) return '';
  return html`<div class="actions">${present.map((value, index) => link(value, context, index === 0 ? 'button button-primary' : 'button button-secondary'))}</div>`;
}

/** An image, or an alt-labelled placeholder when its URL is not allowed. */
export function image(value: Image, context: Pick<SectionContext, 'basePath' | 'eagerImages'>, options: { eager?: boolean } = {}): Markup {
  const src = safeImageSrc(value.url, context.basePath);
  if (src === null) {
    return value.alt.trim() === '' ? html`<div class="image-placeholder" aria-hidden="true"></div>` : html`<div class="image-placeholder" role="img" aria-label="${value.alt}">${value.alt}</div>`;
  }
  return html`<img src="${src}" alt="${value.alt}" width="1200" height="900"${trusted(options.eager ? ' fetchpriority="high"' : context.eagerImages ? '' : ' loading="lazy"')} decoding="async">`;
}

/** The heading block most sections open with. */
export function sectionHead(context: SectionContext, title: string, intro: string | null, options: { centered?: boolean } = {}): Markup {
  return html`<div class="section-head${options.centered ? ' centered' : ''}">${heading(context.headingLevel, context.headingId, title)}${intro ? html`<p>${intro}</p>` : ''}</div>`;
}
