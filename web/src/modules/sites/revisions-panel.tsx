import { useQuery } from '@tanstack/react-query';
import { Eye, History, RotateCcw } from 'lucide-react';
import { Badge } from '../../ui/badge.tsx';
import { Button } from '../../ui/button.tsx';
import { formatDateTime, formatRelative } from '../../ui/format.ts';
import { EmptyState, ErrorState, LoadingRows } from '../../ui/states.tsx';
import { revisionsQuery, type RevisionSummary } from './api.ts';

export const causeLabels: Record<RevisionSummary['cause'], string> = {
  generated: 'Generated from the prompt',
  edited: 'Edited',
  section_regenerated: 'Section rewritten by AI',
  section_added: 'Section added by AI',
  reverted: 'Restored an earlier version',
};

/** Every saved version of the site, newest first: look at one, or make it current again. */
export function RevisionsPanel({
  workspaceId,
  siteId,
  currentRevisionId,
  publishedRevisionId,
  previewing,
  userId,
  onPreview,
  onRevert,
  canEdit,
}: {
  workspaceId: string;
  siteId: string;
  currentRevisionId: string;
  publishedRevisionId: string | null;
  previewing: string | null;
  userId: string;
  onPreview: (revision: RevisionSummary | null) => void;
  onRevert: (revision: RevisionSummary) => void;
  canEdit: boolean;
}) {
  const revisions = useQuery(revisionsQuery(workspaceId, siteId));
  if (revisions.isPending) return <LoadingRows rows={4} label="Loading history…" />;
  if (revisions.error) return <ErrorState error={revisions.error} onRetry={() => void revisions.refetch()} />;
  if (revisions.data.items.length === 0) return <EmptyState icon={<History aria-hidden="true" />} title="No versions yet" />;
  return (
    <ol className="space-y-2" aria-label="Versions, newest first">
      {revisions.data.items.map((revision) => {
        const current = revision.id === currentRevisionId;
        const author = revision.authorId === null ? 'Atelier' : revision.authorId === userId ? 'You' : 'Another member';
        return (
          <li key={revision.id} className={`rounded-lg border p-3 ${previewing === revision.id ? 'border-accent bg-accent-soft/50' : 'border-line'}`}>
            <div className="flex flex-wrap items-center gap-1.5">
              <span className="text-sm font-medium text-ink">#{revision.number}</span>
              <span className="text-sm text-ink-2">{causeLabels[revision.cause]}</span>
              {current ? <Badge tone="accent">Current</Badge> : null}
              {revision.id === publishedRevisionId ? <Badge tone="success">Published</Badge> : null}
            </div>
            <p className="mt-0.5 text-xs text-ink-3">
              {author} · <time dateTime={revision.createdAt} title={formatDateTime(revision.createdAt)}>{formatRelative(revision.createdAt)}</time>
            </p>
            {!current ? (
              <div className="mt-2 flex gap-1">
                <Button size="sm" variant="ghost" icon={<Eye aria-hidden="true" />} onClick={() => onPreview(previewing === revision.id ? null : revision)} aria-pressed={previewing === revision.id}>
                  {previewing === revision.id ? 'Stop previewing' : 'Preview'}
                </Button>
                {canEdit ? (
                  <Button size="sm" variant="ghost" icon={<RotateCcw aria-hidden="true" />} onClick={() => onRevert(revision)}>
                    Restore
                  </Button>
                ) : null}
              </div>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
