import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { newId } from '../../platform/db/new-id.ts';
import type { GenerationView } from '../generation/contract.ts';
import { requestGeneration, type GenerationParts } from '../generation/index.ts';
import type { Database } from '../../platform/db/database.ts';
import type { Tx } from '../../platform/db/tenancy.ts';
import { isUniqueViolation } from '../../platform/db/unique-violation.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { appendEvent } from '../../platform/events/append-event.ts';
import type { JobQueue } from '../../platform/jobs/define-job.ts';
import type { Limits } from '../../platform/module.ts';
import type { SectionType, SiteDocument, SiteOperationInput } from './contract.ts';
import { siteCreated, siteDeleted, sitePublished, siteUnpublished } from './events.ts';
import { applyOperations, outlineFromDocument } from './site-document.ts';
import { siteStore, type SiteRow } from './site-store.ts';
import { sites } from './sites.schema.ts';
import { publicationChanges } from './publication-changes.ts';
import { sectionAdd, sectionRewrite, siteGenerate } from './site-tasks.ts';

export interface SiteFlows {
  db: Database;
  jobs: JobQueue;
  limits: Limits;
  generation: GenerationParts;
  sitesOrigin: string;
}

/** The site's public address: it never changes, whatever is published there. */
export const publicUrlOf = (sitesOrigin: string, slug: string) => `${sitesOrigin}/${slug}/`;

/** A readable, unguessable-enough slug from the brief's first words, with a random tail so two bakeries never collide. */
export function slugFromBrief(brief: string): string {
  const words = brief
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9\s-]/g, ' ')
    .split(/\s+/)
    .filter((word) => word.length > 2 && !['the', 'and', 'for', 'that', 'with', 'our', 'who', 'which', 'site', 'website'].includes(word))
    .slice(0, 3);
  return [...(words.length > 0 ? words : ['site']), randomBytes(3).toString('hex')].join('-').slice(0, 60);
}

const stale = (site: SiteRow) =>
  new AppError('conflict', 'Someone changed this site since you loaded it: reload to see the latest version, then make your change again', {
    currentRevisionId: site.currentRevisionId,
  });

/** The site's current document, for a change based on `baseRevisionId`: refused with 409 when that is no longer current. */
async function currentFor(tx: Tx, siteId: string, baseRevisionId: string) {
  const site = await siteStore.lock(tx, siteId);
  if (!site.currentRevisionId) throw new AppError('conflict', 'This site is still being generated', { currentRevisionId: null });
  if (site.currentRevisionId !== baseRevisionId) throw stale(site);
  const current = await siteStore.revision(tx, siteId, site.currentRevisionId);
  return { site, document: current.document };
}

async function assertPages(flows: SiteFlows, workspaceId: string, before: SiteDocument, after: SiteDocument): Promise<void> {
  if (after.pages.length > before.pages.length) await flows.limits.assert(workspaceId, 'pagesPerSite', before.pages.length, after.pages.length - before.pages.length);
}

/**
 * A site from a prompt: the site exists at once (at its final public address) and a generation
 * builds its first revision. If the generation cannot start (credits, plan), the site is removed again.
 */
export async function createSiteFromPrompt(flows: SiteFlows, request: { workspaceId: string; brief: string; userId: string }): Promise<{ site: SiteRow; generation: GenerationView }> {
  const { db } = flows;
  const { workspaceId } = request;
  await flows.limits.assert(workspaceId, 'sites', await db.tenant(workspaceId, (tx) => siteStore.count(tx)), 1);
  const plan = await flows.generation.usage.plans.currentPlan(workspaceId);
  const id = newId();
  for (let attempt = 0; ; attempt++) {
    try {
      await db.tenant(workspaceId, (tx) => tx.insert(sites).values({ id, workspaceId, name: 'New site', slug: slugFromBrief(request.brief), brief: request.brief, createdBy: request.userId }));
      break;
    } catch (error) {
      if (!isUniqueViolation(error, 'sites_slug_idx') || attempt >= 3) throw error;
    }
  }
  let generation: GenerationView;
  try {
    generation = await requestGeneration(flows.generation, flows.jobs, flows.limits, {
      workspaceId,
      task: siteGenerate.name,
      input: { siteId: id, brief: request.brief, maxPages: Math.min(6, plan.limits.pagesPerSite) },
      requestedBy: request.userId,
    });
  } catch (error) {
    await db.tenant(workspaceId, (tx) => tx.delete(sites).where(eq(sites.id, id)));
    throw error;
  }
  const site = await db.tenant(workspaceId, async (tx) => {
    await tx.update(sites).set({ generationId: generation.id }).where(eq(sites.id, id));
    await appendEvent(tx, siteCreated, { workspaceId, payload: { siteId: id, generationId: generation.id } });
    return siteStore.find(tx, id);
  });
  return { site, generation };
}

/** Applies a member's operations to the revision they were looking at; a stale base is refused, never merged. */
export async function editSite(flows: SiteFlows, request: { workspaceId: string; siteId: string; baseRevisionId: string; operations: SiteOperationInput[]; userId: string }) {
  return flows.db.tenant(request.workspaceId, async (tx) => {
    const { site, document } = await currentFor(tx, request.siteId, request.baseRevisionId);
    const next = applyOperations(document, request.operations);
    await assertPages(flows, request.workspaceId, document, next);
    const revision = await siteStore.append(tx, site, { document: next, cause: 'edited', authorId: request.userId });
    return { revision, document: next };
  });
}

/** Makes an old revision's document current again, as a new revision (history is never rewritten). */
export async function revertSite(flows: SiteFlows, request: { workspaceId: string; siteId: string; baseRevisionId: string; revisionId: string; userId: string }) {
  return flows.db.tenant(request.workspaceId, async (tx) => {
    const { site, document } = await currentFor(tx, request.siteId, request.baseRevisionId);
    const target = await siteStore.revision(tx, request.siteId, request.revisionId);
    await assertPages(flows, request.workspaceId, document, target.document);
    const revision = await siteStore.append(tx, site, { document: target.document, cause: 'reverted', authorId: request.userId, revertedTo: target.id });
    return { revision, document: target.document };
  });
}

/** Publishes the current revision (a snapshot: later edits stay drafts until published again). */
export async function publishSite(flows: SiteFlows, workspaceId: string, siteId: string): Promise<SiteRow> {
  const published = await flows.db.tenant(workspaceId, async (tx) => {
    const site = await siteStore.lock(tx, siteId);
    if (!site.currentRevisionId) throw new AppError('conflict', 'This site is still being generated: publish it once it is ready');
    await tx.update(sites).set({ publishedRevisionId: site.currentRevisionId, publishedAt: new Date() }).where(eq(sites.id, siteId));
    await appendEvent(tx, sitePublished, { workspaceId, payload: { siteId, revisionId: site.currentRevisionId, url: publicUrlOf(flows.sitesOrigin, site.slug) } });
    return siteStore.find(tx, siteId);
  });
  publicationChanges.emit('changed', published.slug);
  return published;
}

export async function unpublishSite(flows: SiteFlows, workspaceId: string, siteId: string): Promise<SiteRow> {
  const unpublished = await flows.db.tenant(workspaceId, async (tx) => {
    const site = await siteStore.lock(tx, siteId);
    if (site.publishedRevisionId) {
      await tx.update(sites).set({ publishedRevisionId: null, publishedAt: null }).where(eq(sites.id, siteId));
      await appendEvent(tx, siteUnpublished, { workspaceId, payload: { siteId } });
    }
    return siteStore.find(tx, siteId);
  });
  publicationChanges.emit('changed', unpublished.slug);
  return unpublished;
}

/** Deletes a site: it goes offline at once; its revisions stay in the append-only history. */
export async function deleteSite(flows: SiteFlows, workspaceId: string, siteId: string): Promise<void> {
  const deleted = await flows.db.tenant(workspaceId, async (tx) => {
    const site = await siteStore.lock(tx, siteId);
    await tx.delete(sites).where(eq(sites.id, siteId));
    await appendEvent(tx, siteDeleted, { workspaceId, payload: { siteId } });
    return site;
  });
  publicationChanges.emit('changed', deleted.slug);
}

async function currentDocument(flows: SiteFlows, workspaceId: string, siteId: string) {
  return flows.db.tenant(workspaceId, async (tx) => {
    const site = await siteStore.find(tx, siteId);
    if (!site.currentRevisionId) throw new AppError('conflict', 'This site is still being generated');
    return { site, document: (await siteStore.revision(tx, siteId, site.currentRevisionId)).document };
  });
}

/** Regenerates one section with an instruction, through the generation layer; the result becomes a new revision. */
export async function regenerateSection(flows: SiteFlows, request: { workspaceId: string; siteId: string; sectionId: string; instruction: string; userId: string }): Promise<GenerationView> {
  const { site, document } = await currentDocument(flows, request.workspaceId, request.siteId);
  const section = document.pages.flatMap((page) => page.sections).find((candidate) => candidate.id === request.sectionId);
  if (!section) throw new AppError('not_found', 'No such section on this site');
  return requestGeneration(flows.generation, flows.jobs, flows.limits, {
    workspaceId: request.workspaceId,
    task: sectionRewrite.name,
    input: { siteId: site.id, section, instruction: request.instruction, brief: site.brief },
    requestedBy: request.userId,
  });
}

/** Adds a section of a chosen type, written to fit the site, at a position on a page. */
export async function addGeneratedSection(
  flows: SiteFlows,
  request: { workspaceId: string; siteId: string; pageId: string; type: SectionType; index: number | null; userId: string },
): Promise<GenerationView> {
  const { site, document } = await currentDocument(flows, request.workspaceId, request.siteId);
  const page = document.pages.find((candidate) => candidate.id === request.pageId);
  if (!page) throw new AppError('not_found', 'No such page on this site');
  return requestGeneration(flows.generation, flows.jobs, flows.limits, {
    workspaceId: request.workspaceId,
    task: sectionAdd.name,
    input: { siteId: site.id, pageId: page.id, index: request.index, type: request.type, brief: site.brief, outline: outlineFromDocument(document), pageSlug: page.slug },
    requestedBy: request.userId,
  });
}
