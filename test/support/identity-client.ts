import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/platform/db/database.ts';
import { queryRows } from '../../src/platform/db/tenancy.ts';
import type {} from '../../src/modules/identity/index.ts';

/** The dashboard's origin in tests (createTestApp's PUBLIC_URL): browsers send it on every change. */
export const origin = 'http://localhost:3000';

let addressCounter = 0;
/** A fresh client address per sign-up, so the per-address sign-up quota never trips a test. */
export const freshAddress = () => `10.${(++addressCounter >> 16) & 255}.${(addressCounter >> 8) & 255}.${addressCounter & 255}`;

export interface SignedUpUser {
  userId: string;
  workspaceId: string;
  email: string;
  cookie: string;
}

export function sessionCookieOf(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((entry) => entry.name === 'atelier_session');
  if (!cookie) throw new Error(`no session cookie in a ${response.statusCode} answer: ${response.body}`);
  return `atelier_session=${cookie.value}`;
}

/** Calls the API as a browser signed in with `cookie` would (same-origin), or anonymously. */
export function call(app: FastifyInstance, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, options: { cookie?: string; body?: unknown; bearer?: string; headers?: Record<string, string>; ip?: string } = {}) {
  return app.inject({
    method,
    url,
    remoteAddress: options.ip ?? '127.0.0.1',
    headers: {
      ...(method === 'GET' ? {} : { origin }),
      ...(options.cookie ? { cookie: options.cookie } : {}),
      ...(options.bearer ? { authorization: `Bearer ${options.bearer}` } : {}),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { payload: options.body as Record<string, unknown> }),
  });
}

/**
 * Signs up and, like most people, follows the emailed link to confirm the address (pass
 * `verified: false` to stay unconfirmed). Needs the identity module in the app.
 */
export async function signUp(app: FastifyInstance, email: string, password = 'a good long password', options: { verified?: boolean } = {}): Promise<SignedUpUser> {
  const response = await call(app, 'POST', '/api/auth/signup', { body: { email, password }, ip: freshAddress() });
  if (response.statusCode !== 201) throw new Error(`sign-up of ${email} answered ${response.statusCode}: ${response.body}`);
  const body = response.json() as { user: { id: string }; workspace: { id: string } };
  if (options.verified ?? true) {
    const token = await tokenFromEmail(app.identity.db, email, '/verify-email');
    const verified = await call(app, 'POST', '/api/auth/verify-email', { body: { token } });
    if (verified.statusCode !== 200) throw new Error(`verifying ${email} answered ${verified.statusCode}: ${verified.body}`);
  }
  return { userId: body.user.id, workspaceId: body.workspace.id, email, cookie: sessionCookieOf(response) };
}

/** The emails queued for `to`, newest first: what a person would find in their inbox. */
export async function emailsTo(db: Database, to: string): Promise<{ subject: string; text: string }[]> {
  return db.system((tx) =>
    queryRows<{ subject: string; text: string }>(
      tx,
      sql`select data->'payload'->>'subject' as subject, data->'payload'->>'text' as text
          from pgboss.job where name = 'platform.send-email' and data->'payload'->>'to' = ${to}
          order by created_on desc`,
    ),
  );
}

/** The token of the newest emailed link to `path` (`/verify-email`, `/reset-password`, `/invitations/accept`). */
export async function tokenFromEmail(db: Database, to: string, path: string): Promise<string> {
  for (const email of await emailsTo(db, to)) {
    const match = new RegExp(`${path}\\?token=([A-Za-z0-9_%-]+)`).exec(email.text);
    if (match?.[1]) return decodeURIComponent(match[1]);
  }
  throw new Error(`no email to ${to} with a ${path} link`);
}

/** Signs in with email and password; the session cookie to send next. */
export async function logIn(app: FastifyInstance, email: string, password = 'a good long password'): Promise<string> {
  const response = await call(app, 'POST', '/api/auth/login', { body: { email, password } });
  if (response.statusCode !== 200) throw new Error(`log-in of ${email} answered ${response.statusCode}: ${response.body}`);
  return sessionCookieOf(response);
}

/** Creates a workspace as the signed-in `cookie`, who becomes its owner. */
export async function createWorkspace(app: FastifyInstance, cookie: string, body: { name: string; slug?: string }): Promise<{ id: string; slug: string }> {
  const response = await call(app, 'POST', '/api/workspaces', { cookie, body });
  if (response.statusCode !== 201) throw new Error(`creating workspace ${body.name} answered ${response.statusCode}: ${response.body}`);
  return response.json() as { id: string; slug: string };
}

/** Invites `user` into the workspace as `role` (as `inviterCookie`, an admin there) and has them accept the emailed link. */
export async function joinWorkspace(app: FastifyInstance, db: Database, inviterCookie: string, workspaceId: string, user: SignedUpUser, role: 'admin' | 'member' | 'viewer'): Promise<void> {
  const invited = await call(app, 'POST', `/api/workspaces/${workspaceId}/invitations`, { cookie: inviterCookie, body: { email: user.email, role } });
  if (invited.statusCode !== 201) throw new Error(`inviting ${user.email} answered ${invited.statusCode}: ${invited.body}`);
  const token = await tokenFromEmail(db, user.email, '/invitations/accept');
  const accepted = await call(app, 'POST', '/api/invitations/accept', { cookie: user.cookie, body: { token } });
  if (accepted.statusCode !== 200) throw new Error(`${user.email} accepting answered ${accepted.statusCode}: ${accepted.body}`);
}

/** Creates an API key in the workspace as `cookie`; its secret, to send as `bearer`. */
export async function createApiKey(app: FastifyInstance, cookie: string, workspaceId: string, permissions: string[], name = 'test key'): Promise<{ id: string; secret: string }> {
  const response = await call(app, 'POST', `/api/workspaces/${workspaceId}/api-keys`, { cookie, body: { name, permissions } });
  if (response.statusCode !== 201) throw new Error(`creating an API key answered ${response.statusCode}: ${response.body}`);
  return response.json() as { id: string; secret: string };
}
