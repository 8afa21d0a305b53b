import { describe, expect, it } from 'vitest';
import type { SiteDocument } from '../contract.ts';
import { sampleSiteDocument } from '../sample-site.ts';
import { renderStylesheet } from './css.ts';
import { type RenderOptions, renderPage } from './render-page.ts';
import { scanHtml } from './scan-html.testing.ts';
import { siteScriptHash } from './site-script.ts';

/** Text written by someone who wants to run a script on visitors of a published site. */
const payloads = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  '</style><script>alert(1)</script>',
  '</textarea><script>alert(1)</script>',
  '<a href="javascript:alert(1)">x</a>',
  'javascript:alert(1)',
  ' JaVaScRiPt:alert(1)',
  'java\tscript:alert(1)',
  '\u0000javascript:alert(1)',
  'vbscript:msgbox(1)',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'data:image/svg+xml,<svg onload=alert(1)>',
  '//evil.example/x.js',
  '/"onmouseover="alert(1)',
  '#"><script>alert(1)</script>',
  '[click](javascript:alert(1)) **<b>bold</b>**',
  '-->< !-- <script>alert(1)</script>',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
];

/** Every string in the document, by path: each gets each payload in turn. */
function stringPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'string') return [path];
  if (Array.isArray(value)) return value.flatMap((entry, index) => stringPaths(entry, [...path, index]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, entry]) => stringPaths(entry, [...path, key]));
  return [];
}

function withValue(document: SiteDocument, path: (string | number)[], value: string): SiteDocument {
  const copy = structuredClone(document) as unknown as Record<string | number, unknown>;
  let node = copy;
  for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = value;
  return copy as unknown as SiteDocument;
}

const allowedTags = new Set([
  'html', 'head', 'meta', 'title', 'link', 'style', 'script', 'body', 'a', 'header', 'nav', 'ul', 'li', 'main', 'section', 'div', 'span',
  'h1', 'h2', 'h3', 'p', 'br', 'strong', 'em', 'img', 'figure', 'figcaption', 'blockquote', 'details', 'summary', 'form', 'input', 'label',
  'textarea', 'button', 'footer', 'svg', 'path', 'circle', 'rect',
]);
const urlAttributes = ['href', 'src', 'action', 'formaction', 'data-beacon', 'poster', 'srcset', 'xlink:href'];

const options: RenderOptions = { basePath: '/s/crumb/', stylesheetHref: '/s/crumb/_/site.css', scriptSrc: '/_/site.js', formAction: '/s/crumb/_/contact', beaconUrl: '/_/views', siteUrl: 'https://sites.example.com/s/crumb/' };

/** What a safe page looks like, whatever the document said. */
function problemsIn(html: string, renderOptions: RenderOptions): string[] {
  const problems: string[] = [];
  const { tags, text } = scanHtml(html);
  if (text.includes('<')) problems.push(`markup the scanner cannot read: ${text.slice(text.indexOf('<'), text.indexOf('<') + 60)}`);
  const scripts = tags.filter((tag) => tag.name === 'script');
  const expectedScripts = renderOptions.scriptSrc === null ? 0 : 1;
  if (scripts.length !== expectedScripts) problems.push(`${scripts.length} script tags`);
  for (const script of scripts) {
    if (script.attributes['src'] !== renderOptions.scriptSrc || script.attributes['integrity'] !== siteScriptHash) problems.push(`unexpected script ${JSON.stringify(script.attributes)}`);
  }
  if (/<script\b/gi.test(html) && (html.match(/<script\b/gi) ?? []).length !== expectedScripts) problems.push('a raw <script');
  for (const tag of tags) {
    if (!allowedTags.has(tag.name)) problems.push(`unexpected <${tag.name}>`);
    for (const [name, value] of Object.entries(tag.attributes)) {
      if (/^on/i.test(name)) problems.push(`event handler ${name} on <${tag.name}>`);
      if (name === 'style') problems.push(`style attribute on <${tag.name}>`);
      if (!urlAttributes.includes(name)) continue;
      // Browsers ignore controls and spaces around a scheme: so does this check.
      // eslint-disable-next-line no-control-regex
      const url = value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
      if (/^(javascript|vbscript):/.test(url)) problems.push(`${name}="${value}" on <${tag.name}>`);
      if (url.startsWith('data:') && !(tag.name === 'img' && /^data:image\/(png|jpeg|gif|webp|avif|svg\+xml)[;,]/.test(url)) && !(tag.name === 'link' && tag.attributes['rel'] === 'icon')) {
        problems.push(`${name}="${value.slice(0, 40)}" on <${tag.name}>`);
      }
      if (url.startsWith('//')) problems.push(`protocol-relative ${name} on <${tag.name}>`);
      if (/[<>"]/.test(value) && name !== 'src') problems.push(`${name} with markup characters on <${tag.name}>`);
    }
    if (tag.name === 'meta' && tag.attributes['property'] === 'og:image' && !/^https?:\/\//.test(tag.attributes['content'] ?? '')) problems.push('og:image that is not an http(s) URL');
    if (tag.name === 'meta' && tag.attributes['http-equiv']) problems.push('meta http-equiv');
    if (tag.name === 'link' && tag.attributes['rel'] === 'stylesheet' && tag.attributes['href'] !== renderOptions.stylesheetHref) problems.push('a stylesheet from elsewhere');
    if (tag.name === 'base') problems.push('<base>');
  }
  return problems;
}

describe('hostile text in a site document', () => {
  it('is looked for by a check that does find executable markup (the check checked)', () => {
    const bad = [
      '<p>ok</p><script>alert(1)</script>',
      '<img src="x" onerror="alert(1)">',
      '<a href=" javascript:alert(1)">x</a>',
      '<a href="data:text/html,x">x</a>',
      '<iframe src="https://evil.example"></iframe>',
      '<p style="background:url(x)">x</p>',
      '<p>unreadable <b <i>markup</p>',
    ];
    for (const html of bad) expect(problemsIn(html, { ...options, scriptSrc: null }), html).not.toEqual([]);
  });

  it('never becomes markup, a script, an event handler or a dangerous URL, in any field of any section, the theme, the pages or their SEO', () => {
    const sample = sampleSiteDocument();
    const paths = stringPaths(sample);
    // Every section type, every field kind: the sample has them all (see sample-site.ts).
    expect(paths.length).toBeGreaterThan(100);
    const failures: string[] = [];
    for (const path of paths) {
      for (const payload of payloads) {
        const document = withValue(sample, path, payload);
        const slugs = path[0] === 'pages' && path[2] === 'slug' ? [payload] : document.pages.map((page) => page.slug);
        for (const slug of new Set(slugs)) {
          const page = renderPage(document, slug, options);
          for (const problem of problemsIn(page.html, options)) failures.push(`${path.join('.')} = ${JSON.stringify(payload)}: ${problem}`);
          if (/<|alert|javascript/i.test(page.css)) failures.push(`${path.join('.')} reached the stylesheet`);
        }
      }
    }
    expect(failures.slice(0, 20)).toEqual([]);
  });

  it('stays inert in the self-contained preview too (inline stylesheet, no script)', () => {
    const preview: RenderOptions = { basePath: '/', stylesheetHref: null, scriptSrc: null, formAction: null, beaconUrl: null, annotateSections: true, noIndex: true };
    const sample = sampleSiteDocument();
    const failures: string[] = [];
    for (const payload of payloads) {
      const everywhere = stringPaths(sample).reduce((document, path) => (path[0] === 'pages' && path[2] === 'slug' ? document : withValue(document, path, payload)), sample);
      const page = renderPage(everywhere, '', preview);
      for (const problem of problemsIn(page.html, preview)) failures.push(`${JSON.stringify(payload)}: ${problem}`);
      expect(page.html.match(/<style>/g)).toHaveLength(1);
    }
    expect(failures.slice(0, 20)).toEqual([]);
  });

  it('keeps the text itself, escaped, so the owner sees what they typed', () => {
    const document = withValue(sampleSiteDocument(), ['pages', 0, 'sections', 0, 'props', 'heading'], '"><img src=x onerror=alert(1)> & <b>');
    const { html } = renderPage(document, '', options);
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &lt;b&gt;');
    const theme = renderStylesheet({ ...document.theme, palette: { ...document.theme.palette, primary: 'red;}</style><script>' }, fontPairing: '"><x' as never, radius: 'x' as never, mode: 'x' as never });
    expect(theme).not.toMatch(/<|script|red;/);
  });
});
