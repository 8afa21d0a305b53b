import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { identity as contract } from '../../api/contracts.ts';
import { messageOf } from '../../api/client.ts';
import { Alert } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { Dialog } from '../../ui/dialog.tsx';
import { TextField } from '../../ui/field.tsx';
import { useZodForm } from '../../ui/form.ts';
import { useToast } from '../../ui/toast.tsx';
import { meQuery, workspaces } from './api.ts';

export function CreateWorkspaceForm({ onDone, onCancel }: { onDone?: () => void; onCancel?: () => void }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const toast = useToast();
  const form = useZodForm(contract.createWorkspaceRequest, { name: '', slug: '' }, { name: 'Name', slug: 'URL name' });
  const submit = form.handleSubmit(async (body) => {
    const workspace = await workspaces.create(body);
    await queryClient.fetchQuery({ ...meQuery, staleTime: 0 });
    form.reset();
    onDone?.();
    toast(`${workspace.name} is ready`);
    await navigate({ to: '/w/$workspaceId', params: { workspaceId: workspace.id } });
  });
  return (
    <form ref={form.formRef} onSubmit={submit} noValidate className="space-y-4">
      <TextField label="Name" placeholder="Acme Studio" autoFocus required {...form.field('name')} />
      <TextField label="URL name" placeholder="acme-studio" description="Optional. Lower-case letters, digits and dashes; made from the name if empty." spellCheck={false} {...form.field('slug')} />
      {form.failure ? <Alert tone="error">{messageOf(form.failure)}</Alert> : null}
      <div className="flex flex-col-reverse gap-2 pt-1 sm:flex-row sm:justify-end">
        {onCancel ? <Button onClick={onCancel}>Cancel</Button> : null}
        <Button type="submit" variant="primary" busy={form.submitting}>
          Create workspace
        </Button>
      </div>
    </form>
  );
}

export function CreateWorkspaceDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Create a workspace" description="A workspace has its own members, API keys, credits and plan. You will be its owner.">
      <CreateWorkspaceForm onDone={() => onOpenChange(false)} onCancel={() => onOpenChange(false)} />
    </Dialog>
  );
}
