import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { Laptop, MonitorSmartphone } from 'lucide-react';
import { identity as contract } from '../../api/contracts.ts';
import { messageOf } from '../../api/client.ts';
import { useMe } from '../../app/current.ts';
import { Alert } from '../../ui/alert.tsx';
import { Badge } from '../../ui/badge.tsx';
import { Button } from '../../ui/button.tsx';
import { Card, CardHeader } from '../../ui/card.tsx';
import { TextField } from '../../ui/field.tsx';
import { describeUserAgent, formatDate, formatRelative } from '../../ui/format.ts';
import { useZodForm } from '../../ui/form.ts';
import { PageHeader, useDocumentTitle } from '../../ui/page.tsx';
import { EmptyState, ErrorState, LoadingRows } from '../../ui/states.tsx';
import { useToast } from '../../ui/toast.tsx';
import { account, keys, meQuery, sessionsQuery, type Session } from './api.ts';

export function AccountPage() {
  useDocumentTitle('Account');
  const me = useMe();
  return (
    <>
      <PageHeader title="Account" description={`${me.user.email} · member since ${formatDate(me.user.createdAt)}`} />
      <div className="space-y-6">
        <Sessions />
        <div className="grid gap-6 lg:grid-cols-2">
          <Profile key={me.user.name} name={me.user.name} />
          <Password />
        </div>
      </div>
    </>
  );
}

function Profile({ name }: { name: string }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const form = useZodForm(contract.updateProfileRequest, { name }, { name: 'Name' });
  const submit = form.handleSubmit(async (body) => {
    await account.updateProfile(body);
    await queryClient.invalidateQueries({ queryKey: meQuery.queryKey });
    toast('Name saved');
  });
  return (
    <Card aria-labelledby="profile-heading">
      <CardHeader id="profile-heading" title="Profile" description="How the people you work with see you." />
      <form ref={form.formRef} onSubmit={submit} noValidate className="space-y-4 p-5">
        <TextField label="Name" autoComplete="name" required {...form.field('name')} />
        {form.failure ? <Alert tone="error">{messageOf(form.failure)}</Alert> : null}
        <div className="flex justify-end">
          <Button type="submit" variant="primary" busy={form.submitting} disabled={form.values.name.trim() === name}>
            Save name
          </Button>
        </div>
      </form>
    </Card>
  );
}

function Password() {
  const toast = useToast();
  const queryClient = useQueryClient();
  const form = useZodForm(contract.changePasswordRequest, { currentPassword: '', newPassword: '' }, { currentPassword: 'Current password', newPassword: 'New password' });
  const submit = form.handleSubmit(async (body) => {
    await account.changePassword(body);
    form.reset();
    await queryClient.invalidateQueries({ queryKey: keys.sessions });
    toast('Password changed; your other sessions were signed out');
  });
  return (
    <Card aria-labelledby="password-heading">
      <CardHeader id="password-heading" title="Password" description="Changing it signs out your other sessions." />
      <form ref={form.formRef} onSubmit={submit} noValidate className="space-y-4 p-5">
        <TextField label="Current password" type="password" autoComplete="current-password" required {...form.field('currentPassword')} />
        <TextField label="New password" type="password" autoComplete="new-password" required description="At least 10 characters." {...form.field('newPassword')} />
        {form.failure ? <Alert tone="error">{messageOf(form.failure)}</Alert> : null}
        <div className="flex justify-end">
          <Button type="submit" variant="primary" busy={form.submitting}>
            Change password
          </Button>
        </div>
      </form>
    </Card>
  );
}

function Sessions() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const toast = useToast();
  const list = useQuery(sessionsQuery);
  const revoke = useMutation({
    mutationFn: (session: Session) => account.revokeSession(session.id),
    onSuccess: async (_answer, session) => {
      if (session.current) {
        queryClient.clear();
        queryClient.setQueryData(meQuery.queryKey, null);
        await navigate({ to: '/login' });
        return;
      }
      await queryClient.invalidateQueries({ queryKey: keys.sessions });
      toast(`Signed out ${describeUserAgent(session.userAgent)}`);
    },
    onError: (error) => toast(messageOf(error), 'error'),
  });
  return (
    <Card aria-labelledby="sessions-heading">
      <CardHeader id="sessions-heading" title="Sessions" description="Where you are logged in. Sign out any device you do not recognise." />
      {list.isPending ? (
        <LoadingRows rows={2} label="Loading sessions" />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <EmptyState icon={<Laptop />} title="No sessions" />
      ) : (
        <ul className="divide-y divide-line">
          {list.data.items.map((session) => (
            <li key={session.id} className="flex flex-wrap items-center gap-x-4 gap-y-2 px-5 py-3.5">
              <div className="flex min-w-0 flex-1 basis-64 items-center gap-3">
                <div className="flex size-8 shrink-0 items-center justify-center rounded-md bg-subtle text-ink-3">
                  <MonitorSmartphone className="size-4" aria-hidden="true" />
                </div>
                <div className="min-w-0">
                  <p className="flex items-center gap-2 text-sm font-medium text-ink">
                    {describeUserAgent(session.userAgent)}
                    {session.current ? <Badge tone="success">This device</Badge> : null}
                  </p>
                  <p className="text-[13px] text-ink-3">
                    Signed in {formatDate(session.createdAt)} · active {formatRelative(session.lastSeenAt)}
                  </p>
                </div>
              </div>
              <Button
                size="sm"
                variant="danger-ghost"
                busy={revoke.isPending && revoke.variables.id === session.id}
                onClick={() => revoke.mutate(session)}
                aria-label={session.current ? 'Log out of this device' : `Sign out ${describeUserAgent(session.userAgent)}, signed in ${formatDate(session.createdAt)}`}
              >
                {session.current ? 'Log out' : 'Sign out'}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
