import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { BookOpen, ChevronRight, Plus, Webhook } from 'lucide-react';
import { useState } from 'react';
import { useWorkspace } from '../../app/current.ts';
import { Badge } from '../../ui/badge.tsx';
import { Button } from '../../ui/button.tsx';
import { Card, CardHeader } from '../../ui/card.tsx';
import { PageHeader, useDocumentTitle } from '../../ui/page.tsx';
import { EmptyState, ErrorState, LoadingRows } from '../../ui/states.tsx';
import { canManageWebhooks, WebhooksError, WebhooksNotAllowed } from './access.tsx';
import { catalogueQuery, endpointsQuery, type Endpoint } from './api.ts';
import { CatalogueDescription } from './catalogue-text.tsx';
import { CodeBlock } from './code-block.tsx';
import { EndpointDialog } from './endpoint-dialog.tsx';
import { EndpointStateBadge, endpointState } from './status.tsx';

/** `/w/$workspaceId/webhooks`: the workspace's endpoints and the catalogue of events they can receive. */
export function WebhooksPage() {
  const workspace = useWorkspace();
  useDocumentTitle('Webhooks', workspace.name);
  const allowed = canManageWebhooks(workspace);
  const list = useQuery({ ...endpointsQuery(workspace.id), enabled: allowed });
  const [adding, setAdding] = useState(false);

  if (!allowed) return <WebhooksNotAllowed workspace={workspace} />;

  const add = (
    <Button variant="primary" icon={<Plus aria-hidden="true" />} onClick={() => setAdding(true)}>
      Add endpoint
    </Button>
  );
  return (
    <>
      <PageHeader title="Webhooks" description={`Atelier POSTs a signed message to your endpoints when something happens in ${workspace.name}, and retries for about a day when they do not answer.`} actions={add} />
      <div className="space-y-6">
        <Card aria-labelledby="endpoints-heading">
          <CardHeader id="endpoints-heading" title="Endpoints" description="Messages follow Standard Webhooks: check their signature with any of its libraries." />
          {list.isPending ? (
            <LoadingRows rows={2} label="Loading endpoints" />
          ) : list.isError ? (
            <WebhooksError error={list.error} onRetry={() => void list.refetch()} />
          ) : list.data.items.length === 0 ? (
            <EmptyState
              icon={<Webhook />}
              title="No endpoints yet"
              action={
                <Button variant="primary" size="sm" icon={<Plus aria-hidden="true" />} onClick={() => setAdding(true)}>
                  Add your first endpoint
                </Button>
              }
            >
              Give Atelier a URL of yours and choose events: your systems hear about published sites, finished generations or low credits as they happen.
            </EmptyState>
          ) : (
            <ul className="divide-y divide-line">
              {list.data.items.map((endpoint) => (
                <EndpointRow key={endpoint.id} workspaceId={workspace.id} endpoint={endpoint} />
              ))}
            </ul>
          )}
        </Card>
        <Catalogue />
      </div>
      {adding ? <EndpointDialog open onOpenChange={setAdding} workspaceId={workspace.id} /> : null}
    </>
  );
}

const shownTypes = 3;

function EndpointRow({ workspaceId, endpoint }: { workspaceId: string; endpoint: Endpoint }) {
  const { detail } = endpointState(endpoint);
  const more = endpoint.eventTypes.length - shownTypes;
  return (
    <li className="relative flex items-center gap-3 px-5 py-3.5 hover:bg-subtle/50">
      <div className="hidden size-8 shrink-0 items-center justify-center rounded-md bg-subtle text-ink-3 sm:flex">
        <Webhook className="size-4" aria-hidden="true" />
      </div>
      <div className="min-w-0 flex-1 space-y-1">
        <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
          <Link
            to="/w/$workspaceId/webhooks/$endpointId"
            params={{ workspaceId, endpointId: endpoint.id }}
            className="min-w-0 truncate font-mono text-[13px] font-medium text-ink after:absolute after:inset-0 focus:outline-none focus-visible:after:ring-3 focus-visible:after:ring-accent/40 focus-visible:after:ring-inset"
          >
            {endpoint.url}
          </Link>
          <EndpointStateBadge endpoint={endpoint} />
        </div>
        {endpoint.description ? <p className="truncate text-[13px] text-ink-2">{endpoint.description}</p> : null}
        <div className="flex flex-wrap items-center gap-1">
          {endpoint.eventTypes.slice(0, shownTypes).map((type) => (
            <Badge key={type} className="font-mono text-[11px]">
              {type}
            </Badge>
          ))}
          {more > 0 ? <span className="text-xs text-ink-3">+{more} more</span> : null}
        </div>
        {detail ? <p className="text-[13px] text-ink-3">{detail}</p> : null}
      </div>
      <ChevronRight className="size-4 shrink-0 text-ink-3" aria-hidden="true" />
    </li>
  );
}

/** The public catalogue: each event an endpoint may receive, what it means, and an example message. */
function Catalogue() {
  const catalogue = useQuery(catalogueQuery);
  return (
    <Card aria-labelledby="catalogue-heading">
      <CardHeader
        id="catalogue-heading"
        title="Event catalogue"
        description={catalogue.data ? `The events an endpoint can receive (catalogue version ${catalogue.data.version}). Each message is { type, timestamp, data }.` : 'The events an endpoint can receive.'}
      />
      {catalogue.isPending ? (
        <LoadingRows rows={3} label="Loading the event catalogue" />
      ) : catalogue.isError ? (
        <ErrorState error={catalogue.error} onRetry={() => void catalogue.refetch()} />
      ) : (
        <ul className="divide-y divide-line">
          {catalogue.data.events.map((event) => (
            <li key={event.type}>
              <details className="group">
                <summary className="flex cursor-pointer list-none items-start gap-3 px-5 py-3 hover:bg-subtle/50 [&::-webkit-details-marker]:hidden">
                  <BookOpen className="mt-0.5 size-4 shrink-0 text-ink-3" aria-hidden="true" />
                  <span className="min-w-0 flex-1">
                    <span className="block font-mono text-[13px] font-medium text-ink">{event.type}</span>
                    <span className="block text-[13px] text-ink-3">
                      <CatalogueDescription text={event.description} />
                    </span>
                  </span>
                  <span className="shrink-0 text-[13px] font-medium text-accent-ink">
                    <span className="group-open:hidden">Example</span>
                    <span className="hidden group-open:inline">Hide</span>
                  </span>
                </summary>
                <div className="px-5 pb-4">
                  <CodeBlock label={`Example ${event.type} message`} code={JSON.stringify(event.example, null, 2)} copy />
                </div>
              </details>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
