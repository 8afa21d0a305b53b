import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { identity as contract } from '../../api/contracts.ts';
import { messageOf } from '../../api/client.ts';
import { useLeaveWorkspace, useMe, useWorkspace } from '../../app/current.ts';
import { Alert } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { Card, CardHeader } from '../../ui/card.tsx';
import { ConfirmDialog } from '../../ui/dialog.tsx';
import { TextField } from '../../ui/field.tsx';
import { formatDate } from '../../ui/format.ts';
import { useZodForm } from '../../ui/form.ts';
import { PageHeader, useDocumentTitle } from '../../ui/page.tsx';
import { useToast } from '../../ui/toast.tsx';
import { meQuery, members, workspaces, type Workspace } from './api.ts';
import { can, withArticle } from './permissions.ts';

export function SettingsPage() {
  const workspace = useWorkspace();
  useDocumentTitle('Settings', workspace.name);
  return (
    <>
      <PageHeader title="Settings" description={`Created ${formatDate(workspace.createdAt)} · you are ${withArticle(workspace.role)}`} />
      <div className="space-y-6">
        <GeneralSettings key={workspace.id} workspace={workspace} />
        <DangerZone workspace={workspace} />
      </div>
    </>
  );
}

function GeneralSettings({ workspace }: { workspace: Workspace }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const manage = can(workspace, 'workspace:manage');
  const schema = contract.createWorkspaceRequest.required();
  const form = useZodForm(schema, { name: workspace.name, slug: workspace.slug }, { name: 'Name', slug: 'URL name' });
  const unchanged = form.values.name.trim() === workspace.name && form.values.slug.trim() === workspace.slug;
  const submit = form.handleSubmit(async (body) => {
    await workspaces.update(workspace.id, { name: body.name === workspace.name ? undefined : body.name, slug: body.slug === workspace.slug ? undefined : body.slug });
    await queryClient.fetchQuery({ ...meQuery, staleTime: 0 });
    toast('Workspace settings saved');
  });
  return (
    <Card aria-labelledby="general-heading">
      <CardHeader id="general-heading" title="General" description={manage ? 'The name people see, and the short name used in URLs.' : 'Only owners and admins can change these.'} />
      <form ref={form.formRef} onSubmit={submit} noValidate className="space-y-4 p-5">
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField label="Name" required disabled={!manage} {...form.field('name')} />
          <TextField label="URL name" required disabled={!manage} spellCheck={false} description="3–40 lower-case letters, digits or dashes." {...form.field('slug')} />
        </div>
        {form.failure ? <Alert tone="error">{messageOf(form.failure)}</Alert> : null}
        {manage ? (
          <div className="flex justify-end">
            <Button type="submit" variant="primary" busy={form.submitting} disabled={unchanged}>
              Save changes
            </Button>
          </div>
        ) : null}
      </form>
    </Card>
  );
}

function DangerZone({ workspace }: { workspace: Workspace }) {
  const me = useMe();
  const toast = useToast();
  const [confirm, setConfirm] = useState<'leave' | 'delete' | null>(null);
  const canDelete = can(workspace, 'workspace:delete');
  const canLeave = workspace.role !== 'owner';

  const leave = useLeaveWorkspace();
  const goHome = async (message: string) => {
    await leave(workspace.id);
    toast(message);
  };

  return (
    <Card aria-labelledby="danger-heading" className="border-danger-ink/25">
      <CardHeader id="danger-heading" title="Danger zone" description="These cannot be undone." />
      <div className="divide-y divide-line">
        {canLeave ? (
          <div className="flex flex-wrap items-center justify-between gap-3 px-5 py-4">
            <div className="min-w-0">
              <p className="text-sm font-medium text-ink">Leave this workspace</p>
              <p className="text-[13px] text-ink-3">You lose access at once; someone must invite you again to come back.</p>
            </div>
            <Button variant="danger-ghost" className="border border-danger-ink/30" onClick={() => setConfirm('leave')}>
              Leave workspace
            </Button>
          </div>
        ) : null}
        <div className="flex flex-wrap items-center justify-between gap-3 px-5 py-4">
          <div className="min-w-0">
            <p className="text-sm font-medium text-ink">Delete this workspace</p>
            <p className="text-[13px] text-ink-3">
              {canDelete ? 'Members lose access, API keys stop working, and its data is purged after a grace period.' : 'Only the owner can delete the workspace.'}
            </p>
          </div>
          <Button variant="danger" disabled={!canDelete} onClick={() => setConfirm('delete')}>
            Delete workspace
          </Button>
        </div>
      </div>
      <ConfirmDialog
        open={confirm === 'leave'}
        onOpenChange={(open) => !open && setConfirm(null)}
        title={`Leave ${workspace.name}?`}
        description="You lose access at once. To come back, someone has to invite you again."
        confirmLabel="Leave workspace"
        onConfirm={async () => {
          await members.remove(workspace.id, me.user.id);
          await goHome(`You left ${workspace.name}`);
        }}
      />
      <ConfirmDialog
        open={confirm === 'delete'}
        onOpenChange={(open) => !open && setConfirm(null)}
        title={`Delete ${workspace.name}?`}
        description="Every member loses access, its API keys stop working, and its credits are gone. This cannot be undone."
        confirmLabel="Delete workspace"
        typeToConfirm={workspace.slug}
        onConfirm={async () => {
          await workspaces.remove(workspace.id, { confirm: workspace.slug });
          await goHome(`${workspace.name} was deleted`);
        }}
      />
    </Card>
  );
}
