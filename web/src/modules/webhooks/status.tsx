import { Badge, type Tone } from '../../ui/badge.tsx';
import { formatDateTime } from '../../ui/format.ts';
import type { Delivery, Endpoint } from './api.ts';

/** How a delivery stands, in words: a pending one is either on its way or waiting for its next attempt. */
function deliveryState(delivery: Pick<Delivery, 'status' | 'attempts'>): { label: string; tone: Tone } {
  if (delivery.status === 'succeeded') return { label: 'Succeeded', tone: 'success' };
  if (delivery.status === 'failed') return { label: 'Failed', tone: 'danger' };
  return delivery.attempts === 0 ? { label: 'Sending', tone: 'accent' } : { label: 'Retrying', tone: 'warning' };
}

export function DeliveryStatusBadge({ delivery }: { delivery: Pick<Delivery, 'status' | 'attempts'> }) {
  const { label, tone } = deliveryState(delivery);
  return <Badge tone={tone}>{label}</Badge>;
}

/** The HTTP status the receiver answered; "No answer" when an attempt got none (refused, timed out). */
export function ResponseStatus({ status, attempted }: { status: number | null; attempted: boolean }) {
  if (status === null) return attempted ? <Badge tone="danger">No answer</Badge> : <span className="text-ink-3">—</span>;
  return (
    <Badge tone={status >= 200 && status < 300 ? 'success' : 'danger'} className="font-mono">
      {status}
    </Badge>
  );
}

/** "840 ms", "1.2 s", "15 s". */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${ms} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/** On, off (by a person or by Atelier after 5 days of failures), or on but failing. */
export function endpointState(endpoint: Endpoint): { label: string; tone: Tone; detail?: string } {
  if (!endpoint.enabled) return endpoint.disabledReason ? { label: 'Disabled by Atelier', tone: 'danger', detail: endpoint.disabledReason } : { label: 'Disabled', tone: 'neutral' };
  if (endpoint.failingSince) return { label: 'Failing', tone: 'warning', detail: `Every attempt has failed since ${formatDateTime(endpoint.failingSince)}. After 5 days of failures Atelier turns the endpoint off.` };
  return { label: 'Enabled', tone: 'success' };
}

export function EndpointStateBadge({ endpoint }: { endpoint: Endpoint }) {
  const { label, tone } = endpointState(endpoint);
  return <Badge tone={tone}>{label}</Badge>;
}
