import { useInfiniteQuery, useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { ChevronRight, History, Send, Undo2 } from 'lucide-react';
import { useEffect, useState, type FormEvent } from 'react';
import { messageOf } from '../../api/client.ts';
import { Alert } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { LoadMore } from '../../ui/load-more.tsx';
import { Card, CardHeader } from '../../ui/card.tsx';
import { classNames } from '../../ui/class-names.ts';
import { Dialog } from '../../ui/dialog.tsx';
import { Select, TextField } from '../../ui/field.tsx';
import { formatDateTime, formatRelative } from '../../ui/format.ts';
import { EmptyState, LoadingRows } from '../../ui/states.tsx';
import { TableScroll } from '../../ui/table-scroll.tsx';
import { useToast } from '../../ui/toast.tsx';
import { WebhooksError } from './access.tsx';
import { contract, deliveriesQuery, keys, webhooks, type Delivery, type DeliveryStatus, type Endpoint } from './api.ts';
import { DeliveryStatusBadge, formatDuration, ResponseStatus } from './status.tsx';

const statusFilters: { value: DeliveryStatus | ''; label: string }[] = [
  { value: '', label: 'All deliveries' },
  { value: 'succeeded', label: 'Succeeded' },
  { value: 'pending', label: 'Sending or retrying' },
  { value: 'failed', label: 'Failed' },
];

/**
 * How often to ask again: every 2 s while a delivery is on its way or its next attempt is due
 * within a minute (so a person watching sees it land), every 30 s while later retries wait,
 * never once everything is settled or the endpoint is off (nothing moves then).
 */
function pollInterval(data: InfiniteData<{ items: Delivery[] }> | undefined, enabled: boolean): number | false {
  if (!enabled) return false;
  const pending = (data?.pages ?? []).flatMap((page) => page.items).filter((delivery) => delivery.status === 'pending');
  if (pending.length === 0) return false;
  const soon = Date.now() + 60_000;
  return pending.some((delivery) => delivery.attempts === 0 || !delivery.nextAttemptAt || Date.parse(delivery.nextAttemptAt) <= soon) ? 2000 : 30_000;
}

const th = 'px-4 py-2.5 text-left text-xs font-medium tracking-wide text-ink-3 uppercase whitespace-nowrap first:pl-5 last:pr-5';
const td = 'px-4 py-3 text-sm whitespace-nowrap text-ink-2 first:pl-5 last:pr-5';

/** The endpoint's deliveries, newest first, a page at a time, with a filter by status and a way to send the failed ones again. */
export function DeliveryLog({ workspaceId, endpoint, onSendTest }: { workspaceId: string; endpoint: Endpoint; onSendTest: () => void }) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<DeliveryStatus | undefined>(undefined);
  const [recovering, setRecovering] = useState(false);
  const log = useInfiniteQuery({ ...deliveriesQuery(workspaceId, endpoint.id, status), refetchInterval: (query) => pollInterval(query.state.data, endpoint.enabled) });
  const rows = log.data?.pages.flatMap((page) => page.items) ?? [];

  // A delivery's outcome changes the endpoint's too (failing since, disabled): ask for it again when one settles.
  const outcomes = rows.map((delivery) => `${delivery.status}:${delivery.attempts}`).join();
  useEffect(() => {
    if (outcomes) void queryClient.invalidateQueries({ queryKey: keys.endpoint(workspaceId, endpoint.id), exact: true });
  }, [outcomes, queryClient, workspaceId, endpoint.id]);

  return (
    <Card aria-labelledby="deliveries-heading">
      <CardHeader
        id="deliveries-heading"
        title="Delivery log"
        description="Newest first. Failed deliveries are retried for about 27 hours."
        actions={
          <>
            <Select aria-label="Delivery status" className="w-48" value={status ?? ''} onChange={(event) => setStatus((event.target.value || undefined) as DeliveryStatus | undefined)}>
              {statusFilters.map((filter) => (
                <option key={filter.value} value={filter.value}>
                  {filter.label}
                </option>
              ))}
            </Select>
            <Button icon={<Undo2 aria-hidden="true" />} onClick={() => setRecovering(true)}>
              Recover failed
            </Button>
          </>
        }
      />
      {log.isPending ? (
        <LoadingRows rows={3} label="Loading the delivery log" />
      ) : log.isError && rows.length === 0 ? (
        <WebhooksError error={log.error} onRetry={() => void log.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState
          icon={<History />}
          title={status ? `No ${statusFilters.find((filter) => filter.value === status)?.label.toLowerCase()} deliveries` : 'No deliveries yet'}
          action={
            status || !endpoint.enabled ? null : (
              <Button size="sm" variant="primary" icon={<Send aria-hidden="true" />} onClick={onSendTest}>
                Send a test event
              </Button>
            )
          }
        >
          {status ? 'Choose another status to see the rest of the log.' : 'When one of its events happens, the message and every attempt to deliver it appear here.'}
        </EmptyState>
      ) : (
        <>
          {/* Phones: one block per delivery; wider screens: the table. */}
          <ul className="divide-y divide-line sm:hidden" aria-label="Deliveries">
            {rows.map((delivery) => (
              <li key={delivery.id}>
                <Link
                  to="/w/$workspaceId/webhooks/$endpointId/deliveries/$deliveryId"
                  params={{ workspaceId, endpointId: endpoint.id, deliveryId: delivery.id }}
                  className="flex items-center gap-3 px-5 py-3 hover:bg-subtle/50"
                >
                  <div className="min-w-0 flex-1 space-y-1.5">
                    <p className="truncate font-mono text-[13px] text-ink">{delivery.eventType}</p>
                    <div className="flex flex-wrap items-center gap-1.5">
                      <DeliveryStatusBadge delivery={delivery} />
                      <ResponseStatus status={delivery.lastResponseStatus} attempted={delivery.lastAttemptAt !== null} />
                    </div>
                    <p className="text-xs text-ink-3">
                      {attemptsLabel(delivery.attempts)} · {formatDuration(delivery.lastDurationMs)} · {formatRelative(delivery.createdAt)}
                    </p>
                  </div>
                  <ChevronRight className="size-4 shrink-0 text-ink-3" aria-hidden="true" />
                </Link>
              </li>
            ))}
          </ul>
          <div className="hidden sm:block">
            <TableScroll label="Delivery log">
              <table className="w-full min-w-[44rem]" data-testid="delivery-log">
                <caption className="sr-only">Deliveries to {endpoint.url}</caption>
                <thead className="border-b border-line bg-subtle/60">
                  <tr>
                    <th scope="col" className={th}>Event</th>
                    <th scope="col" className={th}>Status</th>
                    <th scope="col" className={th}>Response</th>
                    <th scope="col" className={classNames(th, 'text-right')}>Attempts</th>
                    <th scope="col" className={classNames(th, 'text-right')}>Duration</th>
                    <th scope="col" className={th}>Time</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-line">
                  {rows.map((delivery) => (
                    <tr key={delivery.id} className="hover:bg-subtle/50">
                      <td className={td}>
                        <Link
                          to="/w/$workspaceId/webhooks/$endpointId/deliveries/$deliveryId"
                          params={{ workspaceId, endpointId: endpoint.id, deliveryId: delivery.id }}
                          className="font-mono text-[13px] font-medium text-accent-ink hover:underline"
                        >
                          {delivery.eventType}
                        </Link>
                      </td>
                      <td className={td}>
                        <span className="flex items-center gap-2">
                          <DeliveryStatusBadge delivery={delivery} />
                          {delivery.status === 'pending' && delivery.attempts > 0 && delivery.nextAttemptAt ? <span className="text-xs text-ink-3">next {formatRelative(delivery.nextAttemptAt)}</span> : null}
                        </span>
                      </td>
                      <td className={td}>
                        <ResponseStatus status={delivery.lastResponseStatus} attempted={delivery.lastAttemptAt !== null} />
                      </td>
                      <td className={classNames(td, 'text-right tabular-nums')}>{delivery.attempts}</td>
                      <td className={classNames(td, 'text-right tabular-nums')}>{formatDuration(delivery.lastDurationMs)}</td>
                      <td className={td}>
                        <time dateTime={delivery.createdAt}>{formatDateTime(delivery.createdAt)}</time>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </div>
        </>
      )}
      <LoadMore list={log} label="Load older deliveries" />
      <RecoverDialog open={recovering} onOpenChange={setRecovering} workspaceId={workspaceId} endpointId={endpoint.id} />
    </Card>
  );
}

const attemptsLabel = (attempts: number) => (attempts === 1 ? '1 attempt' : `${attempts} attempts`);

/** `YYYY-MM-DDTHH:mm` in the person's own time zone, what a datetime-local input holds. */
function localInputValue(date: Date): string {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

/** Sends again every delivery to the endpoint that ran out of attempts since a chosen time. */
function RecoverDialog({ open, onOpenChange, workspaceId, endpointId }: { open: boolean; onOpenChange: (open: boolean) => void; workspaceId: string; endpointId: string }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [since, setSince] = useState(() => localInputValue(new Date(Date.now() - 24 * 3600_000)));
  const [invalid, setInvalid] = useState<string | undefined>(undefined);
  const recover = useMutation({
    mutationFn: (body: { since: string }) => webhooks.recover(workspaceId, { ...body, endpointId }),
    onSuccess: async ({ requeued }, body) => {
      await queryClient.invalidateQueries({ queryKey: keys.deliveries(workspaceId, endpointId) });
      toast(requeued === 0 ? `No failed deliveries since ${formatDateTime(body.since)}` : `${requeued} failed ${requeued === 1 ? 'delivery is' : 'deliveries are'} being sent again`);
      onOpenChange(false);
    },
  });
  const close = (next: boolean) => {
    if (recover.isPending) return;
    if (!next) {
      recover.reset();
      setInvalid(undefined);
    }
    onOpenChange(next);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const time = new Date(since);
    const parsed = contract.recoverBody.safeParse({ since: Number.isNaN(time.getTime()) ? since : time.toISOString() });
    if (!parsed.success) {
      setInvalid('Choose a date and time');
      return;
    }
    if (time.getTime() > Date.now()) {
      setInvalid('Choose a time in the past');
      return;
    }
    setInvalid(undefined);
    recover.mutate(parsed.data);
  };

  return (
    <Dialog open={open} onOpenChange={close} title="Recover failed deliveries" description="Sends again, with a fresh round of attempts, every delivery to this endpoint that ran out of attempts since this time.">
      <form onSubmit={submit} noValidate className="space-y-4">
        <TextField
          label="Failed since"
          type="datetime-local"
          value={since}
          max={localInputValue(new Date())}
          onChange={(event) => {
            setSince(event.target.value);
            setInvalid(undefined);
          }}
          error={invalid}
          description={`In your time zone (${Intl.DateTimeFormat().resolvedOptions().timeZone}). The log keeps 30 days.`}
          required
        />
        {recover.isError ? (
          <Alert tone="error" title="Nothing was sent again">
            {messageOf(recover.error)}
          </Alert>
        ) : null}
        <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <Button disabled={recover.isPending} onClick={() => close(false)}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={recover.isPending} icon={<Undo2 aria-hidden="true" />}>
            Recover deliveries
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
