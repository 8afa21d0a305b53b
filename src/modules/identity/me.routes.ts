import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Caller } from './access.ts';
import * as contract from './contract.ts';
import { invitationView, sessionView, userView, workspaceView } from './views.ts';

/** The signed-in user's own things: profile, workspaces, sessions, password, email, invitations. */
export async function meRoutes(app: FastifyInstance): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { accounts, workspaces, members, matrix } = app.identity;
  const tags = ['me'];
  const signedIn = { access: 'signed-in' as const };
  const me = (request: FastifyRequest) => request.caller as Caller;
  const sessionId = (request: FastifyRequest) => {
    const via = me(request).via;
    return via.kind === 'session' ? via.sessionId : '';
  };

  routes.get('/me', { config: signedIn, schema: { tags, summary: 'The signed-in user and their workspaces', response: { 200: contract.me } } }, async (request) => {
    const { userId } = me(request);
    const [user, memberOf] = [await accounts.userById(userId), await workspaces.listFor(userId)];
    return { user: userView(user), workspaces: memberOf.map((entry) => workspaceView(entry.workspace, entry.role, matrix)) };
  });

  routes.patch('/me', { config: signedIn, schema: { tags, summary: 'Change your name', body: contract.updateProfileRequest, response: { 200: contract.user } } }, async (request) => {
    await accounts.updateProfile(me(request).userId, request.body.name);
    return userView(await accounts.userById(me(request).userId));
  });

  routes.get('/me/sessions', { config: signedIn, schema: { tags, summary: 'Your signed-in sessions', response: { 200: z.object({ items: z.array(contract.session) }) } } }, async (request) => {
    const rows = await accounts.listSessions(me(request).userId);
    return { items: rows.map((row) => sessionView(row, sessionId(request))) };
  });

  routes.delete(
    '/me/sessions/:sessionId',
    { config: signedIn, schema: { tags, summary: 'Sign out one session', params: z.object({ sessionId: contract.uuidParam }) } },
    async (request, reply) => {
      await accounts.revokeSession(me(request).userId, request.params.sessionId);
      return reply.code(204).send();
    },
  );

  routes.post(
    '/me/password',
    { config: signedIn, schema: { tags, summary: 'Change your password; signs out your other sessions', body: contract.changePasswordRequest } },
    async (request, reply) => {
      await accounts.changePassword(me(request).userId, sessionId(request), request.body.currentPassword, request.body.newPassword);
      return reply.code(204).send();
    },
  );

  routes.post(
    '/me/email',
    { config: signedIn, schema: { tags, summary: 'Change your email: a link goes to the new address, which takes effect once confirmed', body: contract.changeEmailRequest, response: { 202: z.object({ sent: z.literal(true) }) } } },
    async (request, reply) => {
      await accounts.changeEmail(me(request).userId, request.body.email, request.body.password);
      return reply.code(202).send({ sent: true as const });
    },
  );

  routes.post(
    '/me/verification-email',
    { config: signedIn, schema: { tags, summary: 'Send the confirmation link again', response: { 202: z.object({ sent: z.literal(true) }) } } },
    async (request, reply) => {
      await accounts.resendVerification(me(request).userId);
      return reply.code(202).send({ sent: true as const });
    },
  );

  // A POST, so the token travels in the body and never in a URL that logs and proxies keep.
  routes.post(
    '/invitations/preview',
    { config: { access: 'public' }, schema: { tags: ['invitations'], summary: 'What an invitation offers, for the accept page', body: contract.tokenRequest, response: { 200: contract.invitationPreview } } },
    async (request) => {
      const { invitation, workspaceName, invitedByName } = await members.preview(request.body.token);
      return { workspaceName, invitedByName, role: invitation.role, email: invitation.email, expiresAt: invitationView(invitation).expiresAt };
    },
  );

  routes.post(
    '/invitations/accept',
    { config: signedIn, schema: { tags: ['invitations'], summary: 'Join the workspace an invitation is for', body: contract.tokenRequest, response: { 200: contract.workspace } } },
    async (request) => {
      const { workspaceId, role } = await members.accept(request.body.token, me(request));
      return workspaceView(await workspaces.get(workspaceId), role, matrix);
    },
  );
}
