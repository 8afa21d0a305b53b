import { CircleAlert } from 'lucide-react';
import type { ReactNode } from 'react';
import { messageOf } from '../api/client.ts';
import { Button } from './button.tsx';
import { classNames } from './class-names.ts';

/** A grey block the shape of what is loading; `sr-only` text says so to screen readers. */
export function Skeleton({ className }: { className?: string }) {
  return <div className={classNames('animate-pulse rounded-md bg-subtle', className)} aria-hidden="true" />;
}

export function LoadingRows({ rows = 3, label = 'Loading…' }: { rows?: number; label?: string }) {
  return (
    <div className="divide-y divide-line" role="status" aria-live="polite">
      <span className="sr-only">{label}</span>
      {Array.from({ length: rows }, (_, index) => (
        <div key={index} className="flex items-center gap-3 px-5 py-4">
          <Skeleton className="size-8 rounded-full" />
          <div className="flex-1 space-y-2">
            <Skeleton className="h-3.5 w-1/3" />
            <Skeleton className="h-3 w-1/2" />
          </div>
        </div>
      ))}
    </div>
  );
}

export function EmptyState({ icon, title, children, action, className }: { icon?: ReactNode; title: ReactNode; children?: ReactNode; action?: ReactNode; className?: string }) {
  return (
    <div className={classNames('flex flex-col items-center px-6 py-12 text-center', className)}>
      {icon ? <div className="mb-3 flex size-11 items-center justify-center rounded-full bg-subtle text-ink-3 [&_svg]:size-5">{icon}</div> : null}
      <p className="text-sm font-semibold text-ink">{title}</p>
      {children ? <div className="mt-1 max-w-sm text-sm text-ink-3">{children}</div> : null}
      {action ? <div className="mt-4">{action}</div> : null}
    </div>
  );
}

/** What failed, in the server's words, with a way to try again. */
export function ErrorState({ error, onRetry, className }: { error: unknown; onRetry?: () => void; className?: string }) {
  return (
    <div role="alert" className={classNames('flex flex-col items-center px-6 py-10 text-center', className)}>
      <div className="mb-3 flex size-11 items-center justify-center rounded-full bg-danger-soft text-danger-ink">
        <CircleAlert className="size-5" aria-hidden="true" />
      </div>
      <p className="text-sm font-semibold text-ink">This could not be loaded</p>
      <p className="mt-1 max-w-sm text-sm text-ink-3">{messageOf(error)}</p>
      {onRetry ? (
        <Button className="mt-4" size="sm" onClick={onRetry}>
          Try again
        </Button>
      ) : null}
    </div>
  );
}
