import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { SiteDocument } from '../../src/modules/sites/contract.ts';
import { generateSiteLocally } from '../../src/modules/sites/local-site-generator.ts';
import { type RenderOptions, renderPage } from '../../src/modules/sites/render/render-page.ts';
import { sampleBriefs, sampleSiteDocument } from '../../src/modules/sites/sample-site.ts';

/**
 * The published HTML of generated sites, checked by the W3C Nu HTML Checker (vnu.jar, run with
 * Java): every page of every sample brief, in light and dark mode, plus the editor's
 * self-contained preview. One JVM for all of them: it is the slow part.
 */

const vnuJar = createRequire(import.meta.url).resolve('vnu-jar/build/dist/vnu.jar');
const run = promisify(execFile);
const folder = mkdtempSync(path.join(tmpdir(), 'atelier-sites-html-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

interface VnuMessage {
  type: string;
  subType?: string;
  url: string;
  lastLine?: number;
  message: string;
  extract?: string;
}

/** The pages as files; the stylesheet too when `withCss` (the CSS checker is slow, and every site's CSS has the same rules). */
function writeSite(name: string, document: SiteDocument, options: RenderOptions, withCss = false): number {
  const directory = path.join(folder, name);
  mkdirSync(directory, { recursive: true });
  for (const page of document.pages) {
    const { html, css } = renderPage(document, page.slug, options);
    writeFileSync(path.join(directory, `${page.slug || 'index'}.html`), html);
    if (withCss) writeFileSync(path.join(directory, 'site.css'), css);
  }
  return document.pages.length;
}

describe('published pages', () => {
  it('pass the W3C Nu HTML Checker, every page of every generated site, light and dark (and their stylesheet)', async () => {
    let pages = 0;
    sampleBriefs.forEach((brief, index) => {
      const site = generateSiteLocally(brief);
      for (const mode of ['light', 'dark'] as const) {
        const document = { ...site, theme: { ...site.theme, mode } };
        const basePath = `/site-${index}/`;
        pages += writeSite(`site-${index}-${mode}`, document, {
          basePath,
          stylesheetHref: `${basePath}_/site.css`,
          scriptSrc: '/_/site.js',
          formAction: `${basePath}_/contact`,
          beaconUrl: '/_/views',
          siteUrl: `https://sites.example.com${basePath}`,
        }, index === 0);
      }
    });
    pages += writeSite('preview', sampleSiteDocument(), { basePath: '/', stylesheetHref: null, scriptSrc: null, formAction: null, beaconUrl: null, annotateSections: true, noIndex: true });
    expect(pages).toBeGreaterThan(100);

    let output: string;
    try {
      // vnu exits non-zero when it finds errors; the JSON report is on stderr either way.
      const result = await run('java', ['-jar', vnuJar, '--errors-only', '--format', 'json', '--also-check-css', '--skip-non-html', folder], { maxBuffer: 64 * 1024 * 1024 });
      output = result.stderr;
    } catch (error) {
      const failed = error as { code?: unknown; stderr?: string };
      if (failed.code === 'ENOENT') throw new Error('Java is needed to run the W3C Nu HTML Checker (vnu-jar): install a Java runtime (Debian: default-jre-headless)', { cause: error });
      output = failed.stderr ?? '';
    }
    const messages = (JSON.parse(output) as { messages: VnuMessage[] }).messages.filter((message) => message.type === 'error' || message.subType === 'fatal');
    const report = messages.slice(0, 15).map((message) => `${path.relative(folder, new URL(message.url).pathname)}:${message.lastLine ?? '?'} ${message.message} «${message.extract?.trim().slice(0, 80) ?? ''}»`);
    expect(report).toEqual([]);
  }, 180_000);
});
