import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { ArrowLeft, MoreHorizontal, Pencil, Power, Send, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { useWorkspace } from '../../app/current.ts';
import { Alert } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { Card, CardHeader } from '../../ui/card.tsx';
import { ConfirmDialog } from '../../ui/dialog.tsx';
import { formatDate } from '../../ui/format.ts';
import { Menu, MenuContent, MenuItem, MenuSeparator, MenuTrigger } from '../../ui/menu.tsx';
import { PageHeader, useDocumentTitle } from '../../ui/page.tsx';
import { Skeleton } from '../../ui/states.tsx';
import { useToast } from '../../ui/toast.tsx';
import { canManageWebhooks, WebhooksError, WebhooksNotAllowed } from './access.tsx';
import { catalogueQuery, endpointQuery, keys, webhooks, type Endpoint } from './api.ts';
import { CatalogueDescription } from './catalogue-text.tsx';
import { DeliveryLog } from './delivery-log.tsx';
import { EndpointDialog } from './endpoint-dialog.tsx';
import { SigningSecret } from './signing-secret.tsx';
import { EndpointStateBadge, endpointState } from './status.tsx';
import { TestEventDialog } from './test-event-dialog.tsx';

/** `/w/$workspaceId/webhooks/$endpointId`: one endpoint, its signing secret, its events and its delivery log. */
export function EndpointPage() {
  const workspace = useWorkspace();
  const { endpointId } = useParams({ from: '/app/w/$workspaceId/webhooks/$endpointId' });
  const allowed = canManageWebhooks(workspace);
  const endpoint = useQuery({ ...endpointQuery(workspace.id, endpointId), enabled: allowed });
  useDocumentTitle(endpoint.data ? endpoint.data.url.replace(/^https?:\/\//, '') : 'Endpoint', 'Webhooks', workspace.name);

  if (!allowed) return <WebhooksNotAllowed workspace={workspace} />;

  const back = (
    <Link to="/w/$workspaceId/webhooks" params={{ workspaceId: workspace.id }} className="mb-4 inline-flex items-center gap-1 text-sm font-medium text-ink-3 hover:text-ink">
      <ArrowLeft className="size-4" aria-hidden="true" />
      Webhooks
    </Link>
  );
  if (endpoint.isPending) {
    return (
      <div role="status" aria-live="polite" className="space-y-4">
        <span className="sr-only">Loading the endpoint…</span>
        {back}
        <Skeleton className="h-8 w-1/2" />
        <div className="grid gap-6 lg:grid-cols-2">
          <Skeleton className="h-44 rounded-xl" />
          <Skeleton className="h-44 rounded-xl" />
        </div>
        <Skeleton className="h-64 w-full rounded-xl" />
      </div>
    );
  }
  if (endpoint.isError) {
    return (
      <>
        {back}
        <Card>
          <WebhooksError error={endpoint.error} onRetry={() => void endpoint.refetch()} />
        </Card>
      </>
    );
  }
  return (
    <>
      {back}
      <EndpointDetail workspaceId={workspace.id} endpoint={endpoint.data} />
    </>
  );
}

function EndpointDetail({ workspaceId, endpoint }: { workspaceId: string; endpoint: Endpoint }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const toast = useToast();
  const [editing, setEditing] = useState(false);
  const [testing, setTesting] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const state = endpointState(endpoint);

  const setEnabled = useMutation({
    mutationFn: (enabled: boolean) => webhooks.update(workspaceId, endpoint.id, { enabled }),
    onSuccess: async (saved) => {
      queryClient.setQueryData(keys.endpoint(workspaceId, endpoint.id), saved);
      await queryClient.invalidateQueries({ queryKey: keys.endpoints(workspaceId), exact: true });
      toast(saved.enabled ? 'Endpoint turned on: new events are sent to it again' : 'Endpoint turned off: no events are sent to it');
    },
    onError: (error) => toast(error.message, 'error'),
  });

  const remove = async () => {
    await webhooks.remove(workspaceId, endpoint.id);
    await navigate({ to: '/w/$workspaceId/webhooks', params: { workspaceId } });
    queryClient.removeQueries({ queryKey: keys.endpoint(workspaceId, endpoint.id) });
    await queryClient.invalidateQueries({ queryKey: keys.endpoints(workspaceId), exact: true });
    toast('Endpoint deleted');
  };

  const turnOn = (
    <Button size="sm" icon={<Power aria-hidden="true" />} busy={setEnabled.isPending} onClick={() => setEnabled.mutate(true)}>
      Turn on
    </Button>
  );

  return (
    <>
      <PageHeader
        title={<span className="font-mono text-lg break-all sm:text-xl">{endpoint.url}</span>}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <EndpointStateBadge endpoint={endpoint} />
            <span>{endpoint.description || 'No description'}</span>
          </span>
        }
        actions={
          <>
            <Button variant="primary" icon={<Send aria-hidden="true" />} disabled={!endpoint.enabled} title={endpoint.enabled ? undefined : 'Turn the endpoint on to send it a test event'} onClick={() => setTesting(true)}>
              Send test event
            </Button>
            <Button icon={<Pencil aria-hidden="true" />} onClick={() => setEditing(true)}>
              Edit
            </Button>
            <Menu>
              <MenuTrigger asChild>
                <Button variant="ghost" size="icon" aria-label="More actions">
                  <MoreHorizontal aria-hidden="true" />
                </Button>
              </MenuTrigger>
              <MenuContent>
                <MenuItem onSelect={() => setEnabled.mutate(!endpoint.enabled)} disabled={setEnabled.isPending}>
                  <Power aria-hidden="true" />
                  {endpoint.enabled ? 'Turn off' : 'Turn on'}
                </MenuItem>
                <MenuSeparator />
                <MenuItem destructive onSelect={() => setDeleting(true)}>
                  <Trash2 aria-hidden="true" />
                  Delete endpoint
                </MenuItem>
              </MenuContent>
            </Menu>
          </>
        }
      />

      <div className="space-y-6">
        {!endpoint.enabled && endpoint.disabledReason ? (
          <Alert tone="error" title="Atelier turned this endpoint off" action={turnOn}>
            {endpoint.disabledReason}. Fix the receiver, turn the endpoint on, then recover the failed deliveries from the log.
          </Alert>
        ) : !endpoint.enabled ? (
          <Alert tone="info" title="This endpoint is off" action={turnOn}>
            No events are sent to it until it is turned on again.
          </Alert>
        ) : state.detail ? (
          <Alert tone="warning" title="Deliveries to this endpoint are failing">
            {state.detail}
          </Alert>
        ) : null}

        <div className="grid gap-6 lg:grid-cols-2">
          <SigningSecret workspaceId={workspaceId} endpoint={endpoint} />
          <EventTypes endpoint={endpoint} />
        </div>

        <DeliveryLog workspaceId={workspaceId} endpoint={endpoint} onSendTest={() => setTesting(true)} />
      </div>

      {/* Mounted when opened, so its fields start from the endpoint as it is now. */}
      {editing ? <EndpointDialog open onOpenChange={setEditing} workspaceId={workspaceId} endpoint={endpoint} /> : null}
      <TestEventDialog open={testing} onOpenChange={setTesting} workspaceId={workspaceId} endpoint={endpoint} />
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title="Delete this endpoint?"
        description={
          <>
            Atelier stops sending to <span className="font-mono break-all">{endpoint.url}</span> at once, and its delivery log is deleted with it. This cannot be undone.
          </>
        }
        confirmLabel="Delete endpoint"
        onConfirm={remove}
      />
    </>
  );
}

function EventTypes({ endpoint }: { endpoint: Endpoint }) {
  const catalogue = useQuery(catalogueQuery);
  const described = new Map(catalogue.data?.events.map((event) => [event.type, event.description]));
  const count = endpoint.eventTypes.length;
  return (
    <Card aria-labelledby="events-heading">
      <CardHeader id="events-heading" title="Events" description={`${count} event ${count === 1 ? 'type' : 'types'} · added ${formatDate(endpoint.createdAt)}`} />
      <ul className="divide-y divide-line" aria-label="Event types sent to this endpoint">
        {endpoint.eventTypes.map((type) => (
          <li key={type} className="px-5 py-2.5">
            <p className="font-mono text-[13px] text-ink">{type}</p>
            {described.has(type) ? (
              <p className="text-[13px] text-ink-3">
                <CatalogueDescription text={described.get(type) ?? ''} />
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </Card>
  );
}
