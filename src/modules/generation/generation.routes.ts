import { workspaceIdempotency } from '../../platform/http/idempotency.ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Caller, WorkspaceAccess } from '../identity/index.ts';
import { isUuid } from '../../platform/db/tenancy.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { ModuleRouteOptions } from '../../platform/module.ts';
import * as contract from './contract.ts';
import { generationRecords, terminalStatuses, viewOf } from './generation-records.ts';
import { assertServesTask, generationParts, unavailability, worstCaseCredits } from './generation-parts.ts';
import { cancelGeneration, requestGeneration } from './request-generation.ts';
import { setTaskDefault, taskDefaultsOf } from './task-defaults.ts';

const workspaceParams = z.object({ workspaceId: z.uuid({ error: 'must be an id' }) });
const generationParams = workspaceParams.extend({ generationId: z.uuid({ error: 'must be an id' }) });
const imageParams = generationParams.extend({ index: z.coerce.number().int().min(0).max(99) });
const need = (permission: string) => ({ access: { permission } });
/** How often the progress stream looks at the record; a generation's steps take longer than this. */
const streamPollMs = 250;

/** AI requests of a workspace under /workspaces/{workspaceId}/generations; its settings under …/generation. */
export async function generationRoutes(app: FastifyInstance, options: ModuleRouteOptions): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const parts = generationParts(options.db, options.config, options.contributions);
  const { db } = parts;
  const access = (request: FastifyRequest) => request.workspace as WorkspaceAccess;
  const caller = (request: FastifyRequest) => request.caller as Caller;
  const tags = ['generation'];
  const findOrNotFound = async (workspaceId: string, generationId: string) => {
    const row = await db.tenant(workspaceId, (tx) => generationRecords.findForView(tx, generationId));
    if (!row) throw new AppError('not_found', 'No such generation in this workspace');
    return row;
  };

  routes.post(
    '/workspaces/:workspaceId/generations',
    {
      config: { ...need('generation:run'), idempotency: workspaceIdempotency },
      schema: {
        tags,
        summary: 'Starts a generation of a task; answers at once with the queued record (follow it with GET or the stream)',
        params: workspaceParams,
        body: contract.requestGenerationBody,
        response: { 202: contract.generationSchema },
      },
    },
    async (request, reply) => {
      const generation = await requestGeneration(parts, options.jobs, options.limits, {
        workspaceId: access(request).id,
        task: request.body.task,
        input: request.body.input,
        model: request.body.model,
        requestedBy: caller(request).userId,
        // Besides the HTTP replay: a retry after a crash between the commit and the stored answer still finds its generation.
        key: request.headers['idempotency-key'] as string | undefined,
      });
      return reply.code(202).send(generation);
    },
  );

  routes.get(
    '/workspaces/:workspaceId/generations',
    { config: need('generation:read'), schema: { tags, summary: 'Generations, newest first', params: workspaceParams, querystring: contract.generationListQuery, response: { 200: contract.generationListSchema } } },
    async (request) => {
      const { cursor, ...filter } = request.query;
      if (cursor && !isUuid(cursor)) throw new AppError('invalid_input', 'The cursor is not one this API gave out', { field: 'cursor' });
      const page = await db.tenant(access(request).id, (tx) => generationRecords.list(tx, { ...filter, cursor }));
      return { items: page.items.map(viewOf), nextCursor: page.nextCursor };
    },
  );

  routes.get(
    '/workspaces/:workspaceId/generations/:generationId',
    { config: need('generation:read'), schema: { tags, summary: 'One generation: status, progress, attempts, tokens, credits and output', params: generationParams, response: { 200: contract.generationSchema } } },
    async (request) => viewOf(await findOrNotFound(access(request).id, request.params.generationId)),
  );

  routes.get(
    '/workspaces/:workspaceId/generations/:generationId/stream',
    {
      config: need('generation:read'),
      schema: {
        tags,
        summary: 'Server-Sent Events: a `generation` event with the record whenever its status or progress changes, ending with the final state',
        params: generationParams,
      },
    },
    async (request, reply) => {
      const workspaceId = access(request).id;
      const { generationId } = request.params;
      let row = await findOrNotFound(workspaceId, generationId);
      reply.hijack();
      reply.raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-content-type-options': 'nosniff',
        // Proxies such as nginx would otherwise hold the events back in a buffer.
        'x-accel-buffering': 'no',
      });
      let closed = false;
      request.raw.on('close', () => {
        closed = true;
      });
      let sent = '';
      try {
        for (;;) {
          const view = JSON.stringify(viewOf(row));
          if (view !== sent) {
            reply.raw.write(`event: generation\ndata: ${view}\n\n`);
            sent = view;
          }
          if (terminalStatuses.has(row.status) || closed) break;
          await new Promise((resolve) => setTimeout(resolve, streamPollMs));
          row = await findOrNotFound(workspaceId, generationId);
        }
      } catch (error) {
        request.log.warn({ err: error, generationId }, 'generation stream ended early');
        reply.raw.write(`event: error\ndata: ${JSON.stringify({ code: 'stream_failed', message: 'The progress stream broke off; fetch the generation to see where it is' })}\n\n`);
      }
      reply.raw.end();
    },
  );

  routes.get(
    '/workspaces/:workspaceId/generations/:generationId/images/:index',
    {
      config: need('generation:read'),
      schema: {
        tags,
        summary: "One image of a succeeded image generation, as its bytes (image/png for the local model): the output's `images[index]`",
        params: imageParams,
      },
    },
    async (request, reply) => {
      const { generationId, index } = request.params;
      const workspaceId = access(request).id;
      const image = await db.tenant(workspaceId, async (tx) => {
        const found = await generationRecords.image(tx, generationId, index);
        if (!found && !(await generationRecords.findForView(tx, generationId))) throw new AppError('not_found', 'No such generation in this workspace');
        return found;
      });
      if (!image) throw new AppError('not_found', `This generation has no image ${index}`);
      return reply
        .header('content-type', image.mediaType)
        // A succeeded generation's output never changes; only members may see it, so only their browser keeps it.
        .header('cache-control', 'private, max-age=31536000, immutable')
        .header('content-disposition', `inline; filename="${generationId}-${index}.${image.mediaType.slice('image/'.length)}"`)
        .send(Buffer.from(image.base64, 'base64'));
    },
  );

  routes.post(
    '/workspaces/:workspaceId/generations/:generationId/cancel',
    { config: need('generation:run'), schema: { tags, summary: 'Cancels a queued or running generation; its reserved credits go back', params: generationParams, response: { 200: contract.generationSchema } } },
    async (request) => cancelGeneration(parts, access(request).id, request.params.generationId),
  );

  routes.get(
    '/workspaces/:workspaceId/generation/tasks',
    { config: need('generation:read'), schema: { tags, summary: 'The tasks this deployment can run, with the credits each sets aside', params: workspaceParams, response: { 200: contract.taskListSchema } } },
    async (request) => {
      const workspaceId = access(request).id;
      const defaults = await taskDefaultsOf(db, workspaceId);
      const items = await Promise.all(
        parts.tasks.all().map(async (task) => {
          const model = await parts.models.get(defaults.get(task.name) ?? task.defaultModel);
          return {
            name: task.name,
            description: task.description,
            capability: task.capability,
            defaultModel: task.defaultModel,
            workspaceDefault: defaults.get(task.name) ?? null,
            estimatedCredits: worstCaseCredits(task, [model]),
            inputSchema: z.toJSONSchema(task.input, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
          };
        }),
      );
      return { items };
    },
  );

  routes.get(
    '/workspaces/:workspaceId/generation/models',
    { config: need('generation:read'), schema: { tags, summary: 'The models of the registry, and whether this workspace may use each (plan, provider key)', params: workspaceParams, response: { 200: contract.modelListSchema } } },
    async (request) => {
      const workspaceId = access(request).id;
      const plan = await parts.usage.plans.currentPlan(workspaceId);
      const items = await Promise.all(
        (await parts.models.all()).map(async (model) => {
          const reason = await unavailability(parts, workspaceId, plan.models, model);
          return { id: model.id, label: model.label, provider: model.provider, capabilities: model.capabilities, contextWindow: model.contextWindow, price: model.price, available: reason === null, unavailableBecause: reason };
        }),
      );
      return { items };
    },
  );

  routes.put(
    '/workspaces/:workspaceId/generation/tasks/:task/default',
    {
      config: need('generation:configure'),
      schema: { tags, summary: "Sets the workspace's model for a task", params: workspaceParams.extend({ task: z.string().max(100) }), body: contract.setTaskDefaultBody, response: { 204: z.null() } },
    },
    async (request, reply) => {
      const workspaceId = access(request).id;
      const task = parts.tasks.get(request.params.task);
      const model = await parts.models.get(request.body.model);
      assertServesTask(task, model);
      const plan = await parts.usage.plans.currentPlan(workspaceId);
      const reason = await unavailability(parts, workspaceId, plan.models, model);
      if (reason) throw new AppError('invalid_input', `${model.label} cannot be used by this workspace (${reason.replaceAll('_', ' ')})`, { field: 'model', reason });
      await db.tenant(workspaceId, (tx) => setTaskDefault(tx, workspaceId, task.name, model.id));
      return reply.code(204).send(null);
    },
  );

  const providerParams = workspaceParams.extend({ provider: contract.keyedProviderSchema });

  routes.get(
    '/workspaces/:workspaceId/generation/provider-keys',
    { config: need('generation:read'), schema: { tags, summary: "Which providers the workspace reaches, and with whose key (never the key)", params: workspaceParams, response: { 200: contract.providerKeyListSchema } } },
    async (request) => ({ items: (await parts.keys.status(access(request).id)).map((item) => ({ ...item, updatedAt: item.updatedAt?.toISOString() ?? null })) }),
  );

  routes.put(
    '/workspaces/:workspaceId/generation/provider-keys/:provider',
    {
      config: need('generation:configure'),
      schema: { tags, summary: "Stores the workspace's own key for a provider, encrypted; it is used instead of the deployment's", params: providerParams, body: contract.setProviderKeyBody, response: { 204: z.null() } },
    },
    async (request, reply) => {
      const workspaceId = access(request).id;
      await db.tenant(workspaceId, (tx) => parts.keys.set(tx, workspaceId, request.params.provider, request.body.apiKey, caller(request).userId));
      return reply.code(204).send(null);
    },
  );

  routes.delete(
    '/workspaces/:workspaceId/generation/provider-keys/:provider',
    { config: need('generation:configure'), schema: { tags, summary: "Forgets the workspace's own key for a provider", params: providerParams, response: { 204: z.null() } } },
    async (request, reply) => {
      const workspaceId = access(request).id;
      if (!(await db.tenant(workspaceId, (tx) => parts.keys.remove(tx, workspaceId, request.params.provider)))) throw new AppError('not_found', 'This workspace has no key of its own for that provider');
      return reply.code(204).send(null);
    },
  );

  const modelParams = z.object({ modelId: z.string().max(100) });

  routes.get(
    '/operator/models',
    { config: { access: 'operator' }, schema: { tags: ['operator'], summary: 'The model registry with prices, costs and fallbacks', response: { 200: contract.operatorModelListSchema } } },
    async () => ({ items: await parts.models.all() }),
  );

  routes.put(
    '/operator/models/:modelId',
    {
      config: { access: 'operator' },
      schema: { tags: ['operator'], summary: 'Edits a model (or adds one): prices, limits, fallbacks, enabled', params: modelParams, body: contract.modelDefinitionSchema, response: { 200: contract.operatorModelSchema } },
    },
    async (request) => {
      if (request.body.id !== request.params.modelId) throw new AppError('invalid_input', 'The body names another model than the path', { field: 'id' });
      await db.system((tx) => parts.models.save(tx, request.body, caller(request).userId));
      return parts.models.get(request.body.id);
    },
  );

  routes.delete(
    '/operator/models/:modelId',
    { config: { access: 'operator' }, schema: { tags: ['operator'], summary: "Drops an operator's edit: a built-in model returns to its defaults", params: modelParams, response: { 204: z.null() } } },
    async (request, reply) => {
      if (!(await db.system((tx) => parts.models.revert(tx, request.params.modelId)))) throw new AppError('not_found', 'That model has no operator edit');
      return reply.code(204).send(null);
    },
  );
}
