import { useQuery, useQueryClient } from '@tanstack/react-query';
import { KeyRound, Plus } from 'lucide-react';
import { useState } from 'react';
import { identity as contract } from '../../api/contracts.ts';
import { messageOf } from '../../api/client.ts';
import { useWorkspace } from '../../app/current.ts';
import { Alert } from '../../ui/alert.tsx';
import { Badge } from '../../ui/badge.tsx';
import { Button } from '../../ui/button.tsx';
import { Card, CardHeader } from '../../ui/card.tsx';
import { CopyButton } from '../../ui/copy-button.tsx';
import { ConfirmDialog, Dialog } from '../../ui/dialog.tsx';
import { GroupError, TextField } from '../../ui/field.tsx';
import { formatDate, formatRelative } from '../../ui/format.ts';
import { useZodForm } from '../../ui/form.ts';
import { PageHeader, useDocumentTitle } from '../../ui/page.tsx';
import { EmptyState, ErrorState, LoadingRows } from '../../ui/states.tsx';
import { useToast } from '../../ui/toast.tsx';
import { apiKeys, apiKeysQuery, keys, type ApiKey } from './api.ts';
import { can, permissionLabels } from './permissions.ts';

export function ApiKeysPage() {
  const workspace = useWorkspace();
  useDocumentTitle('API keys', workspace.name);
  const queryClient = useQueryClient();
  const toast = useToast();
  const allowed = can(workspace, 'api_keys:manage');
  const list = useQuery({ ...apiKeysQuery(workspace.id), enabled: allowed });
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);

  if (!allowed) {
    return (
      <>
        <PageHeader title="API keys" />
        <Card>
          <EmptyState icon={<KeyRound />} title="Only owners and admins manage API keys">
            Your role here is {workspace.role}. Ask an admin of {workspace.name} if you need a key.
          </EmptyState>
        </Card>
      </>
    );
  }

  return (
    <>
      <PageHeader
        title="API keys"
        description={`Keys let programs call the Atelier API as ${workspace.name}, with the permissions you give them.`}
        actions={
          <Button variant="primary" icon={<Plus aria-hidden="true" />} onClick={() => setCreating(true)}>
            Create API key
          </Button>
        }
      />
      <Card aria-labelledby="keys-heading">
        <CardHeader id="keys-heading" title="Active keys" description="Send a key as Authorization: Bearer atl_…. A key never has more permissions than its maker's current role." />
        {list.isPending ? (
          <LoadingRows rows={2} label="Loading API keys" />
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data.items.length === 0 ? (
          <EmptyState
            icon={<KeyRound />}
            title="No API keys yet"
            action={
              <Button variant="primary" size="sm" icon={<Plus aria-hidden="true" />} onClick={() => setCreating(true)}>
                Create your first key
              </Button>
            }
          >
            Create a key for each program or server that calls Atelier, so you can revoke one without the others.
          </EmptyState>
        ) : (
          <ul className="divide-y divide-line">
            {list.data.items.map((key) => (
              <li key={key.id} className="flex flex-wrap items-center gap-x-4 gap-y-2 px-5 py-3.5">
                <div className="flex min-w-0 flex-1 basis-64 items-start gap-3">
                  <div className="mt-0.5 flex size-8 shrink-0 items-center justify-center rounded-md bg-subtle text-ink-3">
                    <KeyRound className="size-4" aria-hidden="true" />
                  </div>
                  <div className="min-w-0 space-y-1">
                    <p className="truncate text-sm font-medium text-ink">{key.name}</p>
                    <p className="text-[13px] text-ink-3">
                      <span className="font-mono">{key.prefix}…</span> · created {formatDate(key.createdAt)} · {key.lastUsedAt ? `last used ${formatRelative(key.lastUsedAt)}` : 'never used'}
                    </p>
                    <div className="flex flex-wrap gap-1">
                      {key.permissions.map((permission) => (
                        <Badge key={permission} className="font-mono text-[11px]">
                          {permission}
                        </Badge>
                      ))}
                    </div>
                  </div>
                </div>
                <Button size="sm" variant="danger-ghost" onClick={() => setRevoking(key)} aria-label={`Revoke ${key.name}`}>
                  Revoke
                </Button>
              </li>
            ))}
          </ul>
        )}
      </Card>

      <CreateKeyDialog
        open={creating}
        onOpenChange={setCreating}
        workspaceId={workspace.id}
        permissions={workspace.permissions}
        onCreated={() => queryClient.invalidateQueries({ queryKey: keys.apiKeys(workspace.id) })}
      />
      <ConfirmDialog
        open={revoking !== null}
        onOpenChange={(open) => !open && setRevoking(null)}
        title={`Revoke ${revoking?.name ?? 'this key'}?`}
        description="Programs using it are refused from now on. This cannot be undone."
        confirmLabel="Revoke key"
        onConfirm={async () => {
          if (!revoking) return;
          await apiKeys.revoke(workspace.id, revoking.id);
          await queryClient.invalidateQueries({ queryKey: keys.apiKeys(workspace.id) });
          toast(`${revoking.name} revoked`);
        }}
      />
    </>
  );
}

function CreateKeyDialog({ open, onOpenChange, workspaceId, permissions, onCreated }: { open: boolean; onOpenChange: (open: boolean) => void; workspaceId: string; permissions: string[]; onCreated: () => Promise<unknown> }) {
  const form = useZodForm(contract.createApiKeyRequest, { name: '', permissions: permissions.filter((permission) => permission.endsWith(':read')) }, { name: 'Name', permissions: 'Permissions:' });
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);
  const close = (next: boolean) => {
    if (!next) {
      form.reset();
      setSecret(null);
    }
    onOpenChange(next);
  };
  const chosen = new Set(form.values.permissions);
  const toggle = (permission: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(permission);
    else next.delete(permission);
    form.set('permissions', permissions.filter((candidate) => next.has(candidate)));
  };
  const submit = form.handleSubmit(async (body) => {
    const created = await apiKeys.create(workspaceId, body);
    setSecret({ name: created.name, secret: created.secret });
    await onCreated();
  });

  if (secret) {
    return (
      <Dialog open={open} onOpenChange={close} title="Copy your new key" description={`${secret.name} is ready. Store it somewhere safe now.`} wide>
        <div className="space-y-4">
          <Alert tone="warning">This is the only time the key is shown. If you lose it, revoke it and create another.</Alert>
          <div className="space-y-2">
            <p className="text-sm font-medium text-ink" id="secret-label">
              Secret key
            </p>
            <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
              <code aria-labelledby="secret-label" data-testid="api-key-secret" className="min-w-0 flex-1 rounded-lg border border-line bg-subtle px-3 py-2 font-mono text-[13px] break-all text-ink select-all">
                {secret.secret}
              </code>
              <CopyButton value={secret.secret} label="Copy key" />
            </div>
          </div>
          <div className="flex justify-end pt-1">
            <Button variant="primary" onClick={() => close(false)}>
              Done
            </Button>
          </div>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog open={open} onOpenChange={close} title="Create an API key" description="Give the key only the permissions its program needs." wide>
      <form ref={form.formRef} onSubmit={submit} noValidate className="space-y-5">
        <TextField label="Name" placeholder="Production server" autoFocus required description="Say where it is used, so you know which to revoke." {...form.field('name')} />
        <fieldset className="space-y-2" aria-describedby={form.errors.permissions ? 'permissions-error' : undefined}>
          <div className="flex items-baseline justify-between">
            <legend className="text-sm font-medium text-ink">Permissions</legend>
            <button
              type="button"
              className="text-[13px] font-medium text-accent-ink hover:underline"
              onClick={() => form.set('permissions', chosen.size === permissions.length ? [] : [...permissions])}
            >
              {chosen.size === permissions.length ? 'Clear all' : 'Select all'}
            </button>
          </div>
          <div className="max-h-64 divide-y divide-line overflow-y-auto rounded-lg border border-line">
            {permissions.map((permission) => (
              <label key={permission} className="flex cursor-pointer items-start gap-3 px-3 py-2.5 hover:bg-subtle">
                <input type="checkbox" name="permissions" className="mt-0.5 size-4" checked={chosen.has(permission)} onChange={(event) => toggle(permission, event.target.checked)} />
                <span className="min-w-0">
                  <span className="block font-mono text-[13px] text-ink">{permission}</span>
                  <span className="block text-[13px] text-ink-3">{permissionLabels[permission] ?? permission}</span>
                </span>
              </label>
            ))}
          </div>
          <GroupError id="permissions" error={form.errors.permissions} />
        </fieldset>
        {form.failure ? (
          <Alert tone="error" title="The key was not created">
            {messageOf(form.failure)}
          </Alert>
        ) : null}
        <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <Button onClick={() => close(false)}>Cancel</Button>
          <Button type="submit" variant="primary" busy={form.submitting}>
            Create key
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
