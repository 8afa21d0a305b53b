import { AppError } from '../../../platform/errors/app-error.ts';
import { homeSlug, type Page, type Section, type SiteDocument } from '../contract.ts';
import { saneTheme, renderStylesheet } from './css.ts';
import { html, type Markup, trusted } from './escape.ts';
import { safeAbsoluteUrl, safeImageSrc } from './safe-url.ts';
import { siteScriptHash } from './site-script.ts';
import { renderContact } from './sections/contact.ts';
import { renderCta } from './sections/cta.ts';
import { renderFaq } from './sections/faq.ts';
import { renderFeatures } from './sections/features.ts';
import { renderFooter } from './sections/footer.ts';
import { renderGallery } from './sections/gallery.ts';
import { renderHero } from './sections/hero.ts';
import type { SectionContext } from './sections/parts.ts';
import { renderRichTextSection } from './sections/rich-text.ts';
import { renderServices } from './sections/services.ts';
import { renderTestimonials } from './sections/testimonials.ts';
import { uiTextFor } from './ui-text.ts';

/**
 * Where and how a page is served. The same renderer draws the editor's preview and the
 * published page; only these differ.
 */
export interface RenderOptions {
  /**
   * The site's own path on its origin, starting and ending with `/` (`/bakery/` on the sites
   * origin, say). The home page is at `basePath`, another page at `basePath + slug`, and a
   * document link `/menu` becomes `basePath + 'menu'`.
   */
  basePath: string;
  /**
   * The stylesheet's URL (`renderStylesheet(document.theme)`, the same for every page of a
   * site, so serve it once at a stable, cacheable address). `null` inlines it in a `<style>`
   * element instead: a self-contained page for `srcdoc` previews and thumbnails.
   */
  stylesheetHref: string | null;
  /** The URL the server serves `siteScript` at; `null` renders no script at all (previews, thumbnails). */
  scriptSrc: string | null;
  /** Where contact forms post; `null` draws them with a disabled button (previews). */
  formAction: string | null;
  /** The page-view endpoint the script's beacon posts to; `null` sends none. */
  beaconUrl: string | null;
  /** The site's absolute URL (`https://sites.example.com/bakery/`) for `<link rel=canonical>` and `og:url`; `null` leaves them out. */
  siteUrl?: string | null;
  /** Marks each section with `data-section-id` and `data-section-type` (the editor's canvas finds sections by them). */
  annotateSections?: boolean;
  /** Adds `<meta name="robots" content="noindex">` (previews, drafts). */
  noIndex?: boolean;
  /**
   * For a screenshot (the sites list's thumbnails): every image loads at once instead of lazily.
   * With `stylesheetHref`, `scriptSrc` and `formAction` `null`, the page is one self-contained file.
   */
  thumbnail?: boolean;
}

export interface RenderedPage {
  html: string;
  /** The site's stylesheet (the same for every page of the site). */
  css: string;
  /** The page's `<title>`. */
  title: string;
}

/** The URL of a page inside its site: the home page is the base path itself. */
export function pageHref(basePath: string, slug: string): string {
  return slug === homeSlug ? basePath : basePath + encodeURIComponent(slug);
}

const anchorNames: Record<Section['type'], string> = {
  hero: 'top',
  features: 'features',
  services: 'services',
  testimonials: 'testimonials',
  gallery: 'gallery',
  faq: 'faq',
  cta: 'get-started',
  contact: 'contact',
  richText: 'about',
  footer: 'footer',
};

const idPart = (value: string) => value.replace(/[^A-Za-z0-9_-]/g, '-');

/** The first letter or digit of the site's name, for the brand mark and the icon. */
const monogramOf = (name: string) => {
  const words = name.trim().split(/\s+/);
  const word = words.length > 1 && /^(the|a|an|le|la|les|el|los|las|il|lo|o|os|as|die|der|das|de|het)$/i.test(words[0]!) ? words[1]! : (words[0] ?? '');
  const match = /[\p{L}\p{N}]/u.exec(word) ?? /[\p{L}\p{N}]/u.exec(name);
  return match ? match[0].toLocaleUpperCase() : '';
};

function faviconHref(name: string, primary: string, onPrimary: string): string {
  const letter = monogramOf(name);
  // Only an ASCII letter or digit goes into the SVG; another character draws the square alone.
  const text = /^[A-Z0-9]$/.test(letter)
    ? `<text x='32' y='44' font-family='Arial,Helvetica,sans-serif' font-size='34' font-weight='700' text-anchor='middle' fill='${onPrimary}'>${letter}</text>`
    : '';
  const svg = `<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 64 64'><rect width='64' height='64' rx='14' fill='${primary}'/>${text}</svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

function brand(document: SiteDocument, basePath: string): Markup {
  const letter = monogramOf(document.name);
  return html`<a class="brand" href="${basePath}">${letter ? html`<span class="brand-mark" aria-hidden="true">${letter}</span>` : ''}<span>${document.name}</span></a>`;
}

function nav(document: SiteDocument, page: Page, basePath: string, label: string): Markup | '' {
  if (document.pages.length < 2) return '';
  return html`<nav class="site-nav" aria-label="${label}"><ul>${document.pages.map(
    (entry) => html`<li><a href="${pageHref(basePath, entry.slug)}"${entry.id === page.id ? trusted(' aria-current="page"') : ''}>${entry.title}</a></li>`,
  )}</ul></nav>`;
}

function renderSectionBody(section: Section, context: SectionContext): Markup {
  switch (section.type) {
    case 'hero':
      return renderHero(section.props, context);
    case 'features':
      return renderFeatures(section.props, context);
    case 'services':
      return renderServices(section.props, context);
    case 'testimonials':
      return renderTestimonials(section.props, context);
    case 'gallery':
      return renderGallery(section.props, context);
    case 'faq':
      return renderFaq(section.props, context);
    case 'cta':
      return renderCta(section.props, context);
    case 'contact':
      return renderContact(section.props, context);
    case 'richText':
      return renderRichTextSection(section.props, context);
    case 'footer':
      return html``;
  }
}

/**
 * One page of a site as a complete HTML document, and the site's stylesheet. Pure: the same
 * document and options give the same bytes. Every piece of document text is escaped, every URL
 * checked (`safe-url.ts`); the only script is `siteScript`, by URL, when `scriptSrc` is given.
 * An unknown slug is `not_found`.
 */
export function renderPage(document: SiteDocument, pageSlug: string, options: RenderOptions): RenderedPage {
  const page = document.pages.find((entry) => entry.slug === pageSlug);
  if (!page) throw new AppError('not_found', `This site has no page at "${pageSlug}"`, { slug: pageSlug });
  const basePath = options.basePath.startsWith('/') && options.basePath.endsWith('/') ? options.basePath : '/';
  const language = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/.test(document.language) ? document.language : 'en';
  const ui = uiTextFor(language);
  const css = renderStylesheet(document.theme);
  const { scheme } = saneTheme(document.theme);

  // Headings: the page's opening hero holds the h1; a page that opens otherwise gets a heading band with its title.
  // A section of a type this renderer does not know (a hostile or newer stored document) is left out.
  const known = page.sections.filter((section) => Object.hasOwn(anchorNames, section.type));
  const main = known.filter((section) => section.type !== 'footer');
  const footers = known.filter((section) => section.type === 'footer');
  const opensWithHero = main[0]?.type === 'hero';
  const pageTitle = page.slug === homeSlug ? document.name : page.title;
  const used = new Map<string, number>();
  let tone: 'plain' | 'surface' = opensWithHero ? 'surface' : 'plain';

  const contextFor = (section: Section, index: number, sectionTone: 'plain' | 'surface'): SectionContext => {
    const base = anchorNames[section.type];
    const count = (used.get(base) ?? 0) + 1;
    used.set(base, count);
    return {
      sectionId: section.id,
      anchor: count === 1 ? base : `${base}-${count}`,
      headingId: `heading-${idPart(section.id)}`,
      headingLevel: index === 0 && section.type === 'hero' ? 1 : 2,
      tone: sectionTone,
      basePath,
      pageSlug: page.slug,
      formAction: options.formAction,
      eagerImages: options.thumbnail === true,
      ui,
    };
  };
  const annotate = (section: Section) => (options.annotateSections ? html` data-section-id="${section.id}" data-section-type="${section.type}"` : '');

  const sections = main.map((section, index) => {
    let sectionTone: 'plain' | 'surface' = 'plain';
    if (section.type === 'hero') {
      tone = 'surface';
    } else {
      sectionTone = tone;
      tone = tone === 'plain' ? 'surface' : 'plain';
    }
    const context = contextFor(section, index, sectionTone);
    return html`<section class="section s-${section.type} tone-${sectionTone}" id="${context.anchor}" aria-labelledby="${context.headingId}"${annotate(section)}>
${renderSectionBody(section, context)}
</section>`;
  });

  const footer =
    footers.length > 0
      ? html`<footer class="site-footer"><div class="container">${footers.map(
          (section) => html`<div class="footer-section"${annotate(section)}>${renderFooter(section.props as Extract<Section, { type: 'footer' }>['props'], contextFor(section, -1, 'plain'), brand(document, basePath))}</div>`,
        )}</div></footer>`
      : '';

  const title = page.seo.title.trim() || (page.slug === homeSlug ? document.name : `${page.title} · ${document.name}`);
  const ogImage = page.seo.ogImage ? safeAbsoluteUrl(page.seo.ogImage) : null;
  const siteUrl = options.siteUrl ? safeAbsoluteUrl(options.siteUrl) : null;
  const canonical = siteUrl ? new URL(page.slug === homeSlug ? '' : encodeURIComponent(page.slug), siteUrl.endsWith('/') ? siteUrl : `${siteUrl}/`).href : null;
  const styleTag = options.stylesheetHref === null ? trusted(`<style>${css.replace(/<\//g, '<\\/')}</style>`) : html`<link rel="stylesheet" href="${options.stylesheetHref}">`;
  const scriptTag =
    options.scriptSrc === null
      ? ''
      : html`<script src="${options.scriptSrc}" integrity="${siteScriptHash}"${options.beaconUrl ? html` data-beacon="${options.beaconUrl}"` : ''} defer></script>`;
  const heroImage = page.sections.find((section) => section.type === 'hero')?.props as { image: { url: string } | null } | undefined;
  const preloadImage = heroImage?.image ? safeImageSrc(heroImage.image.url, basePath) : null;

  const markup = html`<!DOCTYPE html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<meta name="description" content="${page.seo.description}">
<meta name="color-scheme" content="${scheme.mode}">
<meta name="theme-color" content="${scheme.background}">
${options.noIndex ? trusted('<meta name="robots" content="noindex">\n') : ''}${canonical ? html`<link rel="canonical" href="${canonical}">\n` : ''}<meta property="og:type" content="website">
<meta property="og:site_name" content="${document.name}">
<meta property="og:title" content="${title}">
<meta property="og:description" content="${page.seo.description}">
${canonical ? html`<meta property="og:url" content="${canonical}">\n` : ''}${ogImage ? html`<meta property="og:image" content="${ogImage}">\n<meta name="twitter:card" content="summary_large_image">\n` : ''}<link rel="icon" href="${faviconHref(document.name, scheme.primary, scheme.onPrimary)}">
${preloadImage && !preloadImage.startsWith('data:') ? html`<link rel="preload" as="image" href="${preloadImage}">\n` : ''}${styleTag}
${scriptTag}
</head>
<body>
<a class="skip-link" href="#main">${ui.skipToContent}</a>
<header class="site-header"><div class="container header-inner">${brand(document, basePath)}${nav(document, page, basePath, ui.mainNavigation)}</div></header>
<main id="main">
${opensWithHero ? '' : html`<div class="page-intro"><div class="container"><h1>${pageTitle}</h1>${page.seo.description ? html`<p>${page.seo.description}</p>` : ''}</div></div>\n`}${sections}
</main>
${footer}
</body>
</html>
`;
  return { html: markup.html, css, title };
}
