import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../platform/errors/app-error.ts';
import { contactFormFields, contactStatusAnchor, type Section, type SectionType, type SiteDocument } from '../contract.ts';
import { sampleSections, sampleSiteDocument } from '../sample-site.ts';
import { contrast, schemeFor } from './colors.ts';
import { contentSecurityPolicy } from './content-security-policy.ts';
import { renderStylesheet } from './css.ts';
import { pageHref, type RenderOptions, renderPage } from './render-page.ts';
import { renderRichText } from './rich-text.ts';
import { mailtoHref, safeHref, safeImageSrc, telHref } from './safe-url.ts';
import { scanHtml, type ScannedTag } from './scan-html.testing.ts';
import { siteScript, siteScriptHash } from './site-script.ts';

const published: RenderOptions = {
  basePath: '/crumb/',
  stylesheetHref: '/crumb/_/site.css?v=1',
  scriptSrc: '/_/site.js',
  formAction: '/crumb/_/contact',
  beaconUrl: '/_/views',
  siteUrl: 'https://sites.example.com/crumb/',
};

/** A site whose home page holds just this section (and a footer). */
function siteWith(...types: SectionType[]): SiteDocument {
  const sections = sampleSections();
  const sample = sampleSiteDocument();
  return { ...sample, pages: [{ ...sample.pages[0]!, sections: types.map((type) => sections.find((section) => section.type === type)!) }, sample.pages[1]!] };
}

const tagsOf = (html: string, name: string): ScannedTag[] => scanHtml(html).tags.filter((tag) => tag.name === name);
const sectionHtml = (html: string, type: string) => {
  const start = html.indexOf(`<section class="section s-${type} `);
  return start < 0 ? '' : html.slice(start, html.indexOf('</section>', start));
};

describe('renderPage: every section type', () => {
  const cases: Record<SectionType, (html: string) => void> = {
    hero: (html) => {
      const hero = sectionHtml(html, 'hero');
      expect(hero).toContain('<h1 id="heading-hero-1">Slow bread, baked by hand</h1>');
      expect(hero).toContain('<p class="eyebrow">Bakery · Lisbon</p>');
      expect(hero).toContain('Sourdough every morning &amp; weekend baking classes.');
      expect(hero).toContain('<a class="button button-primary" href="/crumb/menu">See the menu</a>');
      expect(hero).toContain('<a class="button button-secondary" href="#contact">Book a class</a>');
      expect(hero).toMatch(/<img src="https:\/\/images\.example\.com\/loaves\.jpg" alt="Loaves cooling on a rack" width="1200" height="900" fetchpriority="high"/);
      expect(hero).toContain('hero-split');
    },
    features: (html) => {
      const features = sectionHtml(html, 'features');
      expect(features).toContain('<h2 id="heading-features-1">Why people queue</h2>');
      expect(features.match(/<h3>/g)).toHaveLength(3);
      expect(features.match(/<svg class="icon"/g)).toHaveLength(3);
      expect(features).toContain('From small mills we know.');
    },
    services: (html) => {
      const services = sectionHtml(html, 'services');
      expect(services).toContain('<p class="badge">Signature</p>');
      expect(services).toContain('<p class="price">€5.50</p>');
      expect(services).toContain('<li>1 kg</li>');
      expect(services).toContain('href="mailto:hello@bakery.example"');
      expect(services).toContain('service card featured');
      expect(services).toContain('€60 / person');
    },
    testimonials: (html) => {
      const testimonials = sectionHtml(html, 'testimonials');
      expect(testimonials).toContain('<blockquote><p>The best bread in town.</p></blockquote>');
      expect(testimonials).toContain('<span class="avatar" aria-hidden="true">IC</span><div><strong>Inês Carvalho</strong><span>Regular</span></div>');
      expect(testimonials).toContain('<strong>João</strong></div>');
    },
    gallery: (html) => {
      const gallery = sectionHtml(html, 'gallery');
      expect(gallery.match(/<figure>/g)).toHaveLength(2);
      expect(gallery).toContain('<figcaption>The oven</figcaption>');
      expect(gallery).toContain('src="data:image/svg+xml,');
      expect(gallery).toContain('loading="lazy"');
    },
    faq: (html) => {
      const faq = sectionHtml(html, 'faq');
      expect(faq).toContain('<details><summary>Can I reserve a loaf?</summary><div class="answer"><p>Yes, by 6 pm the day before.</p></div></details>');
    },
    cta: (html) => {
      const cta = sectionHtml(html, 'cta');
      expect(cta).toContain('<div class="cta-band">');
      expect(cta).toContain('href="https://maps.example.com/?q=bakery"');
      expect(cta).toContain('href="tel:+351912345678"');
    },
    contact: (html) => {
      const contact = sectionHtml(html, 'contact');
      const form = tagsOf(contact, 'form')[0]!;
      expect(form.attributes).toMatchObject({ method: 'post', action: '/crumb/_/contact' });
      const inputs = scanHtml(contact).tags.filter((tag) => tag.name === 'input' || tag.name === 'textarea');
      expect(inputs.map((input) => input.attributes['name'])).toEqual([contactFormFields.page, contactFormFields.section, contactFormFields.name, contactFormFields.email, contactFormFields.message, contactFormFields.honeypot]);
      // Every visible field has its label; the honeypot is hidden by CSS and skipped by keyboard.
      for (const input of inputs.filter((entry) => entry.attributes['type'] !== 'hidden')) expect(contact).toContain(`<label for="${input.attributes['id']}">`);
      expect(contact).toMatch(/<div class="honeypot" aria-hidden="true">.*name="website" type="text" tabindex="-1" autocomplete="off">/);
      expect(contact).toContain(`id="${contactStatusAnchor('contact-1', 'sent')}" data-form-status="sent" role="status" tabindex="-1" hidden>Thank you! We’ll reply soon.</p>`);
      expect(contact).toContain('href="mailto:hello@bakery.example"');
      expect(contact).toContain('<p>Rua do Pão 1\nLisbon</p>');
      expect(renderStylesheet(sampleSiteDocument().theme)).toMatch(/\.honeypot \{ position: absolute;.*left: -10000px/);
    },
    richText: (html) => {
      const prose = sectionHtml(html, 'richText');
      expect(prose).toContain('<h2 id="heading-rich-1">Our story</h2>');
      expect(prose).toContain('<h3>What we bake</h3>');
      expect(prose).toContain('<ul><li><strong>Bread</strong> every day</li><li><em>Pastries</em> at weekends</li></ul>');
      expect(prose).toContain('<blockquote><p>Good bread takes time.</p></blockquote>');
      expect(prose).toContain('Read <a href="/crumb/menu">the menu</a>.');
    },
    footer: (html) => {
      const footer = html.slice(html.indexOf('<footer class="site-footer">'));
      expect(footer).toContain('<nav aria-label="Footer"><ul class="footer-links"><li><a href="/crumb/menu">Menu</a></li>');
      expect(footer).toContain('<p class="footer-legal">© Crumb &amp; Hearth · Lisbon</p>');
      expect(html.indexOf('<footer')).toBeGreaterThan(html.indexOf('</main>'));
    },
  };

  for (const [type, check] of Object.entries(cases) as [SectionType, (html: string) => void][]) {
    it(`draws ${type}`, () => {
      const { html } = renderPage(siteWith(type === 'hero' ? 'hero' : 'features', ...(type === 'hero' || type === 'features' ? [] : [type]), 'footer'), '', published);
      check(html);
    });
  }
});

describe('renderPage: the page around the sections', () => {
  it('is a complete, accessible document: landmarks, one h1, a skip link, the navigation with the current page', () => {
    const { html, title } = renderPage(sampleSiteDocument(), '', published);
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(title).toBe('Crumb & Hearth · Sourdough in Lisbon');
    expect(html).toContain('<title>Crumb &amp; Hearth · Sourdough in Lisbon</title>');
    expect(html).toContain('<a class="skip-link" href="#main">Skip to content</a>');
    expect(html).toContain('<main id="main">');
    expect(html).toContain('<nav class="site-nav" aria-label="Main"><ul><li><a href="/crumb/" aria-current="page">Home</a></li><li><a href="/crumb/menu">Menu</a></li></ul></nav>');
    expect(html.match(/<h1[ >]/g)).toHaveLength(1);
    expect(html).toContain('<link rel="canonical" href="https://sites.example.com/crumb/">');
    expect(html).toContain('<meta property="og:image" content="https://images.example.com/og.jpg">');
    expect(html).toContain('<link rel="icon" href="data:image/svg+xml,');
    // Headings never skip a level: h1, then h2 for sections, h3 inside them.
    const levels = [...html.matchAll(/<h([1-6])[ >]/g)].map((match) => Number(match[1]));
    levels.forEach((level, index) => expect(level - (levels[index - 1] ?? 0)).toBeLessThanOrEqual(1));
  });

  it('gives a page that does not open with a hero a heading band with its title as the h1', () => {
    const { html } = renderPage(sampleSiteDocument(), 'menu', published);
    expect(html).toContain('<div class="page-intro"><div class="container"><h1>Menu</h1><p>Bread and pastries.</p></div></div>');
    expect(html.match(/<h1[ >]/g)).toHaveLength(1);
    expect(html).toContain('<a href="/crumb/menu" aria-current="page">Menu</a>');
  });

  it('links the stylesheet and the site script, or inlines the CSS and leaves the script out', () => {
    const page = renderPage(sampleSiteDocument(), '', published);
    expect(page.html).toContain('<link rel="stylesheet" href="/crumb/_/site.css?v=1">');
    expect(page.html).toContain(`<script src="/_/site.js" integrity="${siteScriptHash}" data-beacon="/_/views" defer></script>`);
    expect(page.html).not.toContain('<style>');
    expect(page.css).toBe(renderStylesheet(sampleSiteDocument().theme));

    const preview = renderPage(sampleSiteDocument(), '', { basePath: '/', stylesheetHref: null, scriptSrc: null, formAction: null, beaconUrl: null, annotateSections: true, noIndex: true });
    expect(preview.html).toContain(`<style>${preview.css}</style>`);
    expect(preview.html).not.toContain('<script');
    expect(preview.html).toContain('<meta name="robots" content="noindex">');
    expect(preview.html).toContain('data-section-id="hero-1" data-section-type="hero"');
    expect(preview.html).toMatch(/<button class="button button-primary" type="submit" disabled>/);
    expect(tagsOf(preview.html, 'form')[0]!.attributes['action']).toBeUndefined();
    expect(preview.html).not.toContain('rel="canonical"');
    expect(preview.html).toContain('loading="lazy"');
    const thumbnail = renderPage(sampleSiteDocument(), '', { basePath: '/', stylesheetHref: null, scriptSrc: null, formAction: null, beaconUrl: null, thumbnail: true });
    expect(thumbnail.html).not.toContain('loading="lazy"');
  });

  it('draws the same document the same way every time, and refuses a page it does not have', () => {
    expect(renderPage(sampleSiteDocument(), 'menu', published)).toEqual(renderPage(sampleSiteDocument(), 'menu', published));
    expect(() => renderPage(sampleSiteDocument(), 'nowhere', published)).toThrow(AppError);
    expect(pageHref('/crumb/', '')).toBe('/crumb/');
    expect(pageHref('/crumb/', 'menu')).toBe('/crumb/menu');
  });

  it('writes the few words of its own in the site’s language', () => {
    const portuguese = { ...sampleSiteDocument(), language: 'pt-PT' };
    const { html } = renderPage(portuguese, '', published);
    expect(html).toContain('<html lang="pt-PT">');
    expect(html).toContain('Saltar para o conteúdo');
    expect(html).toContain('<strong>Horário</strong>');
  });

  it('keeps sections of a type it does not know out of the page', () => {
    const sample = sampleSiteDocument();
    const odd = { ...sample, pages: [{ ...sample.pages[0]!, sections: [{ id: 'x', type: 'marquee', props: {} } as unknown as Section, ...sample.pages[0]!.sections] }, sample.pages[1]!] };
    const { html } = renderPage(odd, '', published);
    expect(html).not.toContain('marquee');
    expect(html).toContain('<h1 id="heading-hero-1">');
  });
});

describe('URLs', () => {
  it('keeps only http(s), mailto, tel, fragments and site paths in links', () => {
    const base = '/crumb/';
    const allowed: [string, string][] = [
      ['https://example.com/a?b=c#d', 'https://example.com/a?b=c#d'],
      ['http://example.com', 'http://example.com'],
      ['mailto:hello@example.com', 'mailto:hello@example.com'],
      ['tel:+351 912 345 678', 'tel:+351912345678'],
      ['#contact', '#contact'],
      ['/menu', '/crumb/menu'],
      ['  /menu  ', '/crumb/menu'],
    ];
    for (const [input, output] of allowed) expect(safeHref(input, base), input).toBe(output);
    const refused = ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', ' javascript:alert(1)', 'java\tscript:alert(1)', 'vbscript:x', 'data:text/html,x', '//evil.example', '/\\evil.example', 'menu.html', 'ftp://example.com', 'https://', '#a b', '/a"b', 'https://example.com/"onmouseover', 'mailto:', 'tel:abc', ''];
    for (const input of refused) expect(safeHref(input, base), input).toBeNull();
  });

  it('keeps only https, site paths and data:image in images', () => {
    expect(safeImageSrc('https://images.example.com/a.jpg', '/crumb/')).toBe('https://images.example.com/a.jpg');
    expect(safeImageSrc('/uploads/a.jpg', '/crumb/')).toBe('/crumb/uploads/a.jpg');
    expect(safeImageSrc('data:image/png;base64,iVBORw0KGgo=', '/')).toBe('data:image/png;base64,iVBORw0KGgo=');
    for (const input of ['http://example.com/a.jpg', 'javascript:alert(1)', 'data:text/html,<script>', 'data:image/svg+xml,<svg onload=alert(1)>', '//evil.example/a.jpg']) expect(safeImageSrc(input, '/'), input).toBeNull();
    expect(mailtoHref('a@b.example')).toBe('mailto:a@b.example');
    expect(mailtoHref('a@b.example?subject=<x>')).toBeNull();
    expect(telHref('+44 (0)20 7946 0018')).toBe('tel:+4402079460018');
    expect(telHref('call me')).toBeNull();
  });

  it('renders rich text links only where they are safe', () => {
    const html = renderRichText('[ok](https://example.com) [bad](javascript:alert(1)) <b>x</b>', { basePath: '/', headingLevel: 3 }).html;
    expect(html).toBe('<p><a href="https://example.com">ok</a> bad) &lt;b&gt;x&lt;/b&gt;</p>');
  });
});

describe('colours', () => {
  const palettes = [
    sampleSiteDocument().theme.palette,
    { primary: '#ffeb3b', accent: '#fff59d', background: '#ffffff', surface: '#fafafa', text: '#bbbbbb', muted: '#dddddd' },
    { primary: '#777777', accent: '#777777', background: '#777777', surface: '#777777', text: '#777777', muted: '#777777' },
    { primary: '#0a0a0a', accent: '#101010', background: '#000000', surface: '#111111', text: '#222222', muted: '#333333' },
  ];
  it('always reads well, whatever the palette, in light and dark mode (WCAG AA or better)', () => {
    for (const palette of palettes) {
      for (const mode of ['light', 'dark'] as const) {
        const scheme = schemeFor(palette, mode);
        const label = `${JSON.stringify(palette)} ${mode}`;
        for (const background of [scheme.background, scheme.surface]) {
          expect(contrast(scheme.text, background), label).toBeGreaterThanOrEqual(7);
          expect(contrast(scheme.muted, background), label).toBeGreaterThanOrEqual(4.5);
          expect(contrast(scheme.link, background), label).toBeGreaterThanOrEqual(4.5);
          expect(contrast(scheme.accentText, background), label).toBeGreaterThanOrEqual(4.5);
        }
        expect(contrast(scheme.onPrimary, scheme.primary), label).toBeGreaterThanOrEqual(4.5);
        expect(contrast(scheme.onAccent, scheme.accent), label).toBeGreaterThanOrEqual(4.5);
        expect(contrast(scheme.onBand, scheme.band), label).toBeGreaterThanOrEqual(4.5);
        expect(contrast(scheme.bandMuted, scheme.band), label).toBeGreaterThanOrEqual(4.5);
      }
    }
  });
});

describe('the site script and the Content-Security-Policy', () => {
  it('publishes the script’s hash, and the script does nothing a strict policy forbids', () => {
    expect(siteScriptHash).toBe(`sha256-${createHash('sha256').update(siteScript).digest('base64')}`);
    expect(siteScript).not.toMatch(/\beval\b|new Function|innerHTML|document\.write|setTimeout\(['"]/);
    expect(siteScript.length).toBeLessThan(2500);
  });

  it('allows only what the page uses', () => {
    const policy = contentSecurityPolicy({ ...published, frameAncestors: ['https://app.example.com'] });
    expect(policy.split('; ')).toEqual([
      "default-src 'none'",
      "style-src 'self'",
      `script-src 'self' '${siteScriptHash}'`,
      "img-src 'self' https: data:",
      "form-action 'self'",
      "connect-src 'self'",
      "base-uri 'none'",
      "object-src 'none'",
      'frame-ancestors https://app.example.com',
    ]);
    const absolute = contentSecurityPolicy({ stylesheetHref: 'https://cdn.example.com/s/site.css', scriptSrc: 'https://sites.example.com/_/site.js', formAction: 'https://sites.example.com/crumb/_/contact', beaconUrl: 'https://sites.example.com/_/views', frameAncestors: [] });
    expect(absolute).toContain('style-src https://cdn.example.com/s/site.css;');
    expect(absolute).toContain(`script-src https://sites.example.com/_/site.js '${siteScriptHash}';`);
    expect(absolute).toContain('connect-src https://sites.example.com/_/views https://sites.example.com/crumb/_/contact;');
    expect(absolute).toContain("frame-ancestors 'none'");
  });

  it('allows an inlined stylesheet by its hash, and no script at all in a preview', () => {
    const { css } = renderPage(sampleSiteDocument(), '', { ...published, stylesheetHref: null, scriptSrc: null });
    const policy = contentSecurityPolicy({ stylesheetHref: null, inlineCss: css, scriptSrc: null, formAction: null, beaconUrl: null, frameAncestors: ['https://app.example.com/editor'] });
    expect(policy).toContain(`style-src 'sha256-${createHash('sha256').update(css).digest('base64')}'`);
    expect(policy).toContain("script-src 'none'");
    expect(policy).toContain("form-action 'none'");
    expect(policy).toContain('frame-ancestors https://app.example.com');
  });
});
