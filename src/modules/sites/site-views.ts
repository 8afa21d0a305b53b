import type { RevisionRow, SiteRow } from './site-store.ts';
import { publicUrlOf } from './site-flows.ts';
import type { SiteView } from './contract.ts';

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function siteViewOf(site: SiteRow, sitesOrigin: string): SiteView {
  return {
    id: site.id,
    name: site.name,
    slug: site.slug,
    status: !site.currentRevisionId ? 'generating' : site.publishedRevisionId ? 'published' : 'draft',
    publicUrl: publicUrlOf(sitesOrigin, site.slug),
    brief: site.brief,
    currentRevisionId: site.currentRevisionId,
    publishedRevisionId: site.publishedRevisionId,
    publishedAt: iso(site.publishedAt),
    generationId: site.generationId,
    createdAt: site.createdAt.toISOString(),
    updatedAt: site.updatedAt.toISOString(),
  };
}

export function revisionSummaryOf(revision: Pick<RevisionRow, 'id' | 'number' | 'cause' | 'authorId' | 'basedOn' | 'revertedTo' | 'createdAt'>) {
  return {
    id: revision.id,
    number: revision.number,
    cause: revision.cause,
    authorId: revision.authorId,
    basedOn: revision.basedOn,
    revertedTo: revision.revertedTo,
    createdAt: revision.createdAt.toISOString(),
  };
}
