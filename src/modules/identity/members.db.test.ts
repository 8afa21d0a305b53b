import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createApiKey, createWorkspace, joinWorkspace, signUp, tokenFromEmail, type SignedUpUser } from '../../../test/support/identity-client.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { identityModule } from './index.ts';

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp([identityModule]);
});
afterAll(() => test?.close());

interface Team {
  workspaceId: string;
  owner: SignedUpUser;
  admin: SignedUpUser;
  member: SignedUpUser;
  viewer: SignedUpUser;
}

let teams = 0;
/** A fresh workspace with one person in each role, so each test starts from a known team. */
async function team(): Promise<Team> {
  const n = ++teams;
  const person = (role: string) => signUp(test.app, `${role}${n}@example.com`);
  const [owner, admin, member, viewer] = await Promise.all([person('owner'), person('admin'), person('member'), person('viewer')]);
  const { id: workspaceId } = await createWorkspace(test.app, owner.cookie, { name: `Team ${n}` });
  await joinWorkspace(test.app, test.database.db, owner.cookie, workspaceId, admin, 'admin');
  await joinWorkspace(test.app, test.database.db, owner.cookie, workspaceId, member, 'member');
  await joinWorkspace(test.app, test.database.db, owner.cookie, workspaceId, viewer, 'viewer');
  return { workspaceId, owner, admin, member, viewer };
}

const invite = (cookie: string, workspaceId: string, email: string, role: string) => call(test.app, 'POST', `/api/workspaces/${workspaceId}/invitations`, { cookie, body: { email, role } });
const accept = (cookie: string, token: string) => call(test.app, 'POST', '/api/invitations/accept', { cookie, body: { token } });
const preview = (token: string) => call(test.app, 'POST', '/api/invitations/preview', { body: { token } });

async function membersOf(cookie: string, workspaceId: string): Promise<{ userId: string; role: string; email: string }[]> {
  const response = await call(test.app, 'GET', `/api/workspaces/${workspaceId}/members`, { cookie });
  expect(response.statusCode).toBe(200);
  return response.json().items;
}

async function pendingOf(cookie: string, workspaceId: string): Promise<{ id: string; email: string; role: string }[]> {
  const response = await call(test.app, 'GET', `/api/workspaces/${workspaceId}/invitations`, { cookie });
  expect(response.statusCode).toBe(200);
  return response.json().items;
}

async function workspaceIdsOf(cookie: string): Promise<string[]> {
  return (await call(test.app, 'GET', '/api/me', { cookie })).json().workspaces.map((workspace: { id: string }) => workspace.id);
}

describe('invitations', () => {
  it('an admin invites, a member or viewer cannot; the invitation is pending and its link shows what it offers', async () => {
    const { workspaceId, owner, admin, member, viewer } = await team();
    const invited = await invite(admin.cookie, workspaceId, ' New.Person@Example.com ', 'member');
    expect(invited.statusCode).toBe(201);
    expect(invited.json()).toMatchObject({ email: 'new.person@example.com', role: 'member', invitedBy: admin.userId });
    for (const someone of [member, viewer]) {
      const refused = await invite(someone.cookie, workspaceId, 'other@example.com', 'viewer');
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error).toMatchObject({ code: 'forbidden', details: { permission: 'members:manage' } });
      expect((await call(test.app, 'GET', `/api/workspaces/${workspaceId}/invitations`, { cookie: someone.cookie })).statusCode).toBe(403);
    }
    expect(await pendingOf(owner.cookie, workspaceId)).toEqual([expect.objectContaining({ id: invited.json().id, email: 'new.person@example.com', role: 'member' })]);

    const token = await tokenFromEmail(test.database.db, 'new.person@example.com', '/invitations/accept');
    const shown = await preview(token);
    expect(shown.statusCode).toBe(200);
    expect(shown.json()).toMatchObject({ workspaceName: 'Team 1', role: 'member', email: 'new.person@example.com', invitedByName: 'admin1' });
    expect((await preview('x'.repeat(43))).statusCode).toBe(404);
    expect((await invite(admin.cookie, workspaceId, 'owner-to-be@example.com', 'owner')).statusCode).toBe(400);
  });

  it('an existing user accepts with the emailed link, once', async () => {
    const { workspaceId, owner } = await team();
    const joiner = await signUp(test.app, 'joiner@example.com');
    expect((await invite(owner.cookie, workspaceId, joiner.email, 'viewer')).statusCode).toBe(201);
    const token = await tokenFromEmail(test.database.db, joiner.email, '/invitations/accept');
    const accepted = await accept(joiner.cookie, token);
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ id: workspaceId, role: 'viewer' });
    expect((await workspaceIdsOf(joiner.cookie)).sort()).toEqual([joiner.workspaceId, workspaceId].sort());
    expect((await membersOf(owner.cookie, workspaceId)).find((entry) => entry.userId === joiner.userId)).toMatchObject({ role: 'viewer', email: joiner.email });
    expect(await pendingOf(owner.cookie, workspaceId)).toEqual([]);

    const again = await accept(joiner.cookie, token);
    expect(again.statusCode).toBe(404);
    expect(again.json().error.code).toBe('not_found');
    expect((await preview(token)).statusCode).toBe(404);
    // A used link is used for everyone else too.
    const other = await signUp(test.app, 'latecomer@example.com');
    expect((await accept(other.cookie, token)).statusCode).toBe(404);
    expect(await workspaceIdsOf(other.cookie)).toEqual([other.workspaceId]);
    // Accepting needs a signed-in person.
    expect((await call(test.app, 'POST', '/api/invitations/accept', { body: { token } })).statusCode).toBe(401);
  });

  it('a new person signs up from the link, then accepts', async () => {
    const { workspaceId, admin } = await team();
    expect((await invite(admin.cookie, workspaceId, 'fresh@example.com', 'admin')).statusCode).toBe(201);
    const token = await tokenFromEmail(test.database.db, 'fresh@example.com', '/invitations/accept');
    expect((await preview(token)).json()).toMatchObject({ email: 'fresh@example.com', role: 'admin' });
    const fresh = await signUp(test.app, 'fresh@example.com');
    expect((await accept(fresh.cookie, token)).json()).toMatchObject({ id: workspaceId, role: 'admin' });
    expect(await workspaceIdsOf(fresh.cookie)).toContain(workspaceId);
    // The new admin can do an admin's work at once.
    expect((await invite(fresh.cookie, workspaceId, 'next@example.com', 'viewer')).statusCode).toBe(201);
  });

  it('inviting the same address again replaces the earlier link', async () => {
    const { workspaceId, owner } = await team();
    expect((await invite(owner.cookie, workspaceId, 'twice@example.com', 'viewer')).statusCode).toBe(201);
    const first = await tokenFromEmail(test.database.db, 'twice@example.com', '/invitations/accept');
    const second = await invite(owner.cookie, workspaceId, 'twice@example.com', 'member');
    expect(second.statusCode).toBe(201);
    const latest = await tokenFromEmail(test.database.db, 'twice@example.com', '/invitations/accept');
    expect(latest).not.toBe(first);
    expect(await pendingOf(owner.cookie, workspaceId)).toEqual([expect.objectContaining({ id: second.json().id, role: 'member' })]);

    expect((await preview(first)).statusCode).toBe(404);
    const twice = await signUp(test.app, 'twice@example.com');
    expect((await accept(twice.cookie, first)).statusCode).toBe(404);
    expect((await accept(twice.cookie, latest)).json()).toMatchObject({ id: workspaceId, role: 'member' });
  });

  it('a revoked invitation is gone: not listed, not previewed, not accepted', async () => {
    const { workspaceId, owner, admin, member } = await team();
    const invited = await invite(owner.cookie, workspaceId, 'revoked@example.com', 'member');
    const token = await tokenFromEmail(test.database.db, 'revoked@example.com', '/invitations/accept');
    const url = `/api/workspaces/${workspaceId}/invitations/${invited.json().id}`;
    expect((await call(test.app, 'DELETE', url, { cookie: member.cookie })).statusCode).toBe(403);
    expect((await call(test.app, 'DELETE', url, { cookie: admin.cookie })).statusCode).toBe(204);
    expect(await pendingOf(owner.cookie, workspaceId)).toEqual([]);
    expect((await preview(token)).statusCode).toBe(404);
    const revoked = await signUp(test.app, 'revoked@example.com');
    expect((await accept(revoked.cookie, token)).statusCode).toBe(404);
    expect(await workspaceIdsOf(revoked.cookie)).not.toContain(workspaceId);
    expect((await call(test.app, 'DELETE', url, { cookie: admin.cookie })).statusCode).toBe(404);
    expect((await call(test.app, 'DELETE', `/api/workspaces/${workspaceId}/invitations/${randomUUID()}`, { cookie: admin.cookie })).statusCode).toBe(404);
  });

  it('an expired invitation is gone too', async () => {
    const { workspaceId, owner } = await team();
    const invited = await invite(owner.cookie, workspaceId, 'expired@example.com', 'member');
    const token = await tokenFromEmail(test.database.db, 'expired@example.com', '/invitations/accept');
    await test.database.db.system((tx) => tx.execute(sql`update identity.invitations set expires_at = now() - interval '1 second' where id = ${invited.json().id}`));
    expect(await pendingOf(owner.cookie, workspaceId)).toEqual([]);
    expect((await preview(token)).statusCode).toBe(404);
    const late = await signUp(test.app, 'expired@example.com');
    expect((await accept(late.cookie, token)).statusCode).toBe(404);
    expect(await workspaceIdsOf(late.cookie)).toEqual([late.workspaceId]);
  });

  it('refuses to invite someone who is already a member', async () => {
    const { workspaceId, owner, member } = await team();
    const again = await invite(owner.cookie, workspaceId, member.email.toUpperCase(), 'admin');
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'conflict', details: { field: 'email' } });
    expect((await invite(owner.cookie, workspaceId, owner.email, 'admin')).statusCode).toBe(409);
    expect(await pendingOf(owner.cookie, workspaceId)).toEqual([]);
  });
});

describe('roles', () => {
  it('an admin changes roles, and the change applies at once; a member or viewer cannot', async () => {
    const { workspaceId, owner, admin, member, viewer } = await team();
    const promote = await call(test.app, 'PATCH', `/api/workspaces/${workspaceId}/members/${viewer.userId}`, { cookie: admin.cookie, body: { role: 'admin' } });
    expect(promote.statusCode).toBe(204);
    expect((await membersOf(owner.cookie, workspaceId)).find((entry) => entry.userId === viewer.userId)?.role).toBe('admin');
    expect((await invite(viewer.cookie, workspaceId, 'promoted@example.com', 'viewer')).statusCode).toBe(201);

    const demote = await call(test.app, 'PATCH', `/api/workspaces/${workspaceId}/members/${viewer.userId}`, { cookie: owner.cookie, body: { role: 'viewer' } });
    expect(demote.statusCode).toBe(204);
    expect((await invite(viewer.cookie, workspaceId, 'demoted@example.com', 'viewer')).statusCode).toBe(403);
    expect((await call(test.app, 'GET', `/api/workspaces/${workspaceId}`, { cookie: viewer.cookie })).json()).toMatchObject({ role: 'viewer' });

    for (const someone of [member, viewer]) {
      const refused = await call(test.app, 'PATCH', `/api/workspaces/${workspaceId}/members/${admin.userId}`, { cookie: someone.cookie, body: { role: 'viewer' } });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.code).toBe('forbidden');
    }
    // A member cannot promote themselves either.
    expect((await call(test.app, 'PATCH', `/api/workspaces/${workspaceId}/members/${member.userId}`, { cookie: member.cookie, body: { role: 'admin' } })).statusCode).toBe(403);
    expect((await membersOf(owner.cookie, workspaceId)).map((entry) => entry.role)).toEqual(['owner', 'admin', 'member', 'viewer']);
  });

  it("the owner's role changes only by a transfer, and 'owner' is no role to assign", async () => {
    const { workspaceId, owner, admin, member } = await team();
    const demoteOwner = await call(test.app, 'PATCH', `/api/workspaces/${workspaceId}/members/${owner.userId}`, { cookie: admin.cookie, body: { role: 'member' } });
    expect(demoteOwner.statusCode).toBe(409);
    expect(demoteOwner.json().error.code).toBe('conflict');
    expect((await call(test.app, 'PATCH', `/api/workspaces/${workspaceId}/members/${owner.userId}`, { cookie: owner.cookie, body: { role: 'admin' } })).statusCode).toBe(409);
    const crown = await call(test.app, 'PATCH', `/api/workspaces/${workspaceId}/members/${member.userId}`, { cookie: owner.cookie, body: { role: 'owner' } });
    expect(crown.statusCode).toBe(400);
    expect(crown.json().error.details.fields.map((field: { field: string }) => field.field)).toEqual(['body.role']);
    expect((await call(test.app, 'PATCH', `/api/workspaces/${workspaceId}/members/${randomUUID()}`, { cookie: owner.cookie, body: { role: 'viewer' } })).statusCode).toBe(404);
    expect((await membersOf(owner.cookie, workspaceId)).filter((entry) => entry.role === 'owner').map((entry) => entry.userId)).toEqual([owner.userId]);
  });
});

describe('removing and leaving', () => {
  it('a removed member loses the workspace at once, and the API keys they made stop working', async () => {
    const { workspaceId, owner, admin, member } = await team();
    const key = await createApiKey(test.app, admin.cookie, workspaceId, ['workspace:read']);
    expect((await call(test.app, 'GET', `/api/workspaces/${workspaceId}`, { bearer: key.secret })).statusCode).toBe(200);
    expect((await call(test.app, 'GET', `/api/workspaces/${workspaceId}`, { cookie: admin.cookie })).statusCode).toBe(200);

    expect((await call(test.app, 'DELETE', `/api/workspaces/${workspaceId}/members/${admin.userId}`, { cookie: member.cookie })).statusCode).toBe(403);
    expect((await call(test.app, 'DELETE', `/api/workspaces/${workspaceId}/members/${admin.userId}`, { cookie: owner.cookie })).statusCode).toBe(204);

    const gone = await call(test.app, 'GET', `/api/workspaces/${workspaceId}`, { cookie: admin.cookie });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.code).toBe('not_found');
    expect((await call(test.app, 'GET', `/api/workspaces/${workspaceId}/members`, { cookie: admin.cookie })).statusCode).toBe(404);
    expect(await workspaceIdsOf(admin.cookie)).toEqual([admin.workspaceId]);
    expect((await call(test.app, 'GET', `/api/workspaces/${workspaceId}`, { bearer: key.secret })).statusCode).toBe(401);
    const keys = await call(test.app, 'GET', `/api/workspaces/${workspaceId}/api-keys`, { cookie: owner.cookie });
    expect(keys.json().items).toEqual([]);
    expect((await membersOf(owner.cookie, workspaceId)).map((entry) => entry.userId)).not.toContain(admin.userId);
    expect((await call(test.app, 'DELETE', `/api/workspaces/${workspaceId}/members/${admin.userId}`, { cookie: owner.cookie })).statusCode).toBe(404);
  });

  it('the owner can be neither removed nor leave', async () => {
    const { workspaceId, owner, admin } = await team();
    const removed = await call(test.app, 'DELETE', `/api/workspaces/${workspaceId}/members/${owner.userId}`, { cookie: admin.cookie });
    expect(removed.statusCode).toBe(409);
    expect(removed.json().error.code).toBe('conflict');
    const left = await call(test.app, 'DELETE', `/api/workspaces/${workspaceId}/members/${owner.userId}`, { cookie: owner.cookie });
    expect(left.statusCode).toBe(409);
    expect((await membersOf(owner.cookie, workspaceId)).find((entry) => entry.role === 'owner')?.userId).toBe(owner.userId);
  });

  it('a member or viewer leaves by removing themselves', async () => {
    const { workspaceId, owner, member, viewer } = await team();
    for (const someone of [member, viewer]) {
      expect((await call(test.app, 'DELETE', `/api/workspaces/${workspaceId}/members/${someone.userId}`, { cookie: someone.cookie })).statusCode).toBe(204);
      expect((await call(test.app, 'GET', `/api/workspaces/${workspaceId}`, { cookie: someone.cookie })).statusCode).toBe(404);
      expect(await workspaceIdsOf(someone.cookie)).toEqual([someone.workspaceId]);
    }
    expect((await membersOf(owner.cookie, workspaceId)).map((entry) => entry.role)).toEqual(['owner', 'admin']);
  });
});

describe('transferring ownership', () => {
  it('only the owner hands it over, to a member; afterwards there is exactly one owner and the previous one is an admin', async () => {
    const { workspaceId, owner, admin, member, viewer } = await team();
    const transfer = (cookie: string, userId: string) => call(test.app, 'POST', `/api/workspaces/${workspaceId}/transfer-ownership`, { cookie, body: { userId } });
    expect((await transfer(admin.cookie, admin.userId)).statusCode).toBe(403);
    const outsider = await signUp(test.app, 'outsider@example.com');
    expect((await transfer(owner.cookie, outsider.userId)).statusCode).toBe(404);
    expect((await transfer(owner.cookie, owner.userId)).statusCode).toBe(409);
    expect((await membersOf(owner.cookie, workspaceId)).filter((entry) => entry.role === 'owner').map((entry) => entry.userId)).toEqual([owner.userId]);

    expect((await transfer(owner.cookie, member.userId)).statusCode).toBe(204);
    const roles = Object.fromEntries((await membersOf(owner.cookie, workspaceId)).map((entry) => [entry.userId, entry.role]));
    expect(roles).toEqual({ [member.userId]: 'owner', [owner.userId]: 'admin', [admin.userId]: 'admin', [viewer.userId]: 'viewer' });
    expect(Object.values(roles).filter((role) => role === 'owner')).toHaveLength(1);

    // The former owner is an admin now, at once: no more deleting or transferring.
    expect((await call(test.app, 'GET', `/api/workspaces/${workspaceId}`, { cookie: owner.cookie })).json().role).toBe('admin');
    expect((await transfer(owner.cookie, owner.userId)).statusCode).toBe(403);
    const slug = (await call(test.app, 'GET', `/api/workspaces/${workspaceId}`, { cookie: owner.cookie })).json().slug;
    expect((await call(test.app, 'DELETE', `/api/workspaces/${workspaceId}`, { cookie: owner.cookie, body: { confirm: slug } })).statusCode).toBe(403);
    // The new owner cannot leave without handing it on, but can leave once they have.
    expect((await call(test.app, 'DELETE', `/api/workspaces/${workspaceId}/members/${member.userId}`, { cookie: member.cookie })).statusCode).toBe(409);
    expect((await transfer(member.cookie, owner.userId)).statusCode).toBe(204);
    expect((await call(test.app, 'DELETE', `/api/workspaces/${workspaceId}/members/${member.userId}`, { cookie: member.cookie })).statusCode).toBe(204);
    expect((await membersOf(owner.cookie, workspaceId)).filter((entry) => entry.role === 'owner').map((entry) => entry.userId)).toEqual([owner.userId]);
  });
});

describe('racing changes', () => {
  // PGlite runs one transaction at a time; on PostgreSQL (npm run test:engines) these really interleave.
  it('keeps exactly one owner when a transfer races a role change, a removal or another transfer', async () => {
    const rivals: { name: string; send: (url: string, team: Team) => ReturnType<typeof call> }[] = [
      { name: 'role change', send: (url, { admin, member }) => call(test.app, 'PATCH', `${url}/members/${member.userId}`, { cookie: admin.cookie, body: { role: 'viewer' } }) },
      { name: 'removal', send: (url, { admin, member }) => call(test.app, 'DELETE', `${url}/members/${member.userId}`, { cookie: admin.cookie }) },
      { name: 'transfer', send: (url, { owner, admin }) => call(test.app, 'POST', `${url}/transfer-ownership`, { cookie: owner.cookie, body: { userId: admin.userId } }) },
    ];
    const people = await team();
    for (const rival of [...rivals, ...rivals]) {
      // The same people in a fresh workspace each round.
      const { id: workspaceId } = await createWorkspace(test.app, people.owner.cookie, { name: `Race ${rival.name}` });
      await joinWorkspace(test.app, test.database.db, people.owner.cookie, workspaceId, people.admin, 'admin');
      await joinWorkspace(test.app, test.database.db, people.owner.cookie, workspaceId, people.member, 'member');
      const racing = { ...people, workspaceId };
      const url = `/api/workspaces/${workspaceId}`;
      const answers = await Promise.all([
        call(test.app, 'POST', `${url}/transfer-ownership`, { cookie: racing.owner.cookie, body: { userId: racing.member.userId } }),
        rival.send(url, racing),
      ]);
      // Whichever lands second sees what the first did: it is refused or applies on top of it, never a 500.
      for (const answer of answers) expect([204, 403, 404, 409], `${rival.name}: ${answer.body}`).toContain(answer.statusCode);
      const owners = (await membersOf(racing.owner.cookie, racing.workspaceId)).filter((entry) => entry.role === 'owner');
      expect(owners, `transfer racing a ${rival.name}`).toHaveLength(1);
    }
  });
});

describe('who may hand out and take access', () => {
  it('lets only the invited address accept, and confirms that address when it does', async () => {
    const { workspaceId, owner } = await team();
    await invite(owner.cookie, workspaceId, 'intended@example.com', 'admin').then((response) => expect(response.statusCode).toBe(201));
    const token = await tokenFromEmail(test.database.db, 'intended@example.com', '/invitations/accept');
    const mallory = await signUp(test.app, 'mallory@example.com');
    const stolen = await accept(mallory.cookie, token);
    expect(stolen.statusCode).toBe(403);
    expect((await call(test.app, 'GET', `/api/workspaces/${workspaceId}`, { cookie: mallory.cookie })).statusCode).toBe(404);
    const intended = await signUp(test.app, 'intended@example.com', undefined, { verified: false });
    expect((await accept(intended.cookie, token)).statusCode).toBe(200);
    expect((await call(test.app, 'GET', '/api/me', { cookie: intended.cookie })).json().user.emailVerified).toBe(true);
  });

  it('needs a confirmed address to invite or to create an API key', async () => {
    const unconfirmed = await signUp(test.app, 'unconfirmed@example.com', undefined, { verified: false });
    const invited = await invite(unconfirmed.cookie, unconfirmed.workspaceId, 'friend@example.com', 'admin');
    expect(invited.statusCode).toBe(403);
    expect(invited.json().error.details.reason).toBe('email_unverified');
    const key = await call(test.app, 'POST', `/api/workspaces/${unconfirmed.workspaceId}/api-keys`, { cookie: unconfirmed.cookie, body: { name: 'k', permissions: ['workspace:read'] } });
    expect(key.statusCode).toBe(403);
  });
});
