import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { request } from '../../api/client.ts';
import { generation as generationContract, sites as contract } from '../../api/site-contracts.ts';

/** The sites API (src/modules/sites/contract.ts) and the generations that build them (src/modules/generation/contract.ts). */

export type SiteView = z.output<typeof contract.siteViewSchema>;
export type SiteDocument = z.output<typeof contract.siteDocumentSchema>;
export type SitePage = SiteDocument['pages'][number];
export type Section = z.output<typeof contract.sectionSchema>;
export type SectionType = Section['type'];
export type Theme = z.output<typeof contract.themeSchema>;
export type RevisionSummary = z.output<typeof contract.revisionSummarySchema>;
export type SiteWithDocument = z.output<typeof contract.siteWithDocumentSchema>;
export type SiteOperation = z.input<typeof contract.siteOperationSchema>;
export type Generation = z.output<typeof generationContract.generationSchema>;
export type FormSubmission = z.output<typeof contract.formSubmissionSchema>;

export const { sectionPropsSchemas, sectionTypeLabels, sectionTypes, fontPairings, fontPairingNames } = contract;

const ws = (workspaceId: string) => `/api/workspaces/${encodeURIComponent(workspaceId)}`;
const site = (workspaceId: string, siteId: string) => `${ws(workspaceId)}/sites/${encodeURIComponent(siteId)}`;

export const keys = {
  sites: (workspaceId: string) => ['workspace', workspaceId, 'sites'] as const,
  site: (workspaceId: string, siteId: string) => ['workspace', workspaceId, 'sites', siteId] as const,
  preview: (workspaceId: string, siteId: string, page: string, revisionId: string | null) => ['workspace', workspaceId, 'sites', siteId, 'preview', page, revisionId] as const,
  revisions: (workspaceId: string, siteId: string) => ['workspace', workspaceId, 'sites', siteId, 'revisions'] as const,
  submissions: (workspaceId: string, siteId: string) => ['workspace', workspaceId, 'sites', siteId, 'submissions'] as const,
  generation: (workspaceId: string, generationId: string) => ['workspace', workspaceId, 'generations', generationId] as const,
  tasks: (workspaceId: string) => ['workspace', workspaceId, 'generation-tasks'] as const,
};

export const isFinished = (generation: Generation) => generation.status === 'succeeded' || generation.status === 'failed' || generation.status === 'cancelled';

export const sitesQuery = (workspaceId: string) =>
  queryOptions({ queryKey: keys.sites(workspaceId), queryFn: () => request('GET', `${ws(workspaceId)}/sites`, { schema: contract.siteListSchema }) });

export const siteQuery = (workspaceId: string, siteId: string) =>
  // The editor keeps its own copy while open; coming back to the tab need not fetch it again.
  queryOptions({ queryKey: keys.site(workspaceId, siteId), queryFn: () => sites.get(workspaceId, siteId), staleTime: 30_000 });

export const previewQuery = (workspaceId: string, siteId: string, page: string, revisionId: string | null) =>
  queryOptions({
    queryKey: keys.preview(workspaceId, siteId, page, revisionId),
    queryFn: () => request('GET', `${site(workspaceId, siteId)}/preview`, { query: { page, revisionId }, schema: contract.previewSchema }),
    staleTime: Infinity,
  });

export const revisionsQuery = (workspaceId: string, siteId: string) =>
  queryOptions({ queryKey: keys.revisions(workspaceId, siteId), queryFn: () => request('GET', `${site(workspaceId, siteId)}/revisions`, { query: { limit: 50 }, schema: contract.revisionListSchema }) });

export const submissionsQuery = (workspaceId: string, siteId: string) =>
  queryOptions({ queryKey: keys.submissions(workspaceId, siteId), queryFn: () => request('GET', `${site(workspaceId, siteId)}/submissions`, { query: { limit: 50 }, schema: contract.formSubmissionListSchema }) });

/** A generation's record. Followed by its event stream (below); asked again every 2 s only when that is not possible. */
export const generationQuery = (workspaceId: string, generationId: string, poll: boolean) =>
  queryOptions({
    queryKey: keys.generation(workspaceId, generationId),
    queryFn: () => request('GET', `${ws(workspaceId)}/generations/${encodeURIComponent(generationId)}`, { schema: generationContract.generationSchema }),
    refetchInterval: (query) => (!poll || (query.state.data && isFinished(query.state.data)) ? false : 2000),
  });

/**
 * Follows a generation by Server-Sent Events (one request for its whole life, not one per poll:
 * the plan's requests-per-minute counts the dashboard too). Calls `onRecord` with each record;
 * `onBroken` when the stream cannot be followed, so the caller falls back to polling.
 */
export function followGeneration(workspaceId: string, generationId: string, onRecord: (generation: Generation) => void, onBroken: () => void): () => void {
  const source = new EventSource(`${ws(workspaceId)}/generations/${encodeURIComponent(generationId)}/stream`);
  let ended = false;
  source.addEventListener('generation', (event) => {
    const parsed = generationContract.generationSchema.safeParse(JSON.parse((event as MessageEvent<string>).data));
    if (!parsed.success) return;
    onRecord(parsed.data);
    if (isFinished(parsed.data)) {
      ended = true;
      source.close();
    }
  });
  source.addEventListener('error', () => {
    source.close();
    if (!ended) onBroken();
  });
  return () => {
    ended = true;
    source.close();
  };
}

/** The credits each task sets aside: shown before an AI action runs. */
export const tasksQuery = (workspaceId: string) =>
  queryOptions({ queryKey: keys.tasks(workspaceId), queryFn: () => request('GET', `${ws(workspaceId)}/generation/tasks`, { schema: generationContract.taskListSchema }), staleTime: 60_000 });

const changed = z.object({ revision: contract.revisionSummarySchema, document: contract.siteDocumentSchema });

export const sites = {
  get: (workspaceId: string, siteId: string) => request('GET', site(workspaceId, siteId), { schema: contract.siteWithDocumentSchema }),
  create: (workspaceId: string, body: z.input<typeof contract.createSiteBody>) =>
    request('POST', `${ws(workspaceId)}/sites`, { body, schema: z.object({ site: contract.siteViewSchema, generation: generationContract.generationSchema }) }),
  edit: (workspaceId: string, siteId: string, body: z.input<typeof contract.editSiteBody>) => request('POST', `${site(workspaceId, siteId)}/edits`, { body, schema: changed }),
  revert: (workspaceId: string, siteId: string, body: z.input<typeof contract.revertSiteBody>) => request('POST', `${site(workspaceId, siteId)}/revert`, { body, schema: changed }),
  publish: (workspaceId: string, siteId: string) => request('POST', `${site(workspaceId, siteId)}/publish`, { schema: contract.siteViewSchema }),
  unpublish: (workspaceId: string, siteId: string) => request('POST', `${site(workspaceId, siteId)}/unpublish`, { schema: contract.siteViewSchema }),
  remove: (workspaceId: string, siteId: string) => request('DELETE', site(workspaceId, siteId)),
  regenerateSection: (workspaceId: string, siteId: string, sectionId: string, body: z.input<typeof contract.regenerateSectionBody>) =>
    request('POST', `${site(workspaceId, siteId)}/sections/${encodeURIComponent(sectionId)}/regenerate`, { body, schema: generationContract.generationSchema }),
  addSection: (workspaceId: string, siteId: string, pageId: string, body: z.input<typeof contract.addSectionBody>) =>
    request('POST', `${site(workspaceId, siteId)}/pages/${encodeURIComponent(pageId)}/sections`, { body, schema: generationContract.generationSchema }),
};

export const createSiteBody = contract.createSiteBody;
export const regenerateSectionBody = contract.regenerateSectionBody;
export const pageSlugSchema = contract.pageSlugSchema;
