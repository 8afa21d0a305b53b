import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { newId } from '../../platform/db/new-id.ts';
import { isAppError, AppError } from '../../platform/errors/app-error.ts';
import { appendEvent } from '../../platform/events/append-event.ts';
import type { ModuleRouteOptions } from '../../platform/module.ts';
import { clientNetwork, createThrottle, throttleKey } from '../../platform/throttle/throttle.ts';
import { contactStatusAnchor, contactSubmissionSchema, homeSlug, pageViewBeaconSchema, type SiteDocument } from './contract.ts';
import { siteFormSubmitted } from './events.ts';
import { createPageViewRecorder } from './page-views.ts';
import { contentSecurityPolicy } from './render/content-security-policy.ts';
import { renderStylesheet } from './render/css.ts';
import { pageHref, renderPage } from './render/render-page.ts';
import { siteScript, siteScriptHash } from './render/site-script.ts';
import { publicationChanges } from './publication-changes.ts';
import { publicUrlOf } from './site-flows.ts';
import { upgradeDocument } from './site-document.ts';
import { formSubmissions, revisions, sites } from './sites.schema.ts';
import { deviceClassOf, referrerHostOf } from './visitors.ts';

interface PublishedSite {
  id: string;
  workspaceId: string;
  slug: string;
  revisionId: string;
}

interface RenderedPublishedPage {
  /** The page's HTML, encoded once: sending a string would measure and encode it as UTF-8 on every request. */
  html: Buffer;
  etag: string;
  policy: string;
}

/** A publish or an unpublish reaches every process within this; pages of a revision never change, so they are kept as long as there is room. */
const lookupTtlMs = 2_000;
const maxCachedPages = 2_000;
/** Contact forms per site from one network: enough for people, too few for a spam run. */
const formsPerWindow = 5;
const formWindowSeconds = 10 * 60;
/** Page views per site from one network: one a second on average, more than people read, far fewer than a flood. */
const viewsPerWindow = 60;
const viewWindowSeconds = 60;

const scriptVersion = createHash('sha256').update(siteScript).digest('hex').slice(0, 12);
const scriptPath = `/_atelier/site.js`;
const beaconPath = '/_atelier/views';
const immutable = 'public, max-age=31536000, immutable';

/** The stylesheet's address carries its hash, so it is cached for good and a theme change is a new address. */
const stylesheetPath = (slug: string, css: string) => `/${slug}/_assets/site-${createHash('sha256').update(css).digest('hex').slice(0, 16)}.css`;

/** A bounded map: the oldest entry leaves when a new one would overflow it. */
function boundedSet<V>(map: Map<string, V>, key: string, value: V, max: number): V {
  if (map.size >= max) map.delete(map.keys().next().value as string);
  map.set(key, value);
  return value;
}

/**
 * The public origin's side of sites: published pages at `/<slug>/…` (rendered once per revision
 * and page, then served from memory), their stylesheet and script, the contact form and the
 * page-view beacon. Nothing here reads a session: this listener has none.
 */
export async function publishedSiteRoutes(app: FastifyInstance, options: ModuleRouteOptions): Promise<void> {
  const { db, config } = options;
  const throttle = createThrottle(db);
  const views = createPageViewRecorder(db, app.log);
  const lookups = new Map<string, { until: number; site: PublishedSite | null }>();
  const forget = (slug: string) => lookups.delete(slug);
  publicationChanges.on('changed', forget);
  app.addHook('onClose', async () => {
    publicationChanges.off('changed', forget);
    await views.flush();
  });
  const pages = new Map<string, RenderedPublishedPage>();
  const stylesheets = new Map<string, string>();
  const documents = new Map<string, SiteDocument>();

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  async function published(slug: string): Promise<PublishedSite | null> {
    const cached = lookups.get(slug);
    if (cached && cached.until > Date.now()) return cached.site;
    const [row] = await db.system((tx) =>
      tx.select({ id: sites.id, workspaceId: sites.workspaceId, slug: sites.slug, revisionId: sites.publishedRevisionId }).from(sites).where(eq(sites.slug, slug)),
    );
    const site = row?.revisionId ? { ...row, revisionId: row.revisionId } : null;
    boundedSet(lookups, slug, { until: Date.now() + lookupTtlMs, site }, maxCachedPages);
    return site;
  }

  async function documentOf(site: PublishedSite): Promise<SiteDocument> {
    const known = documents.get(site.revisionId);
    if (known) return known;
    const [row] = await db.tenant(site.workspaceId, (tx) => tx.select({ document: revisions.document }).from(revisions).where(eq(revisions.id, site.revisionId)));
    if (!row) throw new AppError('not_found', 'This site is not published');
    return boundedSet(documents, site.revisionId, upgradeDocument(row.document), maxCachedPages);
  }

  async function pageOf(site: PublishedSite, pageSlug: string): Promise<RenderedPublishedPage> {
    const key = `${site.revisionId}\n${pageSlug}`;
    const known = pages.get(key);
    if (known) return known;
    const document = await documentOf(site);
    if (!document.pages.some((page) => page.slug === pageSlug)) throw new AppError('not_found', 'This site has no such page');
    const css = renderStylesheet(document.theme);
    const stylesheetHref = stylesheetPath(site.slug, css);
    boundedSet(stylesheets, stylesheetHref, css, maxCachedPages);
    const formAction = `/${site.slug}/_contact`;
    const rendered = renderPage(document, pageSlug, {
      basePath: `/${site.slug}/`,
      stylesheetHref,
      scriptSrc: `${scriptPath}?v=${scriptVersion}`,
      formAction,
      beaconUrl: beaconPath,
      siteUrl: publicUrlOf(config.SITES_ORIGIN, site.slug),
    });
    const policy = contentSecurityPolicy({ stylesheetHref, scriptSrc: scriptPath, formAction, beaconUrl: beaconPath, frameAncestors: [config.PUBLIC_URL] });
    return boundedSet(pages, key, { html: Buffer.from(rendered.html, 'utf8'), etag: `"${site.revisionId}-${createHash('sha256').update(pageSlug).digest('hex').slice(0, 8)}"`, policy }, maxCachedPages);
  }

  function notFound(reply: FastifyReply) {
    return reply
      .code(404)
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; base-uri 'none'; frame-ancestors 'none'")
      .header('cache-control', 'no-store')
      .send('<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Not found</title></head><body><h1>Nothing here</h1><p>This site is not published, or the page does not exist.</p></body></html>');
  }

  async function servePage(request: FastifyRequest, reply: FastifyReply, slug: string, pageSlug: string) {
    const site = await published(slug);
    if (!site) return notFound(reply);
    let page: RenderedPublishedPage;
    try {
      page = await pageOf(site, pageSlug);
    } catch (error) {
      if (isAppError(error) && error.code === 'not_found') return notFound(reply);
      throw error;
    }
    reply
      .header('content-security-policy', page.policy)
      .header('etag', page.etag)
      // Short: a new publish shows within a minute even through a shared cache.
      .header('cache-control', 'public, max-age=60, stale-while-revalidate=300')
      .header('cross-origin-opener-policy', 'same-origin')
      .header('x-frame-options', 'SAMEORIGIN');
    if (request.headers['if-none-match'] === page.etag) return reply.code(304).send();
    return reply.header('content-type', 'text/html; charset=utf-8').send(page.html);
  }

  app.get(scriptPath, async (_request, reply) =>
    reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', immutable).header('x-content-sha256', siteScriptHash).send(siteScript),
  );

  app.get<{ Params: { slug: string; file: string } }>('/:slug/_assets/:file', async (request, reply) => {
    const css = stylesheets.get(request.url.split('?')[0] ?? '');
    if (css !== undefined) return reply.header('content-type', 'text/css; charset=utf-8').header('cache-control', immutable).send(css);
    // Another process rendered the page: render it here to learn the stylesheet.
    const site = await published(request.params.slug);
    if (site) await pageOf(site, homeSlug).catch(() => undefined);
    const rendered = stylesheets.get(request.url.split('?')[0] ?? '');
    if (rendered === undefined) return notFound(reply);
    return reply.header('content-type', 'text/css; charset=utf-8').header('cache-control', immutable).send(rendered);
  });

  app.get<{ Params: { slug: string } }>('/:slug/', async (request, reply) => servePage(request, reply, request.params.slug, homeSlug));
  app.get<{ Params: { slug: string; page: string } }>('/:slug/:page', async (request, reply) => servePage(request, reply, request.params.slug, request.params.page));

  app.post<{ Params: { slug: string } }>('/:slug/_contact', async (request, reply) => {
    const wantsJson = (request.headers.accept ?? '').includes('application/json');
    const site = await published(request.params.slug);
    if (!site) throw new AppError('not_found', 'This site is not published');
    const parsed = contactSubmissionSchema.safeParse(request.body ?? {});
    const back = (outcome: 'sent' | 'failed', sectionId: string, pageSlug: string) =>
      reply.redirect(`${pageHref(`/${site.slug}/`, pageSlug)}#${contactStatusAnchor(sectionId, outcome)}`, 303);
    if (!parsed.success) {
      if (!wantsJson) return back('failed', String((request.body as Record<string, unknown> | undefined)?.['section'] ?? ''), homeSlug);
      throw new AppError('invalid_input', 'The form is not filled in correctly', { fields: parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message })) });
    }
    const form = parsed.data;
    // A bot filled the field people never see: answer as if it worked, keep nothing.
    if (form.website !== '') return wantsJson ? reply.code(201).send({ ok: true }) : back('sent', form.section, form.page);
    try {
      await throttle.quota.consume(throttleKey('site-contact', `${site.id}:${clientNetwork(request.ip)}`), { limit: formsPerWindow, windowSeconds: formWindowSeconds });
    } catch (error) {
      if (!wantsJson && isAppError(error) && error.code === 'rate_limited') return back('failed', form.section, form.page);
      throw error;
    }
    const submissionId = newId();
    await db.tenant(site.workspaceId, async (tx) => {
      await tx.insert(formSubmissions).values({ id: submissionId, workspaceId: site.workspaceId, siteId: site.id, page: form.page, name: form.name, email: form.email, message: form.message });
      await appendEvent(tx, siteFormSubmitted, { workspaceId: site.workspaceId, payload: { siteId: site.id, submissionId, page: form.page } });
    });
    return wantsJson ? reply.code(201).send({ ok: true }) : back('sent', form.section, form.page);
  });

  app.post(beaconPath, async (request, reply) => {
    const raw = typeof request.body === 'string' ? request.body : JSON.stringify(request.body ?? null);
    let beacon: ReturnType<typeof pageViewBeaconSchema.parse>;
    try {
      beacon = pageViewBeaconSchema.parse(JSON.parse(raw));
    } catch {
      throw new AppError('invalid_input', 'A page view is JSON with path, referrer and width');
    }
    const slug = beacon.path.split('/')[1] ?? '';
    const site = slug ? await published(slug) : null;
    if (site) {
      try {
        await throttle.quota.consume(throttleKey('site-view', `${site.id}:${clientNetwork(request.ip)}`), { limit: viewsPerWindow, windowSeconds: viewWindowSeconds });
      } catch (error) {
        // A throttled view is not counted, and the page that sent it must not notice.
        if (isAppError(error) && error.code === 'rate_limited') return reply.code(204).send();
        throw error;
      }
      const agent = request.headers['user-agent'];
      const device = deviceClassOf(agent) === 'bot' ? 'bot' : beacon.width === 0 ? deviceClassOf(agent) : beacon.width < 600 ? 'phone' : beacon.width < 1024 ? 'tablet' : 'desktop';
      views.record({ workspaceId: site.workspaceId, siteId: site.id, path: beacon.path.slice(0, 300), referrerHost: referrerHostOf(beacon.referrer, config.SITES_ORIGIN), device, occurredAt: new Date() });
    }
    return reply.code(204).send();
  });
}
