import { Lock, Webhook } from 'lucide-react';
import { isApiError } from '../../api/client.ts';
import type { Workspace } from '../identity/api.ts';
import { can } from '../identity/permissions.ts';
import { Card } from '../../ui/card.tsx';
import { PageHeader } from '../../ui/page.tsx';
import { EmptyState, ErrorState } from '../../ui/states.tsx';

/** The one permission behind every webhooks page (owners and admins by default). */
export const canManageWebhooks = (workspace: Workspace) => can(workspace, 'webhooks:manage');

/** What someone whose role has no webhooks permission sees instead of the pages. */
export function WebhooksNotAllowed({ workspace }: { workspace: Workspace }) {
  return (
    <>
      <PageHeader title="Webhooks" />
      <Card>
        <EmptyState icon={<Webhook />} title="Only owners and admins manage webhooks">
          Your role here is {workspace.role}. Ask an admin of {workspace.name} if your systems need to hear about its events.
        </EmptyState>
      </Card>
    </>
  );
}

/** A failed load: a refusal (403) says so plainly, in the server's words; anything else offers a retry. */
export function WebhooksError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  if (isApiError(error) && error.status === 403) {
    return (
      <div role="alert">
        <EmptyState icon={<Lock />} title="You are not allowed to manage webhooks here">
          <p>{error.message.replace(/\.?$/, '.')}</p>
          <p className="mt-1">Your role may have changed: ask an owner or admin of the workspace if you need access.</p>
        </EmptyState>
      </div>
    );
  }
  return <ErrorState error={error} onRetry={onRetry} />;
}
