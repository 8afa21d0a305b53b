import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createApiKey, createWorkspace, joinWorkspace, signUp, type SignedUpUser } from '../../../test/support/identity-client.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { identityModule } from './index.ts';

let test: TestApp;
/** Owner of the "Keys" workspace, where Abe is an admin and Mo a member. */
let olga: SignedUpUser;
let abe: SignedUpUser;
let mo: SignedUpUser;
let workspaceId: string;

beforeAll(async () => {
  test = await createTestApp([identityModule]);
  [olga, abe, mo] = await Promise.all([signUp(test.app, 'olga@example.com'), signUp(test.app, 'abe@example.com'), signUp(test.app, 'mo@example.com')]);
  workspaceId = (await createWorkspace(test.app, olga.cookie, { name: 'Keys' })).id;
  await joinWorkspace(test.app, test.database.db, olga.cookie, workspaceId, abe, 'admin');
  await joinWorkspace(test.app, test.database.db, olga.cookie, workspaceId, mo, 'member');
});
afterAll(() => test?.close());

const keysOf = async (cookie: string) => {
  const response = await call(test.app, 'GET', `/api/workspaces/${workspaceId}/api-keys`, { cookie });
  expect(response.statusCode).toBe(200);
  return response.json().items as { id: string; prefix: string; lastUsedAt: string | null }[];
};

describe('creating API keys', () => {
  it('gives a key some of its maker\'s permissions; the secret is shown once, lists show only its prefix', async () => {
    const created = await call(test.app, 'POST', `/api/workspaces/${workspaceId}/api-keys`, {
      cookie: abe.cookie,
      body: { name: 'CI', permissions: ['members:read', 'workspace:read', 'members:read'] },
    });
    expect(created.statusCode).toBe(201);
    const key = created.json();
    expect(key).toMatchObject({ name: 'CI', permissions: ['members:read', 'workspace:read'], createdBy: abe.userId, lastUsedAt: null });
    expect(key.secret).toMatch(/^atl_[A-Za-z0-9_-]{43}$/);
    // Enough to tell keys apart in a list, far too little to guess the rest.
    expect(key.prefix).toMatch(/^atl_[A-Za-z0-9_-]{6}$/);
    expect(key.secret.startsWith(key.prefix)).toBe(true);

    const listed = await call(test.app, 'GET', `/api/workspaces/${workspaceId}/api-keys`, { cookie: olga.cookie });
    expect(listed.json().items).toEqual([expect.objectContaining({ id: key.id, name: 'CI', prefix: key.prefix })]);
    expect(listed.json().items[0]).not.toHaveProperty('secret');
    expect(listed.body).not.toContain(key.secret);
  });

  it('refuses permissions the maker lacks, unknown ones and malformed requests', async () => {
    const beyond = await call(test.app, 'POST', `/api/workspaces/${workspaceId}/api-keys`, { cookie: abe.cookie, body: { name: 'Too much', permissions: ['workspace:read', 'workspace:delete'] } });
    expect(beyond.statusCode).toBe(403);
    expect(beyond.json().error).toMatchObject({ code: 'forbidden', details: { permissions: ['workspace:delete'] } });
    const unknown = await call(test.app, 'POST', `/api/workspaces/${workspaceId}/api-keys`, { cookie: olga.cookie, body: { name: 'Made up', permissions: ['everything:all'] } });
    expect(unknown.statusCode).toBe(403);
    const none = await call(test.app, 'POST', `/api/workspaces/${workspaceId}/api-keys`, { cookie: olga.cookie, body: { name: 'Empty', permissions: [] } });
    expect(none.statusCode).toBe(400);
    const malformed = await call(test.app, 'POST', `/api/workspaces/${workspaceId}/api-keys`, { cookie: olga.cookie, body: { name: 'Bad', permissions: ['Workspace Read'] } });
    expect(malformed.statusCode).toBe(400);
    // A member may not manage keys at all.
    const member = await call(test.app, 'POST', `/api/workspaces/${workspaceId}/api-keys`, { cookie: mo.cookie, body: { name: 'Mine', permissions: ['workspace:read'] } });
    expect(member.statusCode).toBe(403);
    expect((await call(test.app, 'GET', `/api/workspaces/${workspaceId}/api-keys`, { cookie: mo.cookie })).statusCode).toBe(403);
    // None of the refused requests made a key.
    expect(await keysOf(olga.cookie)).toHaveLength(1);
  });
});

describe('using an API key', () => {
  it('works on its workspace\'s routes within its permissions, like a session limited to them', async () => {
    const key = await createApiKey(test.app, olga.cookie, workspaceId, ['workspace:read', 'members:read']);
    const workspace = await call(test.app, 'GET', `/api/workspaces/${workspaceId}`, { bearer: key.secret });
    expect(workspace.statusCode).toBe(200);
    // What the caller may do here is what the key allows, not everything its maker's role allows.
    expect(workspace.json()).toMatchObject({ id: workspaceId, permissions: ['members:read', 'workspace:read'] });
    const members = await call(test.app, 'GET', `/api/workspaces/${workspaceId}/members`, { bearer: key.secret });
    expect(members.statusCode).toBe(200);
    expect(members.json().items).toHaveLength(3);

    const rename = await call(test.app, 'PATCH', `/api/workspaces/${workspaceId}`, { bearer: key.secret, body: { name: 'Renamed by a key' } });
    expect(rename.statusCode).toBe(403);
    expect(rename.json().error).toMatchObject({ code: 'forbidden', details: { permission: 'workspace:manage' } });
    expect((await call(test.app, 'GET', `/api/workspaces/${workspaceId}/api-keys`, { bearer: key.secret })).statusCode).toBe(403);
    expect((await call(test.app, 'GET', `/api/workspaces/${workspaceId}/audit`, { bearer: key.secret })).statusCode).toBe(403);
    const remove = await call(test.app, 'DELETE', `/api/workspaces/${workspaceId}/members/${mo.userId}`, { bearer: key.secret });
    expect(remove.statusCode).toBe(403);
    expect((await call(test.app, 'GET', `/api/workspaces/${workspaceId}`, { cookie: olga.cookie })).json().name).toBe('Keys');
  });

  it('answers 404 on any other workspace, even one its maker owns', async () => {
    const key = await createApiKey(test.app, olga.cookie, workspaceId, ['workspace:read', 'members:read']);
    for (const url of [`/api/workspaces/${olga.workspaceId}`, `/api/workspaces/${olga.workspaceId}/members`, `/api/workspaces/${abe.workspaceId}`]) {
      const response = await call(test.app, 'GET', url, { bearer: key.secret });
      expect(response.statusCode, url).toBe(404);
      expect(response.json().error.code).toBe('not_found');
    }
  });

  it('is refused on the routes of a person rather than a workspace', async () => {
    const key = await createApiKey(test.app, olga.cookie, workspaceId, ['workspace:read']);
    const me = await call(test.app, 'GET', '/api/me', { bearer: key.secret });
    expect(me.statusCode).toBe(403);
    expect(me.json().error.code).toBe('forbidden');
    expect((await call(test.app, 'POST', '/api/workspaces', { bearer: key.secret, body: { name: 'By a key' } })).statusCode).toBe(403);
    expect((await call(test.app, 'GET', '/api/me/sessions', { bearer: key.secret })).statusCode).toBe(403);
    expect((await call(test.app, 'GET', '/api/operator/users', { bearer: key.secret })).statusCode).toBe(403);
  });

  it('refuses a malformed, made-up or mistyped key with 401', async () => {
    const key = await createApiKey(test.app, olga.cookie, workspaceId, ['workspace:read']);
    for (const authorization of ['Bearer nonsense', 'Basic b2xnYTpwYXNzd29yZA==', `Bearer atl_${'x'.repeat(43)}`, `Bearer ${key.secret}x`]) {
      const response = await test.app.inject({ method: 'GET', url: `/api/workspaces/${workspaceId}`, headers: { authorization } });
      expect(response.statusCode, authorization).toBe(401);
      expect(response.json().error.code).toBe('unauthenticated');
    }
  });

  it('stops working the moment it is revoked', async () => {
    const key = await createApiKey(test.app, abe.cookie, workspaceId, ['workspace:read']);
    // Used once, so the process has it cached.
    expect((await call(test.app, 'GET', `/api/workspaces/${workspaceId}`, { bearer: key.secret })).statusCode).toBe(200);
    const revoke = await call(test.app, 'DELETE', `/api/workspaces/${workspaceId}/api-keys/${key.id}`, { cookie: olga.cookie });
    expect(revoke.statusCode).toBe(204);
    const after = await call(test.app, 'GET', `/api/workspaces/${workspaceId}`, { bearer: key.secret });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('unauthenticated');
    expect((await keysOf(olga.cookie)).map((listed) => listed.id)).not.toContain(key.id);
    expect((await call(test.app, 'DELETE', `/api/workspaces/${workspaceId}/api-keys/${key.id}`, { cookie: olga.cookie })).statusCode).toBe(404);
    // A member cannot revoke keys.
    const other = await createApiKey(test.app, olga.cookie, workspaceId, ['workspace:read']);
    expect((await call(test.app, 'DELETE', `/api/workspaces/${workspaceId}/api-keys/${other.id}`, { cookie: mo.cookie })).statusCode).toBe(403);
    expect((await call(test.app, 'GET', `/api/workspaces/${workspaceId}`, { bearer: other.secret })).statusCode).toBe(200);
  });

  it('cannot create keys, even with api_keys:manage; it can list and revoke them', async () => {
    const key = await createApiKey(test.app, olga.cookie, workspaceId, ['api_keys:manage', 'workspace:read']);
    const spawn = await call(test.app, 'POST', `/api/workspaces/${workspaceId}/api-keys`, { bearer: key.secret, body: { name: 'Child', permissions: ['workspace:read'] } });
    expect(spawn.statusCode).toBe(403);
    expect(spawn.json().error.code).toBe('forbidden');
    const listed = await call(test.app, 'GET', `/api/workspaces/${workspaceId}/api-keys`, { bearer: key.secret });
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items.map((item: { name: string }) => item.name)).not.toContain('Child');
    const victim = await createApiKey(test.app, olga.cookie, workspaceId, ['workspace:read']);
    expect((await call(test.app, 'DELETE', `/api/workspaces/${workspaceId}/api-keys/${victim.id}`, { bearer: key.secret })).statusCode).toBe(204);
  });

  it('records when it was last used', async () => {
    const key = await createApiKey(test.app, olga.cookie, workspaceId, ['workspace:read'], 'Usage');
    await test.app.identity.directory.flush();
    expect((await keysOf(olga.cookie)).find((listed) => listed.id === key.id)?.lastUsedAt).toBeNull();
    const before = Date.now();
    expect((await call(test.app, 'GET', `/api/workspaces/${workspaceId}`, { bearer: key.secret })).statusCode).toBe(200);
    await test.app.identity.directory.flush();
    const lastUsedAt = (await keysOf(olga.cookie)).find((listed) => listed.id === key.id)?.lastUsedAt;
    expect(lastUsedAt).toBeTruthy();
    expect(Date.parse(lastUsedAt as string)).toBeGreaterThanOrEqual(before - 1000);
  });

  it('can do no more than its maker can now: a demoted maker\'s key loses what the new role lacks', async () => {
    const ada = await signUp(test.app, 'ada@example.com');
    await joinWorkspace(test.app, test.database.db, olga.cookie, workspaceId, ada, 'admin');
    const key = await createApiKey(test.app, ada.cookie, workspaceId, ['members:manage', 'members:read']);
    expect((await call(test.app, 'GET', `/api/workspaces/${workspaceId}/invitations`, { bearer: key.secret })).statusCode).toBe(200);
    expect((await call(test.app, 'PATCH', `/api/workspaces/${workspaceId}/members/${ada.userId}`, { cookie: olga.cookie, body: { role: 'member' } })).statusCode).toBe(204);
    const after = await call(test.app, 'GET', `/api/workspaces/${workspaceId}/invitations`, { bearer: key.secret });
    expect(after.statusCode).toBe(403);
    expect((await call(test.app, 'GET', `/api/workspaces/${workspaceId}/members`, { bearer: key.secret })).statusCode).toBe(200);
  });
});

describe('API keys in logs', () => {
  it('never writes a key\'s secret to the log, however it is used', async () => {
    const key = await createApiKey(test.app, olga.cookie, workspaceId, ['workspace:read']);
    await call(test.app, 'GET', `/api/workspaces/${workspaceId}`, { bearer: key.secret });
    await call(test.app, 'GET', `/api/workspaces/${workspaceId}/members`, { bearer: key.secret });
    await call(test.app, 'GET', `/api/workspaces/${workspaceId}`, { bearer: `${key.secret}x` });
    expect(test.logs.text()).toContain('request completed');
    expect(test.logs.text()).not.toContain(key.secret);
  });
});
