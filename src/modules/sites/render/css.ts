import { fontPairings, type Theme } from '../contract.ts';
import { type Scheme, schemeFor, withAlpha } from './colors.ts';

/**
 * The site's stylesheet: one per site (it depends on the theme only, not on the page), so the
 * server serves it at one cacheable address for every page. Every value in it is computed
 * here (colours parsed and re-written, fonts and radii from fixed tables): no document text
 * ever reaches the CSS.
 */

const radii = {
  none: { small: '0', base: '0', large: '0', button: '0' },
  small: { small: '4px', base: '6px', large: '8px', button: '6px' },
  medium: { small: '6px', base: '12px', large: '18px', button: '10px' },
  large: { small: '10px', base: '18px', large: '28px', button: '999px' },
} as const;

const isKnown = <T extends object>(table: T, key: unknown): key is keyof T => typeof key === 'string' && Object.hasOwn(table, key);

/** The theme with every field checked (a stored or hostile value that is not one of the choices becomes the default). */
export function saneTheme(theme: Theme): { scheme: Scheme; fonts: (typeof fontPairings)[keyof typeof fontPairings]; radius: (typeof radii)[keyof typeof radii] } {
  const mode = theme?.mode === 'dark' ? 'dark' : 'light';
  return {
    scheme: schemeFor(theme?.palette, mode),
    fonts: isKnown(fontPairings, theme?.fontPairing) ? fontPairings[theme.fontPairing] : fontPairings.modern,
    radius: isKnown(radii, theme?.radius) ? radii[theme.radius] : radii.medium,
  };
}

export function renderStylesheet(theme: Theme): string {
  const { scheme: c, fonts, radius } = saneTheme(theme);
  const dark = c.mode === 'dark';
  const shadow = dark ? '0 1px 2px rgba(0, 0, 0, 0.4), 0 8px 24px rgba(0, 0, 0, 0.25)' : `0 1px 2px ${withAlpha(c.text, 0.06)}, 0 8px 24px ${withAlpha(c.text, 0.07)}`;
  const monoHeadings = fonts.headings.startsWith('ui-monospace');
  return `/* Atelier site stylesheet (${c.mode}) */
:root {
  color-scheme: ${c.mode};
  --bg: ${c.background};
  --surface: ${c.surface};
  --surface-strong: ${c.surfaceStrong};
  --text: ${c.text};
  --muted: ${c.muted};
  --border: ${c.border};
  --primary: ${c.primary};
  --on-primary: ${c.onPrimary};
  --link: ${c.link};
  --accent: ${c.accent};
  --on-accent: ${c.onAccent};
  --accent-text: ${c.accentText};
  --band: ${c.band};
  --on-band: ${c.onBand};
  --band-muted: ${c.bandMuted};
  --tint: ${withAlpha(c.primary, dark ? 0.16 : 0.1)};
  --accent-tint: ${withAlpha(c.accent, dark ? 0.18 : 0.14)};
  --glow-a: ${withAlpha(c.primary, dark ? 0.22 : 0.14)};
  --glow-b: ${withAlpha(c.accent, dark ? 0.16 : 0.16)};
  --shadow: ${shadow};
  --font-head: ${fonts.headings};
  --font-body: ${fonts.body};
  --r-sm: ${radius.small};
  --r: ${radius.base};
  --r-lg: ${radius.large};
  --r-button: ${radius.button};
  --wide: 72rem;
  --gap: clamp(1rem, 2.5vw, 1.75rem);
  --section-y: clamp(3.5rem, 8vw, 6.5rem);
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; scroll-behavior: smooth; }
@media (prefers-reduced-motion: reduce) { html { scroll-behavior: auto; } *, *::before, *::after { transition: none !important; } }
body { margin: 0; background: var(--bg); color: var(--text); font-family: var(--font-body); font-size: 1.0625rem; line-height: 1.65; -webkit-font-smoothing: antialiased; }
img, svg { display: block; max-width: 100%; }
img { height: auto; }
h1, h2, h3 { font-family: var(--font-head); line-height: 1.15; margin: 0; color: var(--text); font-weight: ${monoHeadings ? 600 : 700}; letter-spacing: ${monoHeadings ? '-0.02em' : '-0.015em'}; text-wrap: balance; }
h1 { font-size: clamp(2.25rem, 4.2vw + 1rem, 3.9rem); letter-spacing: -0.025em; }
h2 { font-size: clamp(1.75rem, 2.2vw + 1rem, 2.6rem); }
h3 { font-size: 1.2rem; line-height: 1.3; }
p { margin: 0; }
a { color: var(--link); text-underline-offset: 0.18em; text-decoration-thickness: 1px; }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid var(--link); outline-offset: 3px; border-radius: 2px; }
.container { width: 100%; max-width: var(--wide); margin: 0 auto; padding: 0 clamp(1.25rem, 4vw, 2rem); }
.skip-link { position: absolute; left: 1rem; top: -4rem; z-index: 10; padding: 0.6rem 1rem; background: var(--primary); color: var(--on-primary); border-radius: var(--r-sm); font-weight: 600; }
.skip-link:focus { top: 1rem; }
.icon { width: 1.5rem; height: 1.5rem; flex: none; }

/* Header */
.site-header { position: sticky; top: 0; z-index: 5; background: ${withAlpha(c.background, 0.9)}; backdrop-filter: saturate(1.4) blur(10px); -webkit-backdrop-filter: saturate(1.4) blur(10px); border-bottom: 1px solid var(--border); }
.header-inner { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 0.25rem 1.5rem; min-height: 4rem; padding-top: 0.6rem; padding-bottom: 0.6rem; }
.brand { display: inline-flex; align-items: center; gap: 0.65rem; color: var(--text); text-decoration: none; font-family: var(--font-head); font-weight: 700; font-size: 1.15rem; letter-spacing: -0.01em; }
.brand-mark { display: grid; place-items: center; width: 2.1rem; height: 2.1rem; border-radius: var(--r-sm); background: var(--primary); color: var(--on-primary); font-size: 1.05rem; line-height: 1; }
.site-nav { width: 100%; margin: 0 -0.6rem; }
.site-nav ul { display: flex; flex-wrap: wrap; gap: 0.15rem 0.25rem; list-style: none; margin: 0; padding: 0; white-space: nowrap; }
.site-nav a { display: block; padding: 0.4rem 0.6rem; border-radius: var(--r-button); color: var(--muted); text-decoration: none; font-size: 0.97rem; font-weight: 500; }
.site-nav a:hover { color: var(--text); background: var(--tint); }
.site-nav a[aria-current="page"] { color: var(--text); background: var(--tint); }
@media (min-width: 48rem) {
  .header-inner { flex-wrap: nowrap; }
  .site-nav { width: auto; margin: 0; }
  .site-nav a { padding: 0.45rem 0.75rem; }
}

/* Buttons */
.actions { display: flex; flex-wrap: wrap; gap: 0.75rem; margin-top: 2rem; }
.button { display: inline-flex; align-items: center; justify-content: center; gap: 0.5rem; min-height: 2.9rem; padding: 0.7rem 1.35rem; border-radius: var(--r-button); border: 1.5px solid transparent; font: inherit; font-weight: 600; font-size: 1rem; line-height: 1.2; text-decoration: none; cursor: pointer; transition: transform 0.15s ease, box-shadow 0.15s ease, background-color 0.15s ease; }
.button-primary { background: var(--primary); color: var(--on-primary); box-shadow: 0 1px 2px ${withAlpha(c.primary, 0.3)}, 0 6px 18px ${withAlpha(c.primary, dark ? 0.25 : 0.22)}; }
.button-primary:hover { transform: translateY(-1px); }
.button-secondary { background: transparent; color: var(--text); border-color: var(--border); }
.button-secondary:hover { background: var(--tint); }
a.button:not([href]) { cursor: default; }

/* Sections */
.section { padding: var(--section-y) 0; }
.tone-surface { background: var(--surface); }
.section-head { max-width: 44rem; margin-bottom: clamp(2rem, 4vw, 3rem); }
.section-head.centered { margin-left: auto; margin-right: auto; text-align: center; }
.section-head p { margin-top: 0.9rem; color: var(--muted); font-size: 1.125rem; }
.eyebrow { display: inline-flex; align-items: center; gap: 0.5rem; margin-bottom: 1.1rem; padding: 0.3rem 0.8rem; border-radius: 999px; background: var(--accent-tint); color: var(--accent-text); font-size: 0.85rem; font-weight: 650; letter-spacing: 0.04em; text-transform: uppercase; }
.card { background: var(--bg); border: 1px solid var(--border); border-radius: var(--r); padding: clamp(1.35rem, 2.5vw, 1.85rem); }
.tone-plain .card { background: var(--surface); }
.grid { display: grid; gap: var(--gap); grid-template-columns: repeat(auto-fit, minmax(min(100%, 16rem), 1fr)); }

/* Page heading (a page that does not open with a hero) */
.page-intro { padding: clamp(3rem, 7vw, 5rem) 0 clamp(1rem, 3vw, 2rem); background: radial-gradient(60rem 20rem at 10% -20%, var(--glow-a), transparent 70%); }
.page-intro p { margin-top: 1rem; max-width: 40rem; color: var(--muted); font-size: 1.15rem; }
.page-intro + .section.tone-plain { padding-top: clamp(2rem, 4vw, 3rem); }

/* Hero */
.s-hero { position: relative; overflow: hidden; padding: clamp(4rem, 10vw, 7.5rem) 0; background:
  radial-gradient(45rem 28rem at 85% 0%, var(--glow-a), transparent 70%),
  radial-gradient(38rem 24rem at 0% 100%, var(--glow-b), transparent 70%),
  var(--bg); }
.hero-inner { display: grid; gap: clamp(2.5rem, 6vw, 4.5rem); align-items: center; }
.hero-centered .hero-copy { max-width: 50rem; margin: 0 auto; text-align: center; }
.hero-centered .actions { justify-content: center; }
.hero-copy .lead { margin-top: 1.4rem; max-width: 40rem; color: var(--muted); font-size: clamp(1.125rem, 0.6vw + 1rem, 1.3rem); line-height: 1.6; }
.hero-centered .lead { margin-left: auto; margin-right: auto; }
.hero-media { position: relative; }
.hero-media img, .hero-media .image-placeholder { width: 100%; aspect-ratio: 4 / 3; object-fit: cover; border-radius: var(--r-lg); box-shadow: var(--shadow); }
.hero-media::before { content: ""; position: absolute; inset: 8% -4% -6% 10%; z-index: -1; border-radius: var(--r-lg); background: var(--accent-tint); }
@media (min-width: 56rem) {
  .hero-split .hero-inner { grid-template-columns: 1.05fr 1fr; }
  .hero-split h1 { font-size: clamp(2.25rem, 2.6vw + 1.2rem, 3.4rem); }
}

/* Features */
.feature { display: flex; flex-direction: column; gap: 0.75rem; }
.feature-icon { display: grid; place-items: center; width: 3rem; height: 3rem; border-radius: var(--r); background: var(--tint); color: var(--link); margin-bottom: 0.35rem; }
.feature p { color: var(--muted); }

/* Services */
.service { display: flex; flex-direction: column; gap: 0.9rem; position: relative; }
.service-top { display: flex; flex-direction: column; gap: 0.5rem; }
.service .price { font-family: var(--font-head); font-size: 1.65rem; font-weight: 700; letter-spacing: -0.02em; color: var(--text); }
.service p { color: var(--muted); }
.service ul { list-style: none; margin: 0.25rem 0 0; padding: 0.9rem 0 0; border-top: 1px solid var(--border); display: grid; gap: 0.5rem; font-size: 0.97rem; }
.service li { position: relative; padding-left: 1.6rem; }
.service li::before { content: ""; position: absolute; left: 0.3rem; top: 0.35em; width: 0.4rem; height: 0.75rem; border: solid var(--accent-text); border-width: 0 2px 2px 0; transform: rotate(45deg); }
.service .button { margin-top: auto; align-self: flex-start; }
.service.featured { border: 2px solid var(--primary); box-shadow: var(--shadow); }
.service .badge { position: absolute; top: 0; left: clamp(1.35rem, 2.5vw, 1.85rem); transform: translateY(-50%); padding: 0.2rem 0.65rem; border-radius: 999px; background: var(--accent); color: var(--on-accent); font-size: 0.78rem; font-weight: 700; letter-spacing: 0.03em; text-transform: uppercase; }

/* Testimonials */
.quote { margin: 0; display: flex; flex-direction: column; gap: 1.25rem; }
.quote blockquote { margin: 0; font-size: 1.08rem; line-height: 1.6; }
.quote blockquote p::before { content: "\\201C"; display: block; height: 2.2rem; font-family: Georgia, "DejaVu Serif", serif; font-size: 3.6rem; line-height: 1; color: var(--accent-text); }
.quote figcaption { display: flex; align-items: center; gap: 0.75rem; margin-top: auto; font-size: 0.95rem; }
.quote figcaption div span { display: block; color: var(--muted); }
.avatar { display: grid; place-items: center; width: 2.6rem; height: 2.6rem; flex: none; border-radius: 50%; background: var(--tint); color: var(--link); font-weight: 700; }

/* Gallery */
.gallery { display: grid; gap: var(--gap); grid-template-columns: repeat(auto-fill, minmax(min(100%, 17rem), 1fr)); }
.gallery figure { margin: 0; }
.gallery img, .gallery .image-placeholder { width: 100%; aspect-ratio: 4 / 3; object-fit: cover; border-radius: var(--r); }
.gallery figcaption { margin-top: 0.6rem; color: var(--muted); font-size: 0.95rem; }
.image-placeholder { display: grid; place-items: center; padding: 1rem; background: linear-gradient(135deg, var(--glow-a), var(--glow-b)), var(--surface-strong); color: var(--muted); font-size: 0.9rem; text-align: center; }

/* FAQ */
.faq { max-width: 48rem; margin: 0 auto; display: grid; gap: 0.75rem; }
.faq details { background: var(--bg); border: 1px solid var(--border); border-radius: var(--r); }
.tone-plain .faq details { background: var(--surface); }
.faq summary { display: flex; justify-content: space-between; align-items: center; gap: 1rem; padding: 1.1rem 1.35rem; cursor: pointer; list-style: none; font-weight: 600; font-size: 1.05rem; }
.faq summary::-webkit-details-marker { display: none; }
.faq summary::after { content: "+"; flex: none; display: grid; place-items: center; width: 1.8rem; height: 1.8rem; border-radius: 50%; background: var(--tint); color: var(--link); font-size: 1.25rem; font-weight: 500; line-height: 1; transition: transform 0.2s ease; }
.faq details[open] summary::after { transform: rotate(45deg); }
.faq .answer { padding: 0 1.35rem 1.25rem; color: var(--muted); }

/* Call to action */
.s-cta .cta-band { background: var(--band); color: var(--on-band); border-radius: var(--r-lg); padding: clamp(2.5rem, 6vw, 4.5rem) clamp(1.5rem, 5vw, 4rem); text-align: center; background-image: radial-gradient(30rem 16rem at 100% 0%, ${withAlpha(c.onBand, 0.12)}, transparent 70%), radial-gradient(26rem 14rem at 0% 100%, ${withAlpha(c.accent, 0.22)}, transparent 70%); }
.s-cta h2 { color: var(--on-band); max-width: 40rem; margin: 0 auto; }
.s-cta p { margin: 1rem auto 0; max-width: 36rem; color: var(--band-muted); font-size: 1.125rem; }
.s-cta .actions { justify-content: center; }
.s-cta .button-primary { background: var(--on-band); color: var(--band); box-shadow: none; }
.s-cta .button-secondary { color: var(--on-band); border-color: ${withAlpha(c.onBand, 0.45)}; }
.s-cta .button-secondary:hover { background: ${withAlpha(c.onBand, 0.1)}; }
.s-cta :focus-visible { outline-color: var(--on-band); }

/* Contact */
.contact-grid { display: grid; gap: clamp(2rem, 5vw, 4rem); }
@media (min-width: 56rem) { .contact-grid { grid-template-columns: 0.9fr 1.1fr; } }
.contact-info { list-style: none; margin: 0; padding: 0; display: grid; gap: 1.25rem; align-content: start; }
.contact-info li { display: flex; gap: 0.9rem; align-items: flex-start; }
.contact-info .feature-icon { width: 2.6rem; height: 2.6rem; margin: 0; }
.contact-info strong { display: block; font-size: 0.85rem; letter-spacing: 0.04em; text-transform: uppercase; color: var(--muted); font-weight: 650; }
.contact-info p { white-space: pre-line; }
.contact-form { display: grid; gap: 1.1rem; }
.field { display: grid; gap: 0.4rem; }
.field label { font-weight: 600; font-size: 0.95rem; }
.field input, .field textarea { width: 100%; padding: 0.75rem 0.9rem; border: 1.5px solid var(--border); border-radius: var(--r-sm); background: var(--bg); color: var(--text); font: inherit; }
.tone-surface .field input, .tone-surface .field textarea { background: var(--bg); }
.field textarea { min-height: 9rem; resize: vertical; }
.field input:focus, .field textarea:focus { outline: none; border-color: var(--link); box-shadow: 0 0 0 3px var(--tint); }
.contact-form .button { justify-self: start; }
.contact-form button:disabled { opacity: 0.6; cursor: progress; }
.honeypot { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; left: -10000px; }
.form-status { padding: 0.9rem 1.1rem; border-radius: var(--r-sm); font-weight: 600; }
.form-status[hidden]:target { display: block; }
.form-status[data-form-status="sent"] { background: ${withAlpha('#16a34a', dark ? 0.2 : 0.12)}; color: var(--text); border: 1px solid ${withAlpha('#16a34a', 0.45)}; }
.form-status[data-form-status="failed"] { background: ${withAlpha('#dc2626', dark ? 0.2 : 0.1)}; color: var(--text); border: 1px solid ${withAlpha('#dc2626', 0.45)}; }

/* Rich text */
.prose { max-width: 42rem; margin: 0 auto; font-size: 1.1rem; }
.prose > h2 { margin-bottom: 1.5rem; }
.page-intro + .s-richText .prose { margin-left: 0; }
.prose > * + * { margin-top: 1.15rem; }
.prose h3 { margin-top: 2.25rem; font-size: 1.35rem; }
.prose ul { padding-left: 1.3rem; }
.prose li + li { margin-top: 0.4rem; }
.prose li::marker { color: var(--accent-text); }
.prose blockquote { margin-left: 0; margin-right: 0; padding: 0.25rem 0 0.25rem 1.25rem; border-left: 3px solid var(--accent); font-family: var(--font-head); font-size: 1.25rem; font-style: italic; }

/* Footer */
.site-footer { background: var(--surface); border-top: 1px solid var(--border); padding: clamp(2.5rem, 6vw, 4rem) 0 2rem; color: var(--muted); font-size: 0.97rem; }
.footer-top { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 1.5rem 3rem; }
.footer-brand { max-width: 26rem; }
.footer-brand .brand { margin-bottom: 0.75rem; }
.footer-links { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; list-style: none; margin: 0; padding: 0; align-content: flex-start; }
.footer-links a { color: var(--text); text-decoration: none; }
.footer-links a:hover { text-decoration: underline; }
.footer-legal { margin-top: 2.5rem; padding-top: 1.5rem; border-top: 1px solid var(--border); font-size: 0.9rem; }
.site-footer .footer-section + .footer-section { margin-top: 2rem; }
`;
}
