import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import { request } from '../../api/client.ts';
import { webhooks as contract } from '../../api/webhook-contracts.ts';

/** The webhooks API, typed from src/modules/webhooks/contract.ts. */

export { contract };
export type Endpoint = z.output<typeof contract.endpointSchema>;
export type EndpointInput = z.input<typeof contract.createEndpointBody>;
export type Delivery = z.output<typeof contract.deliveryLogEntrySchema>;
export type DeliveryDetail = z.output<typeof contract.deliveryDetailSchema>;
export type DeliveryAttempt = z.output<typeof contract.deliveryAttemptSchema>;
export type DeliveryStatus = z.output<typeof contract.deliveryStatusSchema>;

const ws = (workspaceId: string) => `/api/workspaces/${encodeURIComponent(workspaceId)}/webhooks`;
const endpointPath = (workspaceId: string, endpointId: string) => `${ws(workspaceId)}/endpoints/${encodeURIComponent(endpointId)}`;
const deliveryPath = (workspaceId: string, deliveryId: string) => `${ws(workspaceId)}/deliveries/${encodeURIComponent(deliveryId)}`;

export const keys = {
  endpoints: (workspaceId: string) => ['workspace', workspaceId, 'webhooks', 'endpoints'] as const,
  endpoint: (workspaceId: string, endpointId: string) => ['workspace', workspaceId, 'webhooks', 'endpoints', endpointId] as const,
  secret: (workspaceId: string, endpointId: string) => ['workspace', workspaceId, 'webhooks', 'endpoints', endpointId, 'secret'] as const,
  deliveries: (workspaceId: string, endpointId: string) => ['workspace', workspaceId, 'webhooks', 'deliveries', endpointId] as const,
  delivery: (workspaceId: string, deliveryId: string) => ['workspace', workspaceId, 'webhooks', 'delivery', deliveryId] as const,
  catalogue: ['webhooks', 'catalogue'] as const,
};

/** The public event catalogue: it changes only with a new Atelier version. */
export const catalogueQuery = queryOptions({
  queryKey: keys.catalogue,
  queryFn: () => request('GET', '/api/webhooks/catalogue', { schema: contract.catalogueSchema }),
  staleTime: Infinity,
});

export const endpointsQuery = (workspaceId: string) =>
  queryOptions({ queryKey: keys.endpoints(workspaceId), queryFn: () => request('GET', `${ws(workspaceId)}/endpoints`, { schema: contract.endpointListSchema }) });

export const endpointQuery = (workspaceId: string, endpointId: string) =>
  queryOptions({ queryKey: keys.endpoint(workspaceId, endpointId), queryFn: () => request('GET', endpointPath(workspaceId, endpointId), { schema: contract.endpointSchema }) });

export const secretQuery = (workspaceId: string, endpointId: string) =>
  queryOptions({
    queryKey: keys.secret(workspaceId, endpointId),
    queryFn: () => request('GET', `${endpointPath(workspaceId, endpointId)}/secret`, { schema: contract.endpointSecretSchema }),
    // Fetched when someone asks to see it, and forgotten soon after they leave the page.
    staleTime: Infinity,
    gcTime: 60_000,
  });

export const deliveriesQuery = (workspaceId: string, endpointId: string, status: DeliveryStatus | undefined, limit = 25) =>
  infiniteQueryOptions({
    queryKey: [...keys.deliveries(workspaceId, endpointId), status, limit],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => request('GET', `${ws(workspaceId)}/deliveries`, { query: { endpointId, status, limit, cursor: pageParam }, schema: contract.deliveryListSchema }),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });

export const deliveryQuery = (workspaceId: string, deliveryId: string) =>
  queryOptions({ queryKey: keys.delivery(workspaceId, deliveryId), queryFn: () => request('GET', deliveryPath(workspaceId, deliveryId), { schema: contract.deliveryDetailSchema }) });

export const webhooks = {
  create: (workspaceId: string, body: EndpointInput) => request('POST', `${ws(workspaceId)}/endpoints`, { body, schema: contract.createdEndpointSchema }),
  update: (workspaceId: string, endpointId: string, body: z.input<typeof contract.updateEndpointBody>) => request('PATCH', endpointPath(workspaceId, endpointId), { body, schema: contract.endpointSchema }),
  remove: (workspaceId: string, endpointId: string) => request('DELETE', endpointPath(workspaceId, endpointId)),
  rotateSecret: (workspaceId: string, endpointId: string) => request('POST', `${endpointPath(workspaceId, endpointId)}/rotate-secret`, { schema: contract.endpointSecretSchema }),
  sendTest: (workspaceId: string, endpointId: string, body: z.input<typeof contract.testEventBody>) => request('POST', `${endpointPath(workspaceId, endpointId)}/test`, { body, schema: contract.deliverySchema }),
  resend: (workspaceId: string, deliveryId: string) => request('POST', `${deliveryPath(workspaceId, deliveryId)}/resend`, { schema: contract.deliverySchema }),
  recover: (workspaceId: string, body: z.input<typeof contract.recoverBody> & { endpointId?: string }) => request('POST', `${ws(workspaceId)}/recover`, { body, schema: contract.recoverResultSchema }),
};
