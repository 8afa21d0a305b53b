import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { resultsDir } from './atelier.ts';

export const screenshotsDir = path.join(resultsDir, 'screenshots');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Debian's Chromium, headless, with a fresh profile (STACK-NOTES.md); never a downloaded browser. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export const desktop = { width: 1280, height: 800 };
export const phone = { width: 375, height: 812 };

/**
 * The browser's console must stay clean: any error or uncaught exception fails the test. The one
 * exception is Chromium's own network line for an API answer of 401 or 403 ("Failed to load
 * resource: … status of 403"), which the browser prints for every refused fetch: the app
 * expects those (nobody signed in yet; the server refusing a demoted member) and shows them.
 */
export function watchConsole(context: BrowserContext, name: string, errors: string[]): void {
  const expectedRefusal = /^Failed to load resource: the server responded with a status of 40[13]\b/;
  const watch = (page: Page) => {
    page.on('console', (message) => {
      if (message.type() !== 'error' && message.type() !== 'warning') return;
      const text = message.text();
      if (message.type() === 'error' && expectedRefusal.test(text)) return;
      if (message.type() === 'warning' && !/React|Radix|aria|key|deprecated/i.test(text)) return;
      errors.push(`[${name}] console.${message.type()}: ${text} (${page.url()})`);
    });
    page.on('pageerror', (error) => errors.push(`[${name}] uncaught: ${error.message} (${page.url()})`));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, which the page's CSP (script-src 'self') does not
  // govern: an injected <script> would be refused, and the test must not loosen the CSP it checks.
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(axeSource);
  const result = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] })`)) as { violations: AxeViolation[] };
  return result.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

async function settle(page: Page): Promise<void> {
  await page.evaluate('document.fonts.ready.then(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))');
  // Let enter animations (≤ 200 ms) finish so screenshots and contrast checks see the final colours.
  await page.waitForTimeout(250);
}

/**
 * The whole page in one picture. The viewport is stretched to the page's height first (rather
 * than Playwright's fullPage stitching), so fixed and sticky parts (the sidebar, the phone's top
 * bar) are drawn where a person sees them.
 */
async function photograph(page: Page, file: string): Promise<void> {
  const size = page.viewportSize() ?? desktop;
  const height = Math.min(6000, Math.max(size.height, Number(await page.evaluate('document.documentElement.scrollHeight'))));
  await page.setViewportSize({ width: size.width, height });
  await page.waitForTimeout(100);
  try {
    await page.screenshot({ path: file });
  } finally {
    await page.setViewportSize(size);
  }
}

async function setTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await page.emulateMedia({ colorScheme: theme });
  // Polled with evaluate (the DevTools protocol): waitForFunction's string predicate is an eval the page's CSP refuses.
  for (let attempt = 0; attempt < 50; attempt += 1) {
    if ((await page.evaluate(`document.documentElement.classList.contains('dark')`)) === (theme === 'dark')) return;
    await page.waitForTimeout(20);
  }
  throw new Error(`the page did not switch to the ${theme} theme`);
}

/**
 * Checks the page as it is now: axe-core finds no serious or critical violation in the light
 * theme and in the dark one (contrast differs), at the page's width and at 375 px; and
 * screenshots are saved for a person to look at: light and dark at the current size, light at
 * the other size. Returns the violations so the test can print them all at once.
 */
export async function checkPage(page: Page, name: string, problems: string[]): Promise<void> {
  mkdirSync(screenshotsDir, { recursive: true });
  const size = page.viewportSize() ?? desktop;
  const other = size.width > phone.width ? phone : desktop;
  const label = (width: number) => (width <= phone.width ? 'phone' : 'desktop');
  const record = (variant: string, violations: AxeViolation[]) => {
    for (const violation of violations) {
      const where = violation.nodes
        .slice(0, 3)
        .map((node) => `${node.target.join(' ')} (${(node.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 160)})`)
        .join(' | ');
      problems.push(`[${name} ${variant}] axe ${violation.impact} ${violation.id}: ${violation.help} at ${where}`);
    }
  };
  try {
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(page, theme);
      await settle(page);
      record(`${label(size.width)} ${theme}`, await axeViolations(page));
      await photograph(page, path.join(screenshotsDir, `${name}.${label(size.width)}.${theme}.png`));
    }
    await setTheme(page, 'light');
    await page.setViewportSize(other);
    await settle(page);
    record(`${label(other.width)} light`, await axeViolations(page));
    await photograph(page, path.join(screenshotsDir, `${name}.${label(other.width)}.light.png`));
  } finally {
    await page.setViewportSize(size);
    await setTheme(page, 'light');
  }
}
