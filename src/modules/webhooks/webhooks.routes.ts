import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { newId } from '../../platform/db/new-id.ts';
import { z } from 'zod';
import type { WorkspaceAccess } from '../identity/index.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { ModuleRouteOptions } from '../../platform/module.ts';
import { catalogueEntry, messageOf, publicCatalogue } from './catalogue.ts';
import * as contract from './contract.ts';
import { fanOut, recoverFailedSince, resendDelivery, webhookParts } from './deliveries.ts';
import {
  createEndpoint,
  deleteEndpoint,
  deliveryDetail,
  deliveryView,
  endpointSecret,
  endpointView,
  findEndpoint,
  listDeliveries,
  listEndpoints,
  rotateSecret,
  updateEndpoint,
} from './endpoints.ts';
import { attemptQueueOf } from './webhooks-jobs.ts';
import { deliveries } from './webhooks.schema.ts';
import { eq } from 'drizzle-orm';

const id = z.uuid({ error: 'must be an id' });
const workspaceParams = z.object({ workspaceId: id });
const endpointParams = workspaceParams.extend({ endpointId: id });
const deliveryParams = workspaceParams.extend({ deliveryId: id });
const manage = { access: { permission: 'webhooks:manage' } } as const;

/** Outgoing webhooks under /workspaces/{workspaceId}/webhooks, and the public catalogue at /webhooks/catalogue. */
export async function webhooksRoutes(app: FastifyInstance, options: ModuleRouteOptions): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const parts = webhookParts(options.db, options.config);
  const queue = attemptQueueOf(options.jobs);
  const { db } = options;
  const workspaceOf = (request: FastifyRequest) => (request.workspace as WorkspaceAccess).id;
  const tags = ['webhooks'];
  const catalogue = publicCatalogue();

  routes.get(
    '/webhooks/catalogue',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'The events a webhook endpoint may subscribe to, each with the JSON Schema of its `data` and an example message', response: { 200: contract.catalogueSchema } },
    },
    async () => catalogue,
  );

  routes.get(
    '/workspaces/:workspaceId/webhooks/endpoints',
    { config: manage, schema: { tags, summary: "The workspace's webhook endpoints", params: workspaceParams, response: { 200: contract.endpointListSchema } } },
    async (request) => ({ items: await db.tenant(workspaceOf(request), listEndpoints) }),
  );

  routes.post(
    '/workspaces/:workspaceId/webhooks/endpoints',
    {
      config: manage,
      schema: { tags, summary: 'Registers an endpoint; the answer carries its signing secret', params: workspaceParams, body: contract.createEndpointBody, response: { 201: contract.createdEndpointSchema } },
    },
    async (request, reply) => {
      const workspaceId = workspaceOf(request);
      const created = await db.tenant(workspaceId, (tx) => createEndpoint(parts, tx, workspaceId, request.body));
      return reply.code(201).send(created);
    },
  );

  routes.get(
    '/workspaces/:workspaceId/webhooks/endpoints/:endpointId',
    { config: manage, schema: { tags, summary: 'One endpoint', params: endpointParams, response: { 200: contract.endpointSchema } } },
    async (request) => endpointView(await db.tenant(workspaceOf(request), (tx) => findEndpoint(tx, request.params.endpointId))),
  );

  routes.patch(
    '/workspaces/:workspaceId/webhooks/endpoints/:endpointId',
    {
      config: manage,
      schema: { tags, summary: 'Changes an endpoint (URL, description, event types, enabled); enabling a disabled one starts its failure count afresh', params: endpointParams, body: contract.updateEndpointBody, response: { 200: contract.endpointSchema } },
    },
    async (request) => db.tenant(workspaceOf(request), (tx) => updateEndpoint(parts, tx, request.params.endpointId, request.body)),
  );

  routes.delete(
    '/workspaces/:workspaceId/webhooks/endpoints/:endpointId',
    { config: manage, schema: { tags, summary: 'Deletes an endpoint and its delivery log', params: endpointParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await db.tenant(workspaceOf(request), (tx) => deleteEndpoint(tx, request.params.endpointId));
      return reply.code(204).send(null);
    },
  );

  routes.get(
    '/workspaces/:workspaceId/webhooks/endpoints/:endpointId/secret',
    { config: manage, schema: { tags, summary: "The endpoint's signing secret (whsec_…)", params: endpointParams, response: { 200: contract.endpointSecretSchema } } },
    async (request) => {
      const workspaceId = workspaceOf(request);
      return db.tenant(workspaceId, (tx) => endpointSecret(parts, tx, workspaceId, request.params.endpointId));
    },
  );

  routes.post(
    '/workspaces/:workspaceId/webhooks/endpoints/:endpointId/rotate-secret',
    {
      config: manage,
      schema: { tags, summary: 'Replaces the signing secret; for 24 hours messages carry signatures by both the new and the old secret', params: endpointParams, response: { 200: contract.endpointSecretSchema } },
    },
    async (request) => {
      const workspaceId = workspaceOf(request);
      return db.tenant(workspaceId, (tx) => rotateSecret(parts, tx, workspaceId, request.params.endpointId));
    },
  );

  routes.post(
    '/workspaces/:workspaceId/webhooks/endpoints/:endpointId/test',
    {
      config: manage,
      schema: { tags, summary: "Sends the catalogue's example of an event type (the endpoint's first, by default) to this endpoint", params: endpointParams, body: contract.testEventBody, response: { 202: contract.deliverySchema } },
    },
    async (request, reply) => {
      const workspaceId = workspaceOf(request);
      const delivery = await db.tenant(workspaceId, async (tx) => {
        const endpoint = await findEndpoint(tx, request.params.endpointId);
        const type = request.body.eventType ?? endpoint.eventTypes[0] ?? '';
        const entry = catalogueEntry(type);
        if (!entry) throw new AppError('invalid_input', `Not in the event catalogue: ${type}`, { field: 'eventType' });
        const [deliveryId] = await fanOut(tx, queue, workspaceId, { id: newId(), type, payload: messageOf(type, parts.now(), entry.example) }, endpoint.id);
        const [row] = await tx.select().from(deliveries).where(eq(deliveries.id, deliveryId as string));
        return deliveryView(row as typeof deliveries.$inferSelect);
      });
      return reply.code(202).send(delivery);
    },
  );

  routes.get(
    '/workspaces/:workspaceId/webhooks/deliveries',
    {
      config: manage,
      schema: { tags, summary: 'The delivery log, newest first', params: workspaceParams, querystring: contract.deliveryListQuery.extend({ endpointId: id.optional() }), response: { 200: contract.deliveryListSchema } },
    },
    async (request) => {
      const { cursor } = request.query;
      if (cursor && !id.safeParse(cursor).success) throw new AppError('invalid_input', 'The cursor is not one this API gave out', { field: 'cursor' });
      return db.tenant(workspaceOf(request), (tx) => listDeliveries(tx, request.query));
    },
  );

  routes.get(
    '/workspaces/:workspaceId/webhooks/deliveries/:deliveryId',
    { config: manage, schema: { tags, summary: 'One delivery with every attempt: request headers and body, response status and body, duration, error', params: deliveryParams, response: { 200: contract.deliveryDetailSchema } } },
    async (request) => db.tenant(workspaceOf(request), (tx) => deliveryDetail(tx, request.params.deliveryId)),
  );

  routes.post(
    '/workspaces/:workspaceId/webhooks/deliveries/:deliveryId/resend',
    { config: manage, schema: { tags, summary: 'Sends a delivery again, with a fresh round of attempts', params: deliveryParams, response: { 202: contract.deliverySchema } } },
    async (request, reply) => {
      const workspaceId = workspaceOf(request);
      const view = await db.tenant(workspaceId, async (tx) => {
        if (!(await resendDelivery(tx, queue, workspaceId, request.params.deliveryId))) throw new AppError('not_found', 'No such webhook delivery in this workspace');
        const [row] = await tx.select().from(deliveries).where(eq(deliveries.id, request.params.deliveryId));
        return deliveryView(row as typeof deliveries.$inferSelect);
      });
      return reply.code(202).send(view);
    },
  );

  routes.post(
    '/workspaces/:workspaceId/webhooks/recover',
    {
      config: manage,
      schema: { tags, summary: 'Sends again every failed delivery created since a time (of one endpoint, or all)', params: workspaceParams, body: contract.recoverBody.extend({ endpointId: id.optional() }), response: { 202: contract.recoverResultSchema } },
    },
    async (request, reply) => {
      const workspaceId = workspaceOf(request);
      const requeued = await db.tenant(workspaceId, (tx) => recoverFailedSince(tx, queue, workspaceId, new Date(request.body.since), request.body.endpointId));
      return reply.code(202).send({ requeued });
    },
  );
}
