/**
 * The directory's per-process cache: a revocation drops the cached answer at once, however the
 * revoked id was spelt in the request, and even when a lookup was under way as it happened;
 * another process's cache lets it go within `cacheSeconds`.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { call, signUp, tokenFromEmail, type SignedUpUser } from '../../../test/support/identity-client.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { cacheSeconds, createDirectory } from './directory.ts';
import { identityModule } from './index.ts';
import { hashSecret } from './secrets.ts';

let test: TestApp;
let ann: SignedUpUser;
let bob: SignedUpUser;
beforeAll(async () => {
  test = await createTestApp([identityModule]);
  ann = await signUp(test.app, 'dir-ann@example.com');
  bob = await signUp(test.app, 'dir-bob@example.com');
});
afterAll(() => test?.close());

async function join(who: SignedUpUser, workspaceId: string, role: 'admin' | 'member' | 'viewer'): Promise<void> {
  const invited = await call(test.app, 'POST', `/api/workspaces/${workspaceId}/invitations`, { cookie: ann.cookie, body: { email: who.email, role } });
  expect(invited.statusCode).toBe(201);
  const token = await tokenFromEmail(test.database.db, who.email, '/invitations/accept');
  expect((await call(test.app, 'POST', '/api/invitations/accept', { cookie: who.cookie, body: { token } })).statusCode).toBe(200);
}

describe('revocations named by an id in capitals take effect at once', () => {
  it('a removed member', async () => {
    await join(bob, ann.workspaceId, 'member');
    expect((await call(test.app, 'GET', `/api/workspaces/${ann.workspaceId}`, { cookie: bob.cookie })).statusCode).toBe(200);
    const removed = await call(test.app, 'DELETE', `/api/workspaces/${ann.workspaceId}/members/${bob.userId.toUpperCase()}`, { cookie: ann.cookie });
    expect(removed.statusCode).toBe(204);
    expect((await call(test.app, 'GET', `/api/workspaces/${ann.workspaceId}`, { cookie: bob.cookie })).statusCode).toBe(404);
  });

  it('a changed role', async () => {
    await join(bob, ann.workspaceId, 'admin');
    expect((await call(test.app, 'GET', `/api/workspaces/${ann.workspaceId}`, { cookie: bob.cookie })).json().role).toBe('admin');
    const changed = await call(test.app, 'PATCH', `/api/workspaces/${ann.workspaceId}/members/${bob.userId.toUpperCase()}`, { cookie: ann.cookie, body: { role: 'viewer' } });
    expect(changed.statusCode).toBe(204);
    expect((await call(test.app, 'GET', `/api/workspaces/${ann.workspaceId}`, { cookie: bob.cookie })).json().role).toBe('viewer');
  });

  it('a revoked API key', async () => {
    const created = await call(test.app, 'POST', `/api/workspaces/${ann.workspaceId}/api-keys`, { cookie: ann.cookie, body: { name: 'ci', permissions: ['workspace:read'] } });
    expect(created.statusCode).toBe(201);
    const { id, secret } = created.json() as { id: string; secret: string };
    expect((await call(test.app, 'GET', `/api/workspaces/${ann.workspaceId}`, { bearer: secret })).statusCode).toBe(200);
    expect((await call(test.app, 'DELETE', `/api/workspaces/${ann.workspaceId}/api-keys/${id.toUpperCase()}`, { cookie: ann.cookie })).statusCode).toBe(204);
    expect((await call(test.app, 'GET', `/api/workspaces/${ann.workspaceId}`, { bearer: secret })).statusCode).toBe(401);
  });

  it('a signed-out session', async () => {
    const other = await call(test.app, 'POST', '/api/auth/login', { body: { email: ann.email, password: 'a good long password' } });
    expect(other.statusCode).toBe(200);
    const otherCookie = other.cookies.find((entry) => entry.name === 'atelier_session')!;
    const cookie = `atelier_session=${otherCookie.value}`;
    const listed = await call(test.app, 'GET', '/api/me/sessions', { cookie });
    const current = (listed.json().items as { id: string; current: boolean }[]).find((session) => session.current)!;
    expect((await call(test.app, 'DELETE', `/api/me/sessions/${current.id.toUpperCase()}`, { cookie: ann.cookie })).statusCode).toBe(204);
    expect((await call(test.app, 'GET', '/api/me', { cookie })).statusCode).toBe(401);
  });
});

it('does not keep an answer that a revocation overtook while it was being looked up', async () => {
  const { directory } = test.app.identity;
  const cy = await signUp(test.app, 'dir-cy@example.com');
  await join(cy, ann.workspaceId, 'member');
  // The lookup reads the membership; the removal (here: forget, then the row goes) lands before it is stored.
  const looking = directory.role(cy.userId, ann.workspaceId);
  directory.forgetMembership(ann.workspaceId, cy.userId);
  expect(await looking).toBe('member');
  await test.database.db.system((tx) => tx.execute(sql`delete from identity.memberships where workspace_id = ${ann.workspaceId} and user_id = ${cy.userId}`));
  expect(await directory.role(cy.userId, ann.workspaceId)).toBeNull();
});

it(`lets another process's cache see a revocation within ${cacheSeconds} seconds`, async () => {
  // A second directory on the same database stands for another process's cache.
  const other = createDirectory(test.database.db);
  const dee = await signUp(test.app, 'dir-dee@example.com');
  await join(dee, ann.workspaceId, 'member');
  const created = await call(test.app, 'POST', `/api/workspaces/${ann.workspaceId}/api-keys`, { cookie: ann.cookie, body: { name: 'other', permissions: ['workspace:read'] } });
  const key = created.json() as { id: string; secret: string };
  const sessionHash = hashSecret(dee.cookie.slice('atelier_session='.length));
  vi.useFakeTimers({ toFake: ['Date'] });
  try {
    expect(await other.session(sessionHash)).toMatchObject({ userId: dee.userId });
    expect(await other.role(dee.userId, ann.workspaceId)).toBe('member');
    expect(await other.apiKey(hashSecret(key.secret))).toMatchObject({ apiKeyId: key.id });

    expect((await call(test.app, 'POST', '/api/auth/logout', { cookie: dee.cookie })).statusCode).toBe(204);
    expect((await call(test.app, 'DELETE', `/api/workspaces/${ann.workspaceId}/members/${dee.userId}`, { cookie: ann.cookie })).statusCode).toBe(204);
    expect((await call(test.app, 'DELETE', `/api/workspaces/${ann.workspaceId}/api-keys/${key.id}`, { cookie: ann.cookie })).statusCode).toBe(204);

    vi.setSystemTime(Date.now() + cacheSeconds * 1000);
    expect(await other.session(sessionHash)).toBeNull();
    expect(await other.role(dee.userId, ann.workspaceId)).toBeNull();
    expect(await other.apiKey(hashSecret(key.secret))).toBeNull();
  } finally {
    vi.useRealTimers();
    await other.close();
  }
});
