import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../platform/config/config.ts';
import { enrichContext } from '../../platform/context/request-context.ts';
import { isUuid } from '../../platform/db/tenancy.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { Directory } from './directory.ts';
import { permissionsOf, type PermissionMatrix, type Role } from './permissions.ts';
import { apiKeyPrefix, hashSecret } from './secrets.ts';

/**
 * What a route requires, declared in its config: `public`, `signed-in` (a user's session),
 * `operator`, or a permission in the workspace named by its `:workspaceId` parameter.
 */
export type RouteAccess = 'public' | 'signed-in' | 'operator' | { permission: string };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    /** Who is calling, once authenticated; undefined on a public route called anonymously. */
    caller?: Caller;
    /** On workspace routes: the workspace and what the caller may do in it. */
    workspace?: WorkspaceAccess;
  }
}

export interface Caller {
  userId: string;
  /** A browser session, or an API key acting with its own permissions. */
  via: { kind: 'session'; sessionId: string } | { kind: 'api_key'; apiKeyId: string; workspaceId: string; permissions: readonly string[] };
  email: string;
  name: string;
  isOperator: boolean;
  emailVerified: boolean;
}

export interface WorkspaceAccess {
  id: string;
  role: Role;
  permissions: ReadonlySet<string>;
}

export const sessionCookie = 'atelier_session';
const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface AccessOptions {
  config: Config;
  directory: Directory;
  matrix: PermissionMatrix;
}

/** Authentication, CSRF defence and authorisation for every route, in `onRequest`: before the body is read or any handler (or idempotency claim) runs. */
export async function installAccess(app: FastifyInstance, options: AccessOptions): Promise<void> {
  const { config, directory, matrix } = options;
  const known = new Set([...matrix.values()].flatMap((permissions) => [...permissions]));
  await app.register(cookie);
  app.decorateRequest('caller', undefined);
  app.decorateRequest('workspace', undefined);

  // A route that forgets to say who may call it does not start: no accidental public route.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return;
    const access = route.config?.access;
    if (access === undefined) throw new Error(`route ${route.method} ${route.url} declares no access (config.access)`);
    if (typeof access === 'object') {
      if (!known.has(access.permission)) throw new Error(`route ${route.method} ${route.url} requires unknown permission ${access.permission}`);
      if (!route.url.includes(':workspaceId')) throw new Error(`route ${route.method} ${route.url} requires a permission but has no :workspaceId`);
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    const access = request.routeOptions.config.access;
    if (access === undefined) return;
    const caller = await authenticate(request, directory);
    if (caller) {
      request.caller = caller;
      enrichContext({ userId: caller.userId });
      if (caller.via.kind === 'session') directory.touchSession(caller.via.sessionId);
      else directory.touchApiKey(caller.via.apiKeyId);
    }
    refuseCrossSite(request, config, caller);
    if (access === 'public') return;
    if (!caller) {
      if (request.cookies[sessionCookie]) clearSessionCookie(reply, config);
      throw new AppError('unauthenticated', 'Sign in first, or send an API key as "Authorization: Bearer atl_…"');
    }
    if (access === 'signed-in' || access === 'operator') {
      if (caller.via.kind !== 'session') throw new AppError('forbidden', 'API keys work on workspace routes only; sign in for this one');
      if (access === 'operator' && !caller.isOperator) throw new AppError('not_found', `No route for ${request.method} ${request.url.split('?')[0]}`);
      return;
    }
    request.workspace = await authorize(request, caller, access.permission, directory, matrix);
    enrichContext({ workspaceId: request.workspace.id });
  });
}

async function authenticate(request: FastifyRequest, directory: Directory): Promise<Caller | undefined> {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const secret = /^Bearer (\S+)$/i.exec(authorization)?.[1];
    if (!secret?.startsWith(apiKeyPrefix)) throw new AppError('unauthenticated', 'The Authorization header must be "Bearer atl_…"');
    const key = await directory.apiKey(hashSecret(secret));
    if (!key) throw new AppError('unauthenticated', 'This API key is not valid (revoked, or never existed)');
    return {
      userId: key.createdBy,
      via: { kind: 'api_key', apiKeyId: key.apiKeyId, workspaceId: key.workspaceId, permissions: key.permissions },
      email: '',
      name: 'API key',
      isOperator: false,
      emailVerified: true,
    };
  }
  const token = request.cookies[sessionCookie];
  if (!token) return undefined;
  const session = await directory.session(hashSecret(token));
  if (!session) return undefined;
  const { sessionId, ...user } = session;
  return { ...user, via: { kind: 'session', sessionId } };
}

/**
 * A browser sends the session cookie with requests other sites trigger. A change made with the
 * cookie must come from our own origin: `Sec-Fetch-Site` where the browser sends it, else
 * `Origin`; a cookie-authenticated change with neither is refused. Sign-up and log-in carry no
 * cookie yet but are refused too when a browser says another site sent them (login CSRF).
 */
function refuseCrossSite(request: FastifyRequest, config: Config, caller: Caller | undefined): void {
  if (!unsafeMethods.has(request.method)) return;
  const cookieAuthenticated = caller?.via.kind === 'session';
  const site = request.headers['sec-fetch-site'];
  const origin = request.headers.origin;
  let crossSite: boolean;
  if (typeof site === 'string') crossSite = site !== 'same-origin' && site !== 'none';
  else if (typeof origin === 'string') crossSite = origin !== config.PUBLIC_URL && origin !== `${request.protocol}://${request.host}`;
  else crossSite = cookieAuthenticated;
  if (crossSite && (cookieAuthenticated || request.routeOptions.config.access === 'public')) {
    throw new AppError('forbidden', 'This request came from another site; changes must come from Atelier itself');
  }
}

async function authorize(request: FastifyRequest, caller: Caller, permission: string, directory: Directory, matrix: PermissionMatrix): Promise<WorkspaceAccess> {
  const workspaceId = (request.params as { workspaceId?: string }).workspaceId ?? '';
  // Made only when thrown: an Error captures a stack trace, too dear for every allowed request.
  const hidden = () => new AppError('not_found', 'No such workspace, or you are not a member of it');
  if (!isUuid(workspaceId)) throw hidden();
  const id = workspaceId.toLowerCase();
  if (caller.via.kind === 'api_key' && caller.via.workspaceId !== id) throw hidden();
  const role = await directory.role(caller.userId, id);
  if (!role) {
    // A key whose creator left the workspace is as good as revoked.
    if (caller.via.kind === 'api_key') throw new AppError('unauthenticated', 'This API key is not valid (revoked, or never existed)');
    throw hidden();
  }
  const granted = permissionsOf(matrix, role);
  const permissions = caller.via.kind === 'api_key' ? new Set(caller.via.permissions.filter((name) => granted.has(name))) : granted;
  if (!permissions.has(permission)) {
    const who = caller.via.kind === 'api_key' ? 'This API key does' : `Your role (${role}) does`;
    throw new AppError('forbidden', `${who} not allow ${permission}`, { permission });
  }
  return { id, role, permissions };
}

/** Secure in production, and wherever the dashboard is served over HTTPS. */
const secureCookie = (config: Config) => config.NODE_ENV === 'production' || config.PUBLIC_URL.startsWith('https:');

export function setSessionCookie(reply: FastifyReply, config: Config, token: string, expiresAt: Date): void {
  reply.setCookie(sessionCookie, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: secureCookie(config),
    path: '/',
    expires: expiresAt,
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Config): void {
  reply.clearCookie(sessionCookie, { httpOnly: true, sameSite: 'lax', secure: secureCookie(config), path: '/' });
}
