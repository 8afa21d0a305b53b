import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { messageOf } from '../../api/client.ts';
import { AuthCard } from '../../app/auth-layout.tsx';
import { Alert } from '../../ui/alert.tsx';
import { WorkspaceMark } from '../../ui/avatar.tsx';
import { Badge } from '../../ui/badge.tsx';
import { Button, buttonClass } from '../../ui/button.tsx';
import { formatDate } from '../../ui/format.ts';
import { useDocumentTitle } from '../../ui/page.tsx';
import { Skeleton } from '../../ui/states.tsx';
import { auth, invitations, meQuery } from './api.ts';
import { roleDescriptions, withArticle } from './permissions.ts';

/**
 * Opened from the emailed link: /invitations/accept?token=…. Shows what the invitation offers;
 * signed in with the invited address, one click joins; otherwise sign up or log in with that
 * address and come back here.
 */
export function AcceptInvitationPage() {
  useDocumentTitle('Join a workspace');
  const { token } = useSearch({ from: '/auth/invitations/accept' });
  const here = `/invitations/accept?token=${encodeURIComponent(token ?? '')}`;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useQuery(meQuery);
  const preview = useQuery({ queryKey: ['invitation-preview', token], queryFn: () => invitations.preview(token ?? ''), enabled: Boolean(token), retry: false });
  const accept = useMutation({
    mutationFn: () => invitations.accept(token ?? ''),
    onSuccess: async (workspace) => {
      await queryClient.fetchQuery({ ...meQuery, staleTime: 0 });
      await navigate({ to: '/w/$workspaceId', params: { workspaceId: workspace.id }, replace: true });
    },
  });
  const switchAccount = useMutation({
    mutationFn: auth.logOut,
    onSuccess: () => {
      queryClient.clear();
      queryClient.setQueryData(meQuery.queryKey, null);
    },
  });

  if (!token) {
    return (
      <AuthCard title="This link is incomplete" description="Open the invitation link from the email again.">
        <Link to="/" className={buttonClass('primary', 'md', 'w-full')}>
          Go to Atelier
        </Link>
      </AuthCard>
    );
  }
  if (preview.isPending || me.isPending) {
    return (
      <AuthCard title="Join a workspace">
        <div className="space-y-3" role="status" aria-label="Loading the invitation">
          <Skeleton className="h-12 w-full" />
          <Skeleton className="h-9 w-full" />
        </div>
      </AuthCard>
    );
  }
  if (preview.isError) {
    return (
      <AuthCard title="This invitation cannot be used">
        <div className="space-y-4">
          <Alert tone="error">{messageOf(preview.error)}</Alert>
          <p className="text-sm text-ink-3">It may have expired, been revoked or already accepted. Ask the person who invited you for a new one.</p>
          <Link to="/" className={buttonClass('secondary', 'md', 'w-full')}>
            Go to Atelier
          </Link>
        </div>
      </AuthCard>
    );
  }

  const offer = preview.data;
  const user = me.data?.user;
  const article = withArticle(offer.role).split(' ')[0];
  return (
    <AuthCard title={`Join ${offer.workspaceName}`} description={`${offer.invitedByName} invited ${offer.email} to work together on Atelier.`}>
      <div className="space-y-5">
        <div className="flex items-center gap-3 rounded-xl border border-line bg-subtle p-3.5">
          <WorkspaceMark name={offer.workspaceName} className="size-10 text-sm" />
          <div className="min-w-0 flex-1">
            <p className="truncate font-semibold text-ink">{offer.workspaceName}</p>
            <p className="text-[13px] text-ink-3">
              As {article} <Badge tone="accent">{offer.role}</Badge> · {roleDescriptions[offer.role]}
            </p>
          </div>
        </div>
        <p className="text-[13px] text-ink-3">The invitation is valid until {formatDate(offer.expiresAt)}.</p>

        {accept.isError ? <Alert tone="error">{messageOf(accept.error)}</Alert> : null}

        {user && user.email === offer.email ? (
          <Button variant="primary" className="w-full" busy={accept.isPending} onClick={() => accept.mutate()}>
            Accept and join {offer.workspaceName}
          </Button>
        ) : user ? (
          <div className="space-y-3">
            <Alert tone="warning">
              You are logged in as <strong>{user.email}</strong>, but the invitation is for <strong>{offer.email}</strong>.
            </Alert>
            <Button className="w-full" busy={switchAccount.isPending} onClick={() => switchAccount.mutate()}>
              Log out and continue as {offer.email}
            </Button>
          </div>
        ) : (
          <div className="space-y-2.5">
            <Link to="/signup" search={{ email: offer.email, next: here }} className={buttonClass('primary', 'md', 'w-full')}>
              Create an account to join
            </Link>
            <Link to="/login" search={{ email: offer.email, next: here }} className={buttonClass('secondary', 'md', 'w-full')}>
              I already have an account
            </Link>
          </div>
        )}
      </div>
    </AuthCard>
  );
}
