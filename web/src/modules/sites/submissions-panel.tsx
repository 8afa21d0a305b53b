import { useQuery } from '@tanstack/react-query';
import { Inbox } from 'lucide-react';
import { formatDateTime, formatRelative } from '../../ui/format.ts';
import { EmptyState, ErrorState, LoadingRows } from '../../ui/states.tsx';
import { submissionsQuery } from './api.ts';

/** What visitors sent through the site's contact forms, newest first. */
export function SubmissionsPanel({ workspaceId, siteId }: { workspaceId: string; siteId: string }) {
  const submissions = useQuery({ ...submissionsQuery(workspaceId, siteId), refetchOnMount: 'always', refetchInterval: 15_000 });
  if (submissions.isPending) return <LoadingRows rows={3} label="Loading messages…" />;
  if (submissions.error) return <ErrorState error={submissions.error} onRetry={() => void submissions.refetch()} />;
  if (submissions.data.items.length === 0)
    return (
      <EmptyState icon={<Inbox aria-hidden="true" />} title="No messages yet">
        When visitors send the contact form on the published site, their messages appear here.
      </EmptyState>
    );
  return (
    <ul className="space-y-2" aria-label="Form submissions">
      {submissions.data.items.map((submission) => (
        <li key={submission.id} className="rounded-lg border border-line p-3">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <p className="text-sm font-medium text-ink">{submission.name}</p>
            <time className="text-xs text-ink-3" dateTime={submission.createdAt} title={formatDateTime(submission.createdAt)}>
              {formatRelative(submission.createdAt)}
            </time>
          </div>
          <a href={`mailto:${submission.email}`} className="text-[13px] text-accent-ink hover:underline">
            {submission.email}
          </a>
          <p className="mt-1.5 text-sm whitespace-pre-line text-ink-2">{submission.message}</p>
          <p className="mt-1 font-mono text-xs text-ink-3">from /{submission.page}</p>
        </li>
      ))}
    </ul>
  );
}
