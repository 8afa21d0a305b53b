import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clearSessionCookie, sessionCookie, setSessionCookie } from './access.ts';
import type { ClientInfo } from './accounts.ts';
import * as contract from './contract.ts';
import { userView, workspaceView } from './views.ts';

export const clientOf = (request: FastifyRequest): ClientInfo => ({ ip: request.ip, userAgent: request.headers['user-agent'] });

/** Signing up, in and out, and the two emailed links (verify an address, reset a password). */
export async function authRoutes(app: FastifyInstance): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { accounts, config, matrix } = app.identity;
  const tags = ['auth'];

  routes.post(
    '/auth/signup',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'Create an account, its personal workspace and a session', body: contract.signUpRequest, response: { 201: contract.signedIn } },
    },
    async (request, reply) => {
      const { user, workspace, session } = await accounts.signUp(request.body, clientOf(request));
      setSessionCookie(reply, config, session.token, session.expiresAt);
      return reply.code(201).send({ user: userView(user), workspace: workspaceView(workspace, 'owner', matrix) });
    },
  );

  routes.post(
    '/auth/login',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'Sign in with email and password', body: contract.logInRequest, response: { 200: contract.signedIn } },
    },
    async (request, reply) => {
      const { user, session } = await accounts.logIn(request.body, clientOf(request), request.cookies[sessionCookie]);
      setSessionCookie(reply, config, session.token, session.expiresAt);
      return { user: userView(user) };
    },
  );

  routes.post(
    '/auth/logout',
    { config: { access: 'signed-in' }, schema: { tags, summary: 'End this session' } },
    async (request, reply) => {
      const caller = request.caller;
      if (caller?.via.kind === 'session') await accounts.logOut(caller.via.sessionId, caller.userId);
      clearSessionCookie(reply, config);
      return reply.code(204).send();
    },
  );

  routes.post(
    '/auth/verify-email',
    { config: { access: 'public' }, schema: { tags, summary: 'Confirm an email address with the emailed token', body: contract.tokenRequest, response: { 200: z.object({ verified: z.literal(true) }) } } },
    async (request) => {
      await accounts.verifyEmail(request.body.token);
      return { verified: true as const };
    },
  );

  routes.post(
    '/auth/forgot-password',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'Email a password-reset link (the answer is the same for unknown addresses)', body: contract.forgotPasswordRequest, response: { 202: z.object({ sent: z.literal(true) }) } },
    },
    async (request, reply) => {
      await accounts.forgotPassword(request.body.email, clientOf(request));
      return reply.code(202).send({ sent: true as const });
    },
  );

  routes.post(
    '/auth/reset-password',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'Set a new password with the emailed token; signs out every session', body: contract.resetPasswordRequest, response: { 200: z.object({ reset: z.literal(true) }) } },
    },
    async (request) => {
      await accounts.resetPassword(request.body.token, request.body.password);
      return { reset: true as const };
    },
  );
}
