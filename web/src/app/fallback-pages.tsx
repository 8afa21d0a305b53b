import { Link, useRouter, type ErrorComponentProps } from '@tanstack/react-router';
import { Compass } from 'lucide-react';
import { buttonClass } from '../ui/button.tsx';
import { Spinner } from '../ui/spinner.tsx';
import { ErrorState } from '../ui/states.tsx';

export function NotFoundPage() {
  return (
    <div className="flex min-h-[60dvh] flex-col items-center justify-center px-6 text-center">
      <div className="mb-4 flex size-12 items-center justify-center rounded-full bg-subtle text-ink-3">
        <Compass className="size-6" aria-hidden="true" />
      </div>
      <h1 className="text-xl font-semibold text-ink">Page not found</h1>
      <p className="mt-2 max-w-sm text-sm text-ink-3">This page does not exist, or you do not have access to it (anymore).</p>
      <Link to="/" className={buttonClass('primary', 'md', 'mt-6')}>
        Go to your workspace
      </Link>
    </div>
  );
}

export function RootErrorPage({ error }: ErrorComponentProps) {
  const router = useRouter();
  return (
    <div className="flex min-h-[60dvh] items-center justify-center">
      <ErrorState error={error} onRetry={() => void router.invalidate()} />
    </div>
  );
}

export function PagePending() {
  return (
    <div className="flex min-h-[40dvh] items-center justify-center text-ink-3" role="status">
      <Spinner className="size-5" />
      <span className="sr-only">Loading…</span>
    </div>
  );
}
