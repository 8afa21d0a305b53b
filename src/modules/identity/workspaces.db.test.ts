import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createApiKey, createWorkspace, joinWorkspace, logIn, signUp, tokenFromEmail, type SignedUpUser } from '../../../test/support/identity-client.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { identityModule } from './index.ts';

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp([identityModule]);
});
afterAll(() => test?.close());

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

const get = (url: string, cookie: string) => call(test.app, 'GET', url, { cookie });
const workspaceIdsOf = async (cookie: string): Promise<string[]> => (await get('/api/me', cookie)).json().workspaces.map((workspace: { id: string }) => workspace.id);

/** Follows `nextCursor` from page to page; every page's items, in order. */
async function allPages<T>(url: string, options: { cookie: string; limit: number }): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const separator = url.includes('?') ? '&' : '?';
    const response = await get(`${url}${separator}limit=${options.limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, options.cookie);
    expect(response.statusCode).toBe(200);
    const page = response.json() as { items: T[]; nextCursor: string | null };
    expect(page.items.length).toBeLessThanOrEqual(options.limit);
    items.push(...page.items);
    cursor = page.nextCursor;
    pages++;
  } while (cursor !== null && pages < 100);
  return { items, pages };
}

describe('creating a workspace', () => {
  it('makes the creator its owner, with the slug they chose', async () => {
    const ann = await signUp(test.app, 'ann@example.com');
    const created = await call(test.app, 'POST', '/api/workspaces', { cookie: ann.cookie, body: { name: 'Acme Studio', slug: 'acme-studio' } });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ name: 'Acme Studio', slug: 'acme-studio', role: 'owner' });
    expect(created.json().permissions).toEqual(expect.arrayContaining(['workspace:delete', 'workspace:transfer', 'members:manage', 'api_keys:manage', 'audit:read']));
    expect(await workspaceIdsOf(ann.cookie)).toEqual([ann.workspaceId, created.json().id]);

    const derived = await call(test.app, 'POST', '/api/workspaces', { cookie: ann.cookie, body: { name: 'Café Crème!' } });
    expect(derived.statusCode).toBe(201);
    expect(derived.json().slug).toMatch(/^cafe-creme-[0-9a-f]{6}$/);
    expect((await call(test.app, 'POST', '/api/workspaces', { body: { name: 'Anonymous' } })).statusCode).toBe(401);
  });

  it('refuses a slug that is taken (409, naming the field) or malformed (400)', async () => {
    const bob = await signUp(test.app, 'bob@example.com');
    for (const slug of ['acme-studio', ' ACME-Studio ']) {
      const taken = await call(test.app, 'POST', '/api/workspaces', { cookie: bob.cookie, body: { name: 'Mine', slug } });
      expect(taken.statusCode).toBe(409);
      expect(taken.json().error).toMatchObject({ code: 'conflict', details: { field: 'slug' } });
    }
    for (const slug of ['-acme', 'acme-', 'ac', 'acme studio', 'acme_studio', 'a'.repeat(41), '']) {
      const bad = await call(test.app, 'POST', '/api/workspaces', { cookie: bob.cookie, body: { name: 'Mine', slug } });
      expect(bad.statusCode, slug).toBe(400);
      expect(bad.json().error.details.fields.map((field: { field: string }) => field.field)).toEqual(['body.slug']);
    }
    expect((await call(test.app, 'POST', '/api/workspaces', { cookie: bob.cookie, body: { name: '   ' } })).statusCode).toBe(400);
    expect(await workspaceIdsOf(bob.cookie)).toEqual([bob.workspaceId]);
  });
});

/** A workspace with one person in each role. */
async function team(name: string): Promise<{ id: string; slug: string; owner: SignedUpUser; admin: SignedUpUser; member: SignedUpUser; viewer: SignedUpUser }> {
  const prefix = name.toLowerCase();
  const person = (role: string) => signUp(test.app, `${prefix}-${role}@example.com`);
  const [owner, admin, member, viewer] = await Promise.all([person('owner'), person('admin'), person('member'), person('viewer')]);
  const workspace = await createWorkspace(test.app, owner.cookie, { name, slug: prefix });
  await joinWorkspace(test.app, test.database.db, owner.cookie, workspace.id, admin, 'admin');
  await joinWorkspace(test.app, test.database.db, owner.cookie, workspace.id, member, 'member');
  await joinWorkspace(test.app, test.database.db, owner.cookie, workspace.id, viewer, 'viewer');
  return { ...workspace, owner, admin, member, viewer };
}

describe('renaming a workspace', () => {
  it('the owner and admins rename it and change its slug; members and viewers get 403', async () => {
    const { id, owner, admin, member, viewer } = await team('Renames');
    const url = `/api/workspaces/${id}`;
    const renamed = await call(test.app, 'PATCH', url, { cookie: owner.cookie, body: { name: 'Renamed' } });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'Renamed', slug: 'renames', role: 'owner' });
    const reslugged = await call(test.app, 'PATCH', url, { cookie: admin.cookie, body: { slug: 'renamed' } });
    expect(reslugged.statusCode).toBe(200);
    expect(reslugged.json()).toMatchObject({ name: 'Renamed', slug: 'renamed', role: 'admin' });
    expect((await get(url, viewer.cookie)).json()).toMatchObject({ name: 'Renamed', slug: 'renamed', role: 'viewer' });

    for (const someone of [member, viewer]) {
      const refused = await call(test.app, 'PATCH', url, { cookie: someone.cookie, body: { name: 'Mine now' } });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error).toMatchObject({ code: 'forbidden', details: { permission: 'workspace:manage' } });
    }
    const taken = await call(test.app, 'PATCH', url, { cookie: owner.cookie, body: { slug: 'acme-studio' } });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error).toMatchObject({ code: 'conflict', details: { field: 'slug' } });
    expect((await call(test.app, 'PATCH', url, { cookie: owner.cookie, body: {} })).statusCode).toBe(400);
    expect((await call(test.app, 'PATCH', url, { cookie: owner.cookie, body: { slug: 'Not A Slug' } })).statusCode).toBe(400);
    expect((await get(url, member.cookie)).json()).toMatchObject({ name: 'Renamed', slug: 'renamed' });
  });
});

describe('deleting a workspace', () => {
  it('needs the owner and the typed slug; afterwards it is gone for every member, its links and keys with it', async () => {
    const { id, slug, owner, admin, member, viewer } = await team('Doomed');
    const url = `/api/workspaces/${id}`;
    const key = await createApiKey(test.app, owner.cookie, id, ['workspace:read']);
    expect((await call(test.app, 'POST', `${url}/invitations`, { cookie: owner.cookie, body: { email: 'doomed-guest@example.com', role: 'member' } })).statusCode).toBe(201);
    const token = await tokenFromEmail(test.database.db, 'doomed-guest@example.com', '/invitations/accept');

    for (const someone of [admin, member]) {
      const refused = await call(test.app, 'DELETE', url, { cookie: someone.cookie, body: { confirm: slug } });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error).toMatchObject({ code: 'forbidden', details: { permission: 'workspace:delete' } });
    }
    const wrong = await call(test.app, 'DELETE', url, { cookie: owner.cookie, body: { confirm: 'doomed-not' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error).toMatchObject({ code: 'invalid_input', details: { field: 'confirm' } });
    expect((await call(test.app, 'DELETE', url, { cookie: owner.cookie })).statusCode).toBe(400);
    expect((await get(url, owner.cookie)).statusCode).toBe(200);

    expect((await call(test.app, 'DELETE', url, { cookie: owner.cookie, body: { confirm: slug } })).statusCode).toBe(204);
    for (const someone of [owner, admin, member, viewer]) {
      for (const path of [url, `${url}/members`]) {
        const gone = await get(path, someone.cookie);
        expect(gone.statusCode).toBe(404);
        expect(gone.json().error.code).toBe('not_found');
      }
      expect(await workspaceIdsOf(someone.cookie)).toEqual([someone.workspaceId]);
    }
    expect((await call(test.app, 'DELETE', url, { cookie: owner.cookie, body: { confirm: slug } })).statusCode).toBe(404);
    expect((await call(test.app, 'GET', url, { bearer: key.secret })).statusCode).toBe(401);
    expect((await call(test.app, 'GET', `/api/invitations/${token}`)).statusCode).toBe(404);
    const guest = await signUp(test.app, 'doomed-guest@example.com');
    expect((await call(test.app, 'POST', '/api/invitations/accept', { cookie: guest.cookie, body: { token } })).statusCode).toBe(404);
  });
});

describe('the audit trail', () => {
  it('lists what happened, newest first, for admins, page by page, without personal data', async () => {
    const { id, owner, admin, member, viewer } = await team('Audited');
    const roleChange = await call(test.app, 'PATCH', `/api/workspaces/${id}/members/${member.userId}`, { cookie: admin.cookie, body: { role: 'viewer' } });
    expect(roleChange.statusCode).toBe(204);
    const key = await createApiKey(test.app, admin.cookie, id, ['workspace:read']);

    const url = `/api/workspaces/${id}/audit`;
    const response = await get(url, admin.cookie);
    expect(response.statusCode).toBe(200);
    const { items, nextCursor } = response.json() as { items: { id: string; type: string; actor: string | null; occurredAt: string; details: Record<string, unknown> }[]; nextCursor: string | null };
    expect(nextCursor).toBeNull();
    expect(items.map((item) => item.type)).toEqual([
      'api_key.created',
      'member.role_changed',
      'member.joined',
      'member.invited',
      'member.joined',
      'member.invited',
      'member.joined',
      'member.invited',
      'member.joined',
      'workspace.created',
    ]);
    const times = items.map((item) => Date.parse(item.occurredAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(items[0]).toMatchObject({ actor: `user:${admin.userId}`, details: { apiKeyId: key.id, permissions: ['workspace:read'] } });
    expect(items[1]).toMatchObject({ actor: `user:${admin.userId}`, details: { userId: member.userId, from: 'member', to: 'viewer' } });
    expect(items[2]).toMatchObject({ actor: `user:${viewer.userId}`, details: { userId: viewer.userId, role: 'viewer' } });
    // Ids and roles only: no email, no name.
    const text = JSON.stringify(items);
    expect(text).not.toContain('@');
    expect(text).not.toContain('audited-');

    const paged = await allPages<{ id: string }>(url, { cookie: owner.cookie, limit: 2 });
    expect(paged.pages).toBe(5);
    expect(paged.items.map((item) => item.id)).toEqual(items.map((item) => item.id));
    const joined = await get(`${url}?type=member.joined`, owner.cookie);
    expect(joined.json().items.map((item: { details: { userId: string } }) => item.details.userId)).toEqual([viewer.userId, member.userId, admin.userId, owner.userId]);
    expect((await get(`${url}?cursor=not-a-cursor`, owner.cookie)).statusCode).toBe(400);

    for (const someone of [member, viewer]) {
      const refused = await get(url, someone.cookie);
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error).toMatchObject({ code: 'forbidden', details: { permission: 'audit:read' } });
    }
  });
});

interface Route {
  method: Method;
  url: string;
  body?: unknown;
}

/** Every route under /api/workspaces/:workspaceId, with a body each would accept. */
const workspaceRoutes = (slug: string, someoneId: string): Route[] => [
  { method: 'GET', url: '/api/workspaces/:workspaceId' },
  { method: 'PATCH', url: '/api/workspaces/:workspaceId', body: { name: 'Taken over' } },
  { method: 'DELETE', url: '/api/workspaces/:workspaceId', body: { confirm: slug } },
  { method: 'POST', url: '/api/workspaces/:workspaceId/transfer-ownership', body: { userId: someoneId } },
  { method: 'GET', url: '/api/workspaces/:workspaceId/members' },
  { method: 'PATCH', url: '/api/workspaces/:workspaceId/members/:userId', body: { role: 'admin' } },
  { method: 'DELETE', url: '/api/workspaces/:workspaceId/members/:userId' },
  { method: 'GET', url: '/api/workspaces/:workspaceId/invitations' },
  { method: 'POST', url: '/api/workspaces/:workspaceId/invitations', body: { email: 'intruder@example.com', role: 'admin' } },
  { method: 'DELETE', url: '/api/workspaces/:workspaceId/invitations/:invitationId' },
  { method: 'GET', url: '/api/workspaces/:workspaceId/api-keys' },
  { method: 'POST', url: '/api/workspaces/:workspaceId/api-keys', body: { name: 'Intruder', permissions: ['workspace:read'] } },
  { method: 'DELETE', url: '/api/workspaces/:workspaceId/api-keys/:apiKeyId' },
  { method: 'GET', url: '/api/workspaces/:workspaceId/audit' },
];

describe('one workspace cannot reach another', () => {
  it("answers 404 on every workspace route to a user or key of workspace A asking for workspace B's things, and B stays as it was", async () => {
    const b = await team('Beta');
    const invitation = await call(test.app, 'POST', `/api/workspaces/${b.id}/invitations`, { cookie: b.owner.cookie, body: { email: 'beta-guest@example.com', role: 'member' } });
    const bKey = await createApiKey(test.app, b.owner.cookie, b.id, ['workspace:read', 'members:read']);
    const a = await team('Alpha');
    const aKey = await createApiKey(test.app, a.owner.cookie, a.id, (await get(`/api/workspaces/${a.id}`, a.owner.cookie)).json().permissions);
    const ids = { workspaceId: b.id, userId: b.member.userId, invitationId: invitation.json().id as string, apiKeyId: bKey.id };
    const fill = (url: string, values: Record<string, string>) => url.replace(/:(\w+)/g, (_match, name: string) => values[name] ?? `:${name}`);

    // The list above is every workspace route the app has: none is left out of the sweep.
    const routes = workspaceRoutes(b.slug, a.admin.userId);
    for (const route of routes) expect(test.app.hasRoute({ method: route.method, url: route.url }), `${route.method} ${route.url}`).toBe(true);
    const documented = Object.entries((test.app.swagger() as { paths: Record<string, Record<string, unknown>> }).paths)
      .filter(([path]) => path.startsWith('/api/workspaces/{workspaceId}'))
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`));
    expect(routes.map((route) => `${route.method} ${route.url}`).sort()).toEqual(documented.sort());

    const snapshot = async () => {
      await test.app.identity.directory.flush();
      const parts = await Promise.all(['', '/members', '/invitations', '/api-keys', '/audit'].map((path) => get(`/api/workspaces/${b.id}${path}`, b.owner.cookie)));
      return parts.map((part) => part.json());
    };
    const before = await snapshot();

    for (const caller of [{ cookie: a.owner.cookie }, { cookie: a.admin.cookie }, { cookie: a.viewer.cookie }, { bearer: aKey.secret }]) {
      for (const route of routes) {
        const url = fill(route.url, ids);
        const response = await call(test.app, route.method, url, { ...caller, body: route.body });
        expect(response.statusCode, `${route.method} ${url} as ${JSON.stringify(caller).slice(0, 30)}`).toBe(404);
        expect(response.json().error.code).toBe('not_found');
        expect(response.body).not.toContain('Beta');
      }
    }
    // B's things named on A's own routes, by A's owner: not found either.
    const theirs = { workspaceId: a.id, userId: b.member.userId, invitationId: ids.invitationId, apiKeyId: bKey.id };
    for (const route of routes.filter((candidate) => /:(userId|invitationId|apiKeyId)$/.test(candidate.url) && candidate.method !== 'GET')) {
      const url = fill(route.url, theirs);
      expect((await call(test.app, route.method, url, { cookie: a.owner.cookie, body: route.body })).statusCode, `${route.method} ${url}`).toBe(404);
    }
    const transfer = await call(test.app, 'POST', `/api/workspaces/${a.id}/transfer-ownership`, { cookie: a.owner.cookie, body: { userId: b.member.userId } });
    expect(transfer.statusCode).toBe(404);

    expect(await snapshot()).toEqual(before);
    expect((await call(test.app, 'GET', `/api/workspaces/${b.id}`, { bearer: bKey.secret })).statusCode).toBe(200);
    expect((await get(`/api/workspaces/${a.id}`, a.owner.cookie)).json().role).toBe('owner');
  });

  it('answers ids that are not ids, or no workspace at all, with the same 404', async () => {
    const cara = await signUp(test.app, 'cara@example.com');
    for (const workspaceId of ['not-an-id', randomUUID(), `${cara.workspaceId}0`]) {
      const response = await get(`/api/workspaces/${workspaceId}/members`, cara.cookie);
      expect(response.statusCode, workspaceId).toBe(404);
      expect(response.json().error.code).toBe('not_found');
    }
    expect((await get(`/api/workspaces/${cara.workspaceId.toUpperCase()}`, cara.cookie)).statusCode).toBe(200);
  });
});

describe('the operator console', () => {
  it('is a plain 404 for everyone until the command line makes them an operator', async () => {
    const olive = await signUp(test.app, 'olive@example.com');
    // One after the other: the console lists the newest first.
    const first = await signUp(test.app, 'opal-first@example.com');
    const second = await signUp(test.app, 'opal-second@example.com');
    await createWorkspace(test.app, first.cookie, { name: 'Gem Works', slug: 'gem-works' });
    const gone = await createWorkspace(test.app, second.cookie, { name: 'Gem Gone', slug: 'gem-gone' });
    expect((await call(test.app, 'DELETE', `/api/workspaces/${gone.id}`, { cookie: second.cookie, body: { confirm: 'gem-gone' } })).statusCode).toBe(204);
    for (const path of ['/api/operator/users', '/api/operator/workspaces']) {
      const hidden = await get(path, olive.cookie);
      expect(hidden.statusCode).toBe(404);
      expect(hidden.json()).toEqual({ error: { code: 'not_found', message: `No route for GET ${path}` } });
    }

    const unknown = await test.command(['operator', 'grant', 'nobody@example.com']);
    expect(unknown).toEqual({ ok: false, error: 'no user has the email nobody@example.com' });
    const missing = await test.command(['operator', 'grant']);
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error).toMatch(/email address/);
    expect(await test.command(['operator', 'grant', 'Olive@Example.com'])).toEqual({ ok: true, output: 'olive@example.com is now an operator' });

    // Sessions are resolved from a short-lived per-process cache (directory.ts); a fresh sign-in sees the grant at once.
    const operator = await logIn(test.app, 'olive@example.com');
    expect((await get('/api/me', operator)).json().user.isOperator).toBe(true);

    const everyone = await get('/api/operator/users?limit=100', operator);
    expect(everyone.statusCode).toBe(200);
    const users = everyone.json().items as { id: string; email: string }[];
    expect(users.length).toBeGreaterThanOrEqual(3);
    expect(users.slice(0, 3).map((user) => user.email)).toEqual(['opal-second@example.com', 'opal-first@example.com', 'olive@example.com']);
    expect(users[2]).toMatchObject({ isOperator: true, workspaces: 1, emailVerified: true });
    const paged = await allPages<{ id: string }>('/api/operator/users', { cookie: operator, limit: 2 });
    expect(paged.items.map((user) => user.id)).toEqual(users.map((user) => user.id));

    const opals = await get('/api/operator/users?search=OPAL-', operator);
    expect(opals.json().items.map((user: { email: string }) => user.email)).toEqual(['opal-second@example.com', 'opal-first@example.com']);
    expect((await get(`/api/operator/users?search=${encodeURIComponent('%')}`, operator)).json().items).toEqual([]);

    const workspaces = await get('/api/operator/workspaces?search=GEM-', operator);
    expect(workspaces.statusCode).toBe(200);
    expect(workspaces.json().items).toEqual([
      expect.objectContaining({ id: gone.id, slug: 'gem-gone', members: 1, deletedAt: expect.any(String) }),
      expect.objectContaining({ name: 'Gem Works', slug: 'gem-works', members: 1, deletedAt: null }),
    ]);
    const allWorkspaces = (await get('/api/operator/workspaces?limit=100', operator)).json().items as { id: string }[];
    const pagedWorkspaces = await allPages<{ id: string }>('/api/operator/workspaces', { cookie: operator, limit: 2 });
    expect(pagedWorkspaces.pages).toBeGreaterThan(2);
    expect(pagedWorkspaces.items.map((workspace) => workspace.id)).toEqual(allWorkspaces.map((workspace) => workspace.id));

    const badCursor = await get('/api/operator/users?cursor=not-a-cursor', operator);
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.json().error.code).toBe('invalid_input');
    expect((await get('/api/operator/workspaces?cursor=not-a-cursor', operator)).statusCode).toBe(400);

    expect(await test.command(['operator', 'revoke', 'olive@example.com'])).toEqual({ ok: true, output: 'olive@example.com is no longer an operator' });
    expect((await get('/api/operator/users', await logIn(test.app, 'olive@example.com'))).statusCode).toBe(404);
  });
});
