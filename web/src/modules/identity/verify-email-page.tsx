import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useSearch } from '@tanstack/react-router';
import { CircleCheck } from 'lucide-react';
import { messageOf } from '../../api/client.ts';
import { AuthCard } from '../../app/auth-layout.tsx';
import { Alert } from '../../ui/alert.tsx';
import { buttonClass } from '../../ui/button.tsx';
import { useDocumentTitle } from '../../ui/page.tsx';
import { Spinner } from '../../ui/spinner.tsx';
import { auth, meQuery } from './api.ts';

/** Opened from the emailed link: /verify-email?token=… confirms the address at once. */
export function VerifyEmailPage() {
  useDocumentTitle('Confirm your email');
  const { token } = useSearch({ from: '/auth/verify-email' });
  const queryClient = useQueryClient();
  const me = useQuery(meQuery);
  // A query, not an effect: it runs once per token however often the page renders. It ends only
  // once /api/me has been read again after the confirmation, so the app never shows the "confirm
  // your email" banner after it. The page's own first read of /api/me may still be on its way,
  // read before the confirmation: it is cancelled first, because a refetch would wait for it
  // rather than replace it while the page has no answer yet (React Query cancels an in-flight
  // read for a refetch only once it has data).
  const verification = useQuery({
    queryKey: ['verify-email', token],
    queryFn: async () => {
      const verified = await auth.verifyEmail(token ?? '');
      await queryClient.cancelQueries({ queryKey: meQuery.queryKey });
      await queryClient.fetchQuery({ ...meQuery, staleTime: 0 });
      return verified;
    },
    enabled: Boolean(token),
    retry: false,
    staleTime: Infinity,
    gcTime: Infinity,
  });

  const onward = me.data ? (
    <Link to="/" className={buttonClass('primary', 'md', 'w-full')}>
      Continue to your workspace
    </Link>
  ) : (
    <Link to="/login" className={buttonClass('primary', 'md', 'w-full')}>
      Log in
    </Link>
  );

  if (!token) {
    return (
      <AuthCard title="This link is incomplete" description="Open the link from the email again. Signed in, you can ask for a new one from the banner at the top of the app.">
        {onward}
      </AuthCard>
    );
  }
  if (verification.isPending) {
    return (
      <AuthCard title="Confirming your email…">
        <div className="flex items-center gap-3 text-sm text-ink-3" role="status">
          <Spinner /> One moment.
        </div>
      </AuthCard>
    );
  }
  if (verification.isError) {
    return (
      <AuthCard title="This link did not work">
        <div className="space-y-4">
          <Alert tone="error">{messageOf(verification.error)}</Alert>
          <p className="text-sm text-ink-3">Links work once and for 48 hours. Signed in, you can ask for a new one from the banner at the top of the app.</p>
          {onward}
        </div>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Your email is confirmed">
      <div className="space-y-5">
        <p className="flex gap-3 text-sm leading-relaxed text-ink-2" role="status">
          <CircleCheck className="mt-0.5 size-5 shrink-0 text-success-ink" aria-hidden="true" />
          Thanks. You can now invite people and create API keys, and your free monthly credits are on their way.
        </p>
        {onward}
      </div>
    </AuthCard>
  );
}
