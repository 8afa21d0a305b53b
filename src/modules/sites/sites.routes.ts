import { workspaceIdempotency } from '../../platform/http/idempotency.ts';
import { and, desc, eq, lt } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { generationParts } from '../generation/index.ts';
import { generationSchema } from '../generation/contract.ts';
import type { Caller, WorkspaceAccess } from '../identity/index.ts';
import { isUuid } from '../../platform/db/tenancy.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { ModuleRouteOptions } from '../../platform/module.ts';
import * as contract from './contract.ts';
import { renderPage } from './render/render-page.ts';
import { addGeneratedSection, createSiteFromPrompt, deleteSite, editSite, publishSite, regenerateSection, revertSite, unpublishSite, type SiteFlows } from './site-flows.ts';
import { siteStore } from './site-store.ts';
import { revisionSummaryOf, siteViewOf } from './site-views.ts';
import { formSubmissions } from './sites.schema.ts';
import { pageOf } from '../../platform/db/page.ts';

const workspaceParams = z.object({ workspaceId: z.uuid({ error: 'must be an id' }) });
const siteParams = workspaceParams.extend({ siteId: z.uuid({ error: 'must be an id' }) });
const need = (permission: string) => ({ access: { permission } });
const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20), cursor: z.string().max(100).optional() });

/** Sites under /workspaces/{workspaceId}/sites: create from a prompt, edit, revise, publish. */
export async function siteRoutes(app: FastifyInstance, options: ModuleRouteOptions): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { db, config } = options;
  const flows: SiteFlows = { db, jobs: options.jobs, limits: options.limits, generation: generationParts(db, config, options.contributions), sitesOrigin: config.SITES_ORIGIN };
  const access = (request: FastifyRequest) => request.workspace as WorkspaceAccess;
  const caller = (request: FastifyRequest) => request.caller as Caller;
  const view = (site: Parameters<typeof siteViewOf>[0]) => siteViewOf(site, config.SITES_ORIGIN);
  const tags = ['sites'];

  routes.post(
    '/workspaces/:workspaceId/sites',
    {
      config: { ...need('sites:edit'), idempotency: workspaceIdempotency },
      schema: {
        tags,
        summary: 'Creates a site from a prompt; answers at once with the site and the generation that builds it',
        params: workspaceParams,
        body: contract.createSiteBody,
        response: { 202: z.object({ site: contract.siteViewSchema, generation: generationSchema }) },
      },
    },
    async (request, reply) => {
      const { site, generation } = await createSiteFromPrompt(flows, { workspaceId: access(request).id, brief: request.body.prompt, userId: caller(request).userId });
      return reply.code(202).send({ site: view(site), generation });
    },
  );

  routes.get(
    '/workspaces/:workspaceId/sites',
    { config: need('sites:read'), schema: { tags, summary: 'The workspace’s sites, last changed first', params: workspaceParams, response: { 200: contract.siteListSchema } } },
    async (request) => ({ items: (await db.tenant(access(request).id, (tx) => siteStore.list(tx))).map(view) }),
  );

  routes.get(
    '/workspaces/:workspaceId/sites/:siteId',
    { config: need('sites:read'), schema: { tags, summary: 'A site with its current document', params: siteParams, response: { 200: contract.siteWithDocumentSchema } } },
    async (request) =>
      db.tenant(access(request).id, async (tx) => {
        const site = await siteStore.find(tx, request.params.siteId);
        if (!site.currentRevisionId) return { site: view(site), revision: null, document: null };
        const revision = await siteStore.revision(tx, site.id, site.currentRevisionId);
        return { site: view(site), revision: revisionSummaryOf(revision), document: revision.document };
      }),
  );

  routes.delete(
    '/workspaces/:workspaceId/sites/:siteId',
    { config: need('sites:publish'), schema: { tags, summary: 'Deletes a site; it goes offline at once', params: siteParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await deleteSite(flows, access(request).id, request.params.siteId);
      return reply.code(204).send(null);
    },
  );

  routes.post(
    '/workspaces/:workspaceId/sites/:siteId/edits',
    {
      config: need('sites:edit'),
      schema: {
        tags,
        summary: 'Applies edits to the revision they were made on; 409 when someone changed the site since',
        params: siteParams,
        body: contract.editSiteBody,
        response: { 200: z.object({ revision: contract.revisionSummarySchema, document: contract.siteDocumentSchema }) },
      },
    },
    async (request) => {
      const { revision, document } = await editSite(flows, { workspaceId: access(request).id, siteId: request.params.siteId, ...request.body, userId: caller(request).userId });
      return { revision: revisionSummaryOf(revision), document };
    },
  );

  routes.get(
    '/workspaces/:workspaceId/sites/:siteId/revisions',
    { config: need('sites:read'), schema: { tags, summary: 'The site’s revisions, newest first', params: siteParams, querystring: listQuery, response: { 200: contract.revisionListSchema } } },
    async (request) => {
      const cursor = request.query.cursor === undefined ? undefined : Number(request.query.cursor);
      if (cursor !== undefined && !Number.isSafeInteger(cursor)) throw new AppError('invalid_input', 'The cursor is not one this API gave out', { field: 'cursor' });
      const page = await db.tenant(access(request).id, async (tx) => {
        await siteStore.find(tx, request.params.siteId);
        return siteStore.revisions(tx, request.params.siteId, { limit: request.query.limit, cursor });
      });
      return { items: page.items.map(revisionSummaryOf), nextCursor: page.nextCursor };
    },
  );

  routes.get(
    '/workspaces/:workspaceId/sites/:siteId/revisions/:revisionId',
    { config: need('sites:read'), schema: { tags, summary: 'One revision with its document', params: siteParams.extend({ revisionId: z.uuid() }), response: { 200: contract.revisionSchema } } },
    async (request) => {
      const revision = await db.tenant(access(request).id, (tx) => siteStore.revision(tx, request.params.siteId, request.params.revisionId));
      return { ...revisionSummaryOf(revision), document: revision.document };
    },
  );

  routes.post(
    '/workspaces/:workspaceId/sites/:siteId/revert',
    {
      config: need('sites:edit'),
      schema: { tags, summary: 'Makes an earlier revision current again (as a new revision)', params: siteParams, body: contract.revertSiteBody, response: { 200: z.object({ revision: contract.revisionSummarySchema, document: contract.siteDocumentSchema }) } },
    },
    async (request) => {
      const { revision, document } = await revertSite(flows, { workspaceId: access(request).id, siteId: request.params.siteId, ...request.body, userId: caller(request).userId });
      return { revision: revisionSummaryOf(revision), document };
    },
  );

  routes.post(
    '/workspaces/:workspaceId/sites/:siteId/publish',
    { config: need('sites:publish'), schema: { tags, summary: 'Publishes the current revision at the site’s public URL', params: siteParams, response: { 200: contract.siteViewSchema } } },
    async (request) => view(await publishSite(flows, access(request).id, request.params.siteId)),
  );

  routes.post(
    '/workspaces/:workspaceId/sites/:siteId/unpublish',
    { config: need('sites:publish'), schema: { tags, summary: 'Takes the site offline (its address stays reserved)', params: siteParams, response: { 200: contract.siteViewSchema } } },
    async (request) => view(await unpublishSite(flows, access(request).id, request.params.siteId)),
  );

  routes.get(
    '/workspaces/:workspaceId/sites/:siteId/preview',
    {
      config: need('sites:read'),
      schema: { tags, summary: 'A page rendered as a self-contained HTML document (no script) for a sandboxed preview frame', params: siteParams, querystring: contract.previewQuery, response: { 200: contract.previewSchema } },
    },
    async (request) =>
      db.tenant(access(request).id, async (tx) => {
        const site = await siteStore.find(tx, request.params.siteId);
        const revisionId = request.query.revisionId ?? site.currentRevisionId;
        if (!revisionId) throw new AppError('conflict', 'This site is still being generated');
        const { document } = await siteStore.revision(tx, site.id, revisionId);
        if (!document.pages.some((page) => page.slug === request.query.page)) throw new AppError('not_found', 'No such page on this site');
        const page = renderPage(document, request.query.page, { basePath: `/${site.slug}/`, stylesheetHref: null, scriptSrc: null, formAction: null, beaconUrl: null, annotateSections: true, noIndex: true });
        return { html: page.html, title: page.title };
      }),
  );

  routes.post(
    '/workspaces/:workspaceId/sites/:siteId/sections/:sectionId/regenerate',
    {
      config: { ...need('sites:edit'), idempotency: workspaceIdempotency },
      schema: { tags, summary: 'Rewrites one section following an instruction (a generation; the result becomes a new revision)', params: siteParams.extend({ sectionId: z.string().max(64) }), body: contract.regenerateSectionBody, response: { 202: generationSchema } },
    },
    async (request, reply) => {
      const generation = await regenerateSection(flows, { workspaceId: access(request).id, siteId: request.params.siteId, sectionId: request.params.sectionId, instruction: request.body.instruction, userId: caller(request).userId });
      return reply.code(202).send(generation);
    },
  );

  routes.post(
    '/workspaces/:workspaceId/sites/:siteId/pages/:pageId/sections',
    {
      config: { ...need('sites:edit'), idempotency: workspaceIdempotency },
      schema: { tags, summary: 'Adds a section of a chosen type, written to fit the site (a generation)', params: siteParams.extend({ pageId: z.string().max(64) }), body: contract.addSectionBody, response: { 202: generationSchema } },
    },
    async (request, reply) => {
      const generation = await addGeneratedSection(flows, { workspaceId: access(request).id, siteId: request.params.siteId, pageId: request.params.pageId, type: request.body.type, index: request.body.index, userId: caller(request).userId });
      return reply.code(202).send(generation);
    },
  );

  routes.get(
    '/workspaces/:workspaceId/sites/:siteId/submissions',
    { config: need('sites:read'), schema: { tags, summary: 'What visitors sent through the site’s contact forms, newest first', params: siteParams, querystring: listQuery, response: { 200: contract.formSubmissionListSchema } } },
    async (request) => {
      const { cursor, limit } = request.query;
      if (cursor && !isUuid(cursor)) throw new AppError('invalid_input', 'The cursor is not one this API gave out', { field: 'cursor' });
      const rows = await db.tenant(access(request).id, async (tx) => {
        await siteStore.find(tx, request.params.siteId);
        return tx
          .select()
          .from(formSubmissions)
          .where(and(eq(formSubmissions.siteId, request.params.siteId), cursor ? lt(formSubmissions.id, cursor) : undefined))
          .orderBy(desc(formSubmissions.id))
          .limit(limit + 1);
      });
      return pageOf(rows, limit, (row) => ({ id: row.id, page: row.page, name: row.name, email: row.email, message: row.message, createdAt: row.createdAt.toISOString() }));
    },
  );
}
