import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { ArrowLeft, RotateCw } from 'lucide-react';
import type { ReactNode } from 'react';
import { useWorkspace } from '../../app/current.ts';
import { Alert } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { Card, CardHeader } from '../../ui/card.tsx';
import { CopyButton } from '../../ui/copy-button.tsx';
import { formatDateTime, formatRelative } from '../../ui/format.ts';
import { PageHeader, useDocumentTitle } from '../../ui/page.tsx';
import { Skeleton } from '../../ui/states.tsx';
import { useToast } from '../../ui/toast.tsx';
import { canManageWebhooks, WebhooksError, WebhooksNotAllowed } from './access.tsx';
import { deliveryQuery, endpointQuery, keys, webhooks, type DeliveryAttempt, type DeliveryDetail } from './api.ts';
import { CodeBlock, prettyJson } from './code-block.tsx';
import { DeliveryStatusBadge, formatDuration, ResponseStatus } from './status.tsx';

/** Asked again every 2 s while the delivery is on its way or its next attempt is due within a minute. */
function pollInterval(delivery: DeliveryDetail | undefined): number | false {
  if (delivery?.status !== 'pending') return false;
  const dueSoon = delivery.attempts === 0 || !delivery.nextAttemptAt || Date.parse(delivery.nextAttemptAt) <= Date.now() + 60_000;
  return dueSoon ? 2000 : 30_000;
}

/** `/w/$workspaceId/webhooks/$endpointId/deliveries/$deliveryId`: one message to one endpoint, with every attempt. */
export function DeliveryPage() {
  const workspace = useWorkspace();
  const { endpointId, deliveryId } = useParams({ from: '/app/w/$workspaceId/webhooks/$endpointId/deliveries/$deliveryId' });
  const allowed = canManageWebhooks(workspace);
  const queryClient = useQueryClient();
  const toast = useToast();
  const endpoint = useQuery({ ...endpointQuery(workspace.id, endpointId), enabled: allowed });
  const delivery = useQuery({ ...deliveryQuery(workspace.id, deliveryId), enabled: allowed, refetchInterval: (query) => pollInterval(query.state.data) });
  useDocumentTitle(delivery.data?.eventType ?? 'Delivery', 'Webhooks', workspace.name);
  const resend = useMutation({
    mutationFn: () => webhooks.resend(workspace.id, deliveryId),
    onSuccess: async () => {
      await Promise.all([queryClient.invalidateQueries({ queryKey: keys.delivery(workspace.id, deliveryId) }), queryClient.invalidateQueries({ queryKey: keys.deliveries(workspace.id, endpointId) })]);
      toast('Sending it again, with a fresh round of attempts');
    },
    onError: (error) => toast(error.message, 'error'),
  });

  if (!allowed) return <WebhooksNotAllowed workspace={workspace} />;

  const back = (
    <Link to="/w/$workspaceId/webhooks/$endpointId" params={{ workspaceId: workspace.id, endpointId }} className="mb-4 inline-flex max-w-full items-center gap-1 text-sm font-medium text-ink-3 hover:text-ink">
      <ArrowLeft className="size-4 shrink-0" aria-hidden="true" />
      <span className="truncate">{endpoint.data ? endpoint.data.url.replace(/^https?:\/\//, '') : 'Endpoint'}</span>
    </Link>
  );

  if (delivery.isPending) {
    return (
      <div role="status" aria-live="polite" className="space-y-4">
        <span className="sr-only">Loading the delivery…</span>
        {back}
        <Skeleton className="h-8 w-1/3" />
        <Skeleton className="h-40 w-full rounded-xl" />
        <Skeleton className="h-64 w-full rounded-xl" />
      </div>
    );
  }
  if (delivery.isError) {
    return (
      <>
        {back}
        <Card>
          <WebhooksError error={delivery.error} onRetry={() => void delivery.refetch()} />
        </Card>
      </>
    );
  }

  const current = delivery.data;
  const attempts = [...current.attemptLog].reverse();
  const requestBody = current.attemptLog[0]?.requestBody ?? JSON.stringify(current.payload);
  return (
    <>
      {back}
      <PageHeader
        title={<span className="font-mono text-xl break-all sm:text-2xl">{current.eventType}</span>}
        description={`Created ${formatDateTime(current.createdAt)}`}
        actions={
          <Button variant="primary" icon={<RotateCw aria-hidden="true" />} busy={resend.isPending} onClick={() => resend.mutate()}>
            Resend
          </Button>
        }
      />
      <div className="space-y-6">
        <DeliveryOutcome delivery={current} />

        <Card aria-labelledby="summary-heading">
          <CardHeader id="summary-heading" title="Summary" />
          <dl className="grid grid-cols-2 gap-x-6 gap-y-4 px-5 py-4 lg:grid-cols-4">
            <Fact label="Status">
              <DeliveryStatusBadge delivery={current} />
            </Fact>
            <Fact label="Attempts this round">{current.attempts}</Fact>
            <Fact label="Last attempt">{current.lastAttemptAt ? formatDateTime(current.lastAttemptAt) : 'Not yet'}</Fact>
            <Fact label="Next attempt">{current.status === 'pending' && current.nextAttemptAt ? `${formatDateTime(current.nextAttemptAt)} (${formatRelative(current.nextAttemptAt)})` : 'None'}</Fact>
            <Fact label="Message id (webhook-id)" wide>
              <span className="flex flex-wrap items-center gap-2">
                <code className="font-mono text-[13px] break-all text-ink">{current.messageId}</code>
                <CopyButton value={current.messageId} label="Copy id" />
              </span>
            </Fact>
          </dl>
        </Card>

        <Card aria-labelledby="message-heading">
          <CardHeader
            id="message-heading"
            title="Request body"
            description="The JSON posted on every attempt. A receiver may get it more than once: deduplicate by webhook-id."
            actions={<CopyButton value={requestBody} label="Copy body" />}
          />
          <div className="px-5 py-4">
            <CodeBlock label="Request body" showLabel={false} code={prettyJson(requestBody)} />
          </div>
        </Card>

        <Card aria-labelledby="attempts-heading">
          <CardHeader id="attempts-heading" title="Attempts" description="Newest first, across resends: what was sent and what came back." />
          {attempts.length === 0 ? (
            <p className="px-5 py-6 text-sm text-ink-3" role="status">
              No attempt yet: the first one is on its way.
            </p>
          ) : (
            <ol className="divide-y divide-line" aria-label="Attempts">
              {attempts.map((attempt, index) => (
                <AttemptItem key={attempt.id} attempt={attempt} open={index === 0} />
              ))}
            </ol>
          )}
        </Card>
      </div>
    </>
  );
}

/** The server's errors are clauses ("the endpoint answered 500"): as a sentence of their own. */
const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function DeliveryOutcome({ delivery }: { delivery: DeliveryDetail }) {
  const last = delivery.attemptLog.at(-1);
  if (delivery.status === 'failed') {
    return (
      <Alert tone="error" title="Every attempt failed">
        {last?.error ? `The last one: ${last.error}. ` : ''}Fix the receiver, then resend this delivery (or recover all failed ones from the endpoint's log).
      </Alert>
    );
  }
  if (delivery.status === 'pending' && delivery.attempts > 0 && delivery.nextAttemptAt) {
    return (
      <Alert tone="warning" title={`Attempt ${delivery.attempts} failed; retrying ${formatRelative(delivery.nextAttemptAt)}`}>
        {last?.error ? `${sentence(last.error)}. ` : ''}Atelier keeps retrying, further apart each time, for about 27 hours; or resend it now.
      </Alert>
    );
  }
  return null;
}

function Fact({ label, children, wide }: { label: string; children: ReactNode; wide?: boolean }) {
  return (
    <div className={wide ? 'col-span-2 min-w-0 lg:col-span-4' : 'min-w-0'}>
      <dt className="text-[13px] text-ink-3">{label}</dt>
      <dd className="mt-1 text-sm text-ink">{children}</dd>
    </div>
  );
}

function AttemptItem({ attempt, open }: { attempt: DeliveryAttempt; open: boolean }) {
  const headers = Object.entries(attempt.requestHeaders);
  return (
    <li>
      <details open={open} className="group">
        <summary className="flex cursor-pointer list-none flex-wrap items-center gap-x-3 gap-y-1.5 px-5 py-3 hover:bg-subtle/50 [&::-webkit-details-marker]:hidden">
          <span className="text-sm font-medium text-ink">Attempt {attempt.attempt}</span>
          <ResponseStatus status={attempt.responseStatus} attempted />
          <span className="text-[13px] text-ink-3 tabular-nums">{formatDuration(attempt.durationMs)}</span>
          <time className="text-[13px] text-ink-3" dateTime={attempt.startedAt}>
            {formatDateTime(attempt.startedAt)}
          </time>
          <span className="ml-auto text-[13px] font-medium text-accent-ink group-open:hidden">Show details</span>
          <span className="ml-auto hidden text-[13px] font-medium text-accent-ink group-open:inline">Hide details</span>
        </summary>
        <div className="space-y-4 px-5 pt-1 pb-5">
          {attempt.error ? <Alert tone="error">{sentence(attempt.error)}</Alert> : null}
          <div className="space-y-1.5">
            <p className="text-[13px] font-medium text-ink-2">Request headers</p>
            <dl className="divide-y divide-line overflow-hidden rounded-lg border border-line text-[12.5px]">
              {headers.map(([name, value]) => (
                <div key={name} className="grid gap-1 px-3 py-2 sm:grid-cols-[12rem_1fr] sm:gap-3">
                  <dt className="font-mono text-ink-3">{name}</dt>
                  <dd className="font-mono break-all text-ink">{value}</dd>
                </div>
              ))}
            </dl>
          </div>
          <CodeBlock label={attempt.responseStatus === null ? 'Response body (no answer)' : `Response body (${attempt.responseStatus})`} code={attempt.responseBody ? prettyJson(attempt.responseBody) : ''} />
        </div>
      </details>
    </li>
  );
}
