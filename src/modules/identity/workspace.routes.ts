import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors/app-error.ts';
import type { Caller, WorkspaceAccess } from './access.ts';
import * as contract from './contract.ts';
import { apiKeyView, invitationView, workspaceView } from './views.ts';

const workspaceParams = z.object({ workspaceId: contract.uuidParam });
const need = (permission: string) => ({ access: { permission } });

/**
 * Handing out access (invitations, API keys) needs a confirmed address: someone who opened an
 * account with another person's email must not leave keys behind for when the owner claims it.
 */
function requireVerified(caller: Caller): void {
  if (!caller.emailVerified) throw new AppError('forbidden', 'Confirm your email address first (we sent you a link)', { reason: 'email_unverified' });
}

/** Everything under /workspaces/{workspaceId}: the access hook has checked membership and permission before these run. */
export async function workspaceRoutes(app: FastifyInstance): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { workspaces, members, apiKeys, audit, matrix } = app.identity;
  const caller = (request: FastifyRequest) => request.caller as Caller;
  const access = (request: FastifyRequest) => request.workspace as WorkspaceAccess;
  const tags = ['workspaces'];

  routes.post(
    '/workspaces',
    { config: { access: 'signed-in' }, schema: { tags, summary: 'Create a workspace; you are its owner', body: contract.createWorkspaceRequest, response: { 201: contract.workspace } } },
    async (request, reply) => {
      const row = await workspaces.create(caller(request), request.body);
      return reply.code(201).send(workspaceView(row, 'owner', matrix));
    },
  );

  routes.get(
    '/workspaces/:workspaceId',
    { config: need('workspace:read'), schema: { tags, summary: 'The workspace, with your role and permissions in it', params: workspaceParams, response: { 200: contract.workspace } } },
    async (request) => workspaceView(await workspaces.get(access(request).id), access(request).role, matrix, access(request).permissions),
  );

  routes.patch(
    '/workspaces/:workspaceId',
    { config: need('workspace:manage'), schema: { tags, summary: 'Rename the workspace or change its URL slug', params: workspaceParams, body: contract.updateWorkspaceRequest, response: { 200: contract.workspace } } },
    async (request) => workspaceView(await workspaces.update(access(request).id, request.body), access(request).role, matrix, access(request).permissions),
  );

  routes.delete(
    '/workspaces/:workspaceId',
    { config: need('workspace:delete'), schema: { tags, summary: 'Delete the workspace (type its slug to confirm)', params: workspaceParams, body: contract.deleteWorkspaceRequest } },
    async (request, reply) => {
      await workspaces.delete(access(request).id, caller(request).userId, request.body.confirm);
      return reply.code(204).send();
    },
  );

  routes.post(
    '/workspaces/:workspaceId/transfer-ownership',
    { config: need('workspace:transfer'), schema: { tags, summary: 'Make another member the owner; you become an admin', params: workspaceParams, body: contract.transferOwnershipRequest } },
    async (request, reply) => {
      await members.transferOwnership(access(request).id, caller(request).userId, request.body.userId);
      return reply.code(204).send();
    },
  );

  const memberParams = workspaceParams.extend({ userId: contract.uuidParam });

  routes.get(
    '/workspaces/:workspaceId/members',
    { config: need('members:read'), schema: { tags: ['members'], summary: 'Members and their roles', params: workspaceParams, response: { 200: z.object({ items: z.array(contract.member) }) } } },
    async (request) => ({
      items: (await members.list(access(request).id)).map((member) => ({ ...member, joinedAt: member.joinedAt.toISOString() })),
    }),
  );

  routes.patch(
    '/workspaces/:workspaceId/members/:userId',
    { config: need('members:manage'), schema: { tags: ['members'], summary: "Change a member's role", params: memberParams, body: contract.changeRoleRequest } },
    async (request, reply) => {
      await members.changeRole(access(request).id, request.params.userId, request.body.role);
      return reply.code(204).send();
    },
  );

  routes.delete(
    '/workspaces/:workspaceId/members/:userId',
    { config: need('members:read'), schema: { tags: ['members'], summary: 'Remove a member (or yourself: leave the workspace)', params: memberParams } },
    async (request, reply) => {
      const { userId } = caller(request);
      if (request.params.userId.toLowerCase() === userId && caller(request).via.kind === 'session') {
        await members.leave(access(request).id, userId);
      } else {
        if (!access(request).permissions.has('members:manage')) throw new AppError('forbidden', `Your role (${access(request).role}) does not allow members:manage`, { permission: 'members:manage' });
        await members.remove(access(request).id, request.params.userId);
      }
      return reply.code(204).send();
    },
  );

  routes.get(
    '/workspaces/:workspaceId/invitations',
    { config: need('members:manage'), schema: { tags: ['members'], summary: 'Pending invitations', params: workspaceParams, response: { 200: z.object({ items: z.array(contract.invitation) }) } } },
    async (request) => ({ items: (await members.pendingInvitations(access(request).id)).map(invitationView) }),
  );

  routes.post(
    '/workspaces/:workspaceId/invitations',
    { config: need('members:manage'), schema: { tags: ['members'], summary: 'Invite someone by email with a role', params: workspaceParams, body: contract.inviteRequest, response: { 201: contract.invitation } } },
    async (request, reply) => {
      requireVerified(caller(request));
      const row = await members.invite(access(request).id, caller(request).userId, request.body.email, request.body.role);
      return reply.code(201).send(invitationView(row));
    },
  );

  routes.delete(
    '/workspaces/:workspaceId/invitations/:invitationId',
    { config: need('members:manage'), schema: { tags: ['members'], summary: 'Revoke an invitation', params: workspaceParams.extend({ invitationId: contract.uuidParam }) } },
    async (request, reply) => {
      await members.revokeInvitation(access(request).id, request.params.invitationId);
      return reply.code(204).send();
    },
  );

  routes.get(
    '/workspaces/:workspaceId/api-keys',
    { config: need('api_keys:manage'), schema: { tags: ['api keys'], summary: 'Active API keys (never their secrets)', params: workspaceParams, response: { 200: z.object({ items: z.array(contract.apiKey) }) } } },
    async (request) => ({ items: (await apiKeys.list(access(request).id)).map(apiKeyView) }),
  );

  routes.post(
    '/workspaces/:workspaceId/api-keys',
    {
      config: need('api_keys:manage'),
      schema: { tags: ['api keys'], summary: 'Create an API key with some of your permissions; its secret is shown this once', params: workspaceParams, body: contract.createApiKeyRequest, response: { 201: contract.apiKeyCreated } },
    },
    async (request, reply) => {
      if (caller(request).via.kind !== 'session') throw new AppError('forbidden', 'API keys are created by people, signed in, not by other keys');
      requireVerified(caller(request));
      const created = await apiKeys.create(access(request).id, caller(request).userId, access(request).permissions, request.body);
      return reply.code(201).send({ ...apiKeyView(created), secret: created.secret });
    },
  );

  routes.delete(
    '/workspaces/:workspaceId/api-keys/:apiKeyId',
    { config: need('api_keys:manage'), schema: { tags: ['api keys'], summary: 'Revoke an API key', params: workspaceParams.extend({ apiKeyId: contract.uuidParam }) } },
    async (request, reply) => {
      await apiKeys.revoke(access(request).id, request.params.apiKeyId);
      return reply.code(204).send();
    },
  );

  routes.get(
    '/workspaces/:workspaceId/audit',
    {
      config: need('audit:read'),
      schema: {
        tags: ['audit'],
        summary: "The workspace's audit trail, newest first",
        params: workspaceParams,
        querystring: contract.pageQuery.extend({ type: z.string().max(100).optional() }),
        response: { 200: contract.page(contract.auditEntry) },
      },
    },
    async (request) => audit.list(access(request).id, request.query),
  );
}
