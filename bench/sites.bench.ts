/**
 * What serving a published site costs, and what drawing one costs.
 *
 * Requests per second (the headline): Atelier's public origin serving the home page of a
 * published ten-page site (sites/atelier-public-origin.server.ts: the site made through the
 * API, pages rendered once per revision and page, then answered from memory with their CSP and
 * cache headers, through the public listener's hooks) against bare Fastify with
 * `@fastify/static` serving the same HTML bytes at the same path from a file
 * (sites/fastify-static.server.ts). Each server runs in its own process; the load (autocannon,
 * same connections and duration, keep-alive) alternates between them, the side that goes first
 * changing each round, and each side's figure is its median round.
 *
 * Render time (a figure, no peer): `renderPage` for all ten pages of the same kind of site
 * (sites/ten-page-site.ts), with the options the public origin renders with, timed in this
 * process before the servers start; p50 and p99 of a whole site's render.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { renderPage } from '../src/modules/sites/render/render-page.ts';
import { quantile } from './bench-databases.ts';
import { defineBenchmark, formatFigure, type Figure, type Measurement } from './harness.ts';
import { loadTest, roundList, startServerProcess, summarise, type LoadResult, type ServerProcess } from './http-load.ts';
import { sitePageCount, tenPageSite } from './sites/ten-page-site.ts';

const connections = 50;
const modes = {
  full: { rounds: 5, seconds: 10, warmupSeconds: 3, renders: 300, renderWarmup: 30 },
  smoke: { rounds: 1, seconds: 2, warmupSeconds: 1, renders: 10, renderWarmup: 2 },
};

const subjectEntry = path.join(import.meta.dirname, 'sites', 'atelier-public-origin.server.ts');
const peerEntry = path.join(import.meta.dirname, 'sites', 'fastify-static.server.ts');
/** Read by the peer's server file: the directory it serves. */
const staticRootVariable = 'BENCH_SITES_STATIC_ROOT';

const sides = ['peer', 'subject'] as const;
type Side = (typeof sides)[number];

interface RenderTimes {
  p50: Figure;
  p99: Figure;
  pageBytes: number;
}

export const benchmark = defineBenchmark({
  name: 'sites',
  peer: 'bare Fastify + @fastify/static serving the same HTML file',
  goal: { ratio: 0.8, description: '≥ 0.80× static-file req/s for a published page from the public origin' },
  async run(options) {
    const mode = options.smoke ? modes.smoke : modes.full;
    const render = timeRenders(mode.renders, mode.renderWarmup);

    const staticRoot = await mkdtemp(path.join(os.tmpdir(), 'atelier-bench-sites-'));
    const servers: ServerProcess[] = [];
    try {
      const subjectServer = await startServerProcess(subjectEntry);
      servers.push(subjectServer);
      const pagePath = subjectServer.details['path'];
      if (!pagePath) throw new Error('the public origin did not say where the published page is');
      const published = await fetchPage(subjectServer.origin + pagePath);
      if (!published.body.toString('utf8').includes('<nav class="site-nav"')) throw new Error(`${pagePath} is not a published site's page`);

      // The same bytes, at the same path, as a file: <root>/<slug>/index.html.
      const file = path.join(staticRoot, ...pagePath.split('/').filter(Boolean), 'index.html');
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, published.body);
      const peerServer = await startServerProcess(peerEntry, { env: { [staticRootVariable]: staticRoot } });
      servers.push(peerServer);
      const copy = await fetchPage(peerServer.origin + pagePath);
      if (!copy.body.equals(published.body)) throw new Error(`the static server answers ${pagePath} with other bytes than the public origin`);

      const serverOf: Record<Side, ServerProcess> = { peer: peerServer, subject: subjectServer };
      const load = (side: Side, seconds: number) => loadTest(serverOf[side], { url: serverOf[side].origin + pagePath, connections, seconds });

      // Warm-up: JIT, the public origin's lookup and page caches, the page cache of the file. Not counted.
      for (const side of sides) await load(side, mode.warmupSeconds);

      const rounds: Record<Side, LoadResult[]> = { peer: [], subject: [] };
      for (let round = 0; round < mode.rounds; round++) {
        // peer, subject; then subject, peer; …: neither side always runs first.
        for (let turn = 0; turn < sides.length; turn++) {
          const side = sides[(round + turn) % sides.length]!;
          rounds[side].push(await load(side, mode.seconds));
        }
      }

      const subject = summarise(rounds.subject);
      const peer = summarise(rounds.peer);
      subject.extra!['10-page render p50'] = render.p50;
      subject.extra!['10-page render p99'] = render.p99;
      const cpu = (side: Measurement) => side.extra!['server CPU/req']!;
      const loaderPercent = Math.max(...sides.flatMap((side) => rounds[side].map((round) => round.loaderCpuPercent)));
      const notes = [
        `render: renderPage for all ${sitePageCount} pages of a generated site (${Math.round(render.pageBytes / 1024)} KiB of HTML in all), ` +
          `${mode.renders} times after ${mode.renderWarmup} untimed: p50 ${formatFigure(render.p50)}, p99 ${formatFigure(render.p99)} per whole site`,
        `load: GET ${pagePath} (the home page of a published ${subjectServer.details['pages'] ?? '?'}-page site, ${published.body.length.toLocaleString('en-US')} bytes; ` +
          `headers: subject ${published.headerBytes} bytes, peer ${copy.headerBytes} bytes), ${mode.rounds} round(s) of ${mode.seconds} s per side, ` +
          `${connections} connections, keep-alive, after ${mode.warmupSeconds} s of warm-up each; side order alternates each round`,
        `req/s by round: peer ${roundList(rounds.peer)}; subject ${roundList(rounds.subject)}`,
        `server CPU per request: subject ${formatFigure(cpu(subject))}, peer ${formatFigure(cpu(peer))} (CPU ratio peer/subject ${(cpu(peer).value / cpu(subject).value).toFixed(2)}×)`,
        `load generator used up to ${loaderPercent.toFixed(0)}% of a core`,
      ];
      if (loaderPercent > 90) {
        notes.push('the load generator was near one full core: the faster side may be capped by it, so the ratio is closer to 1 than the servers alone would give');
      }
      return { subject, peer, notes };
    } finally {
      await Promise.all(servers.map((server) => server.stop()));
      await rm(staticRoot, { recursive: true, force: true });
    }
  },
});

/** `renderPage` for every page of the ten-page site, as the public origin calls it; milliseconds per whole site. */
function timeRenders(renders: number, warmup: number): RenderTimes {
  const document = tenPageSite();
  const slug = 'bench-bakery';
  const options = {
    basePath: `/${slug}/`,
    stylesheetHref: `/${slug}/_assets/site-0123456789abcdef.css`,
    scriptSrc: '/_atelier/site.js?v=0123456789ab',
    formAction: `/${slug}/_contact`,
    beaconUrl: '/_atelier/views',
    siteUrl: `http://localhost:3001/${slug}/`,
  };
  const renderSite = () => document.pages.map((page) => renderPage(document, page.slug, options).html);
  for (let index = 0; index < warmup; index++) renderSite();
  const times: number[] = [];
  for (let index = 0; index < renders; index++) {
    const started = performance.now();
    renderSite();
    times.push(performance.now() - started);
  }
  const pageBytes = renderSite().reduce((bytes, html) => bytes + Buffer.byteLength(html), 0);
  return { p50: { value: quantile(times, 0.5), unit: 'ms' }, p99: { value: quantile(times, 0.99), unit: 'ms' }, pageBytes };
}

/** One GET, checked: a 200 HTML page, with its bytes and the size of its header block. */
async function fetchPage(url: string): Promise<{ body: Buffer; headerBytes: number }> {
  const response = await fetch(url);
  const body = Buffer.from(await response.arrayBuffer());
  const type = response.headers.get('content-type') ?? '';
  if (response.status !== 200 || !type.startsWith('text/html')) throw new Error(`GET ${url} answered ${response.status} ${type}; expected 200 text/html`);
  let headerBytes = 0;
  response.headers.forEach((value, name) => (headerBytes += name.length + value.length + 4));
  return { body, headerBytes };
}
