import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Check, Circle, CircleAlert } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { Alert } from '../../ui/alert.tsx';
import { Spinner } from '../../ui/spinner.tsx';
import { formatNumber } from '../../ui/format.ts';
import { followGeneration, generationQuery, isFinished, keys, tasksQuery, type Generation } from './api.ts';

/**
 * Follows a generation until it ends (polling its record) and shows its steps: the attempts so
 * far, the step in progress and how far along it is. `onFinished` runs once, with the final record.
 */
export function GenerationProgress({ workspaceId, generationId, onFinished, compact }: { workspaceId: string; generationId: string; onFinished?: (generation: Generation) => void; compact?: boolean }) {
  const queryClient = useQueryClient();
  const [poll, setPoll] = useState(false);
  const { data: generation, error } = useQuery(generationQuery(workspaceId, generationId, poll));
  useEffect(
    () =>
      followGeneration(
        workspaceId,
        generationId,
        (record) => queryClient.setQueryData(keys.generation(workspaceId, generationId), record),
        () => setPoll(true),
      ),
    [queryClient, workspaceId, generationId],
  );
  const reported = useRef(false);
  // The steps the task has reported so far (its progress line changes as it goes).
  const [seen, setSeen] = useState<string[]>([]);
  const step = generation?.progress?.step;
  useEffect(() => {
    if (step) setSeen((current) => (current.includes(step) ? current : [...current, step]));
  }, [step]);
  useEffect(() => {
    if (generation && isFinished(generation) && !reported.current) {
      reported.current = true;
      onFinished?.(generation);
    }
  }, [generation, onFinished]);

  if (error) return <Alert tone="error">Could not follow the generation. Reload the page to see where it is.</Alert>;
  if (!generation) return <p role="status" className="flex items-center gap-2 text-sm text-ink-3"><Spinner /> Starting…</p>;

  const progress = generation.progress;
  const percent = generation.status === 'succeeded' ? 100 : progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : 5;
  const finished = isFinished(generation);
  const done = finished ? seen : seen.slice(0, -1);
  const label = generation.status === 'queued' ? 'Waiting for a free worker…' : generation.status === 'running' ? (progress?.step ?? 'Starting…') : generation.status === 'succeeded' ? 'Done' : generation.status === 'cancelled' ? 'Cancelled' : 'It did not work';

  return (
    <div className="space-y-3">
      <div className="flex items-center justify-between gap-3 text-sm">
        <p className="flex items-center gap-2 font-medium text-ink" role="status" aria-live="polite">
          {finished ? null : <Spinner />}
          {label}
        </p>
        <span className="text-ink-3 tabular-nums">{percent}%</span>
      </div>
      <div className="h-2 overflow-hidden rounded-full bg-subtle" role="progressbar" aria-label="Generation progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
        <div className="h-full rounded-full bg-accent transition-[width] duration-500" style={{ width: `${percent}%` }} />
      </div>
      {generation.status === 'failed' || generation.status === 'cancelled' ? (
        <Alert tone="error" title="The generation stopped">
          {generation.error?.message ?? 'It was cancelled.'} Its credits were given back.
        </Alert>
      ) : null}
      {!compact && done.length > 0 ? (
        <ol className="space-y-1.5 text-sm" aria-label="Steps">
          {done.map((text) => (
            <li key={text} className="flex items-center gap-2 text-ink-2">
              <Check className="size-4 text-success-ink" aria-hidden="true" />
              {text}
            </li>
          ))}
          {!finished && progress ? (
            <li className="flex items-center gap-2 text-ink-3">
              <Circle className="size-4" aria-hidden="true" />
              {progress.step}…
            </li>
          ) : null}
        </ol>
      ) : null}
      {generation.status === 'succeeded' && generation.creditsCharged !== null ? <p className="text-[13px] text-ink-3">Used {formatNumber(generation.creditsCharged)} credits.</p> : null}
    </div>
  );
}

/** "Uses up to 12 credits" for a task, from what the server sets aside for it. */
export function CreditEstimate({ workspaceId, task }: { workspaceId: string; task: string }) {
  const { data, error } = useQuery(tasksQuery(workspaceId));
  const estimate = data?.items.find((item) => item.name === task)?.estimatedCredits;
  if (error) return <span className="inline-flex items-center gap-1 text-[13px] text-ink-3"><CircleAlert className="size-3.5" aria-hidden="true" />Cost unknown</span>;
  if (estimate === undefined) return <span className="text-[13px] text-ink-3">Working out the cost…</span>;
  return <span className="text-[13px] text-ink-3">Uses at most {formatNumber(estimate)} credits</span>;
}
