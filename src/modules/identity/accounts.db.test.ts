import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../platform/db/tenancy.ts';
import { call, emailsTo, freshAddress, origin, sessionCookieOf, signUp, tokenFromEmail } from '../../../test/support/identity-client.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { identityModule } from './index.ts';

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp([identityModule]);
});
afterAll(() => test?.close());

const logIn = (email: string, password: string, ip = '127.0.0.1') => call(test.app, 'POST', '/api/auth/login', { body: { email, password }, ip });

describe('signing up', () => {
  it('creates the account, a personal workspace it owns, and a session in a safe cookie', async () => {
    const response = await call(test.app, 'POST', '/api/auth/signup', { body: { email: '  Ann@Example.COM ', password: 'a good long password', name: 'Ann' }, ip: freshAddress() });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body.user).toMatchObject({ email: 'ann@example.com', name: 'Ann', emailVerified: false, isOperator: false });
    expect(body.workspace).toMatchObject({ name: "Ann's workspace", role: 'owner' });
    expect(body.workspace.permissions).toContain('members:manage');
    const cookie = response.cookies.find((entry) => entry.name === 'atelier_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie?.secure).toBeFalsy();
    expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const me = await call(test.app, 'GET', '/api/me', { cookie: sessionCookieOf(response) });
    expect(me.json().workspaces).toEqual([expect.objectContaining({ id: body.workspace.id, role: 'owner' })]);
    // Only the token's hash is stored.
    const stored = await test.database.db.system((tx) => queryRows<{ token_hash: string }>(tx, sql`select token_hash from identity.sessions`));
    expect(stored.map((row) => row.token_hash)).not.toContain(cookie?.value);
  });

  it('refuses a taken email, whatever its case, and a weak or malformed input, field by field', async () => {
    const taken = await call(test.app, 'POST', '/api/auth/signup', { body: { email: 'ANN@example.com', password: 'another long password' }, ip: freshAddress() });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error).toMatchObject({ code: 'conflict', details: { field: 'email' } });
    const weak = await call(test.app, 'POST', '/api/auth/signup', { body: { email: 'not-an-email', password: 'short' }, ip: freshAddress() });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.details.fields.map((field: { field: string }) => field.field).sort()).toEqual(['body.email', 'body.password']);
    const long = await call(test.app, 'POST', '/api/auth/signup', { body: { email: 'long@example.com', password: 'x'.repeat(201) }, ip: freshAddress() });
    expect(long.statusCode).toBe(400);
  });

  it('is throttled per address: the 11th sign-up in an hour gets 429 with Retry-After', async () => {
    const ip = freshAddress();
    const answers: number[] = [];
    for (let n = 0; n < 11; n++) {
      const response = await call(test.app, 'POST', '/api/auth/signup', { body: { email: `burst${n}@example.com`, password: 'a good long password' }, ip });
      answers.push(response.statusCode);
      if (response.statusCode === 429) expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect(answers).toEqual([...Array(10).fill(201), 429]);
  });
});

describe('logging in and out', () => {
  it('answers an unknown email and a wrong password the same way', async () => {
    const unknown = await logIn('nobody@example.com', 'whatever password', freshAddress());
    const wrong = await logIn('ann@example.com', 'not the password', freshAddress());
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
  });

  it('rotates the session at login, and logout ends it', async () => {
    const first = await logIn('ann@example.com', 'a good long password');
    expect(first.statusCode).toBe(200);
    const cookie = sessionCookieOf(first);
    const second = await call(test.app, 'POST', '/api/auth/login', { cookie, body: { email: 'ann@example.com', password: 'a good long password' } });
    expect(sessionCookieOf(second)).not.toBe(cookie);
    expect((await call(test.app, 'GET', '/api/me', { cookie })).statusCode).toBe(401);

    const fresh = sessionCookieOf(second);
    const out = await call(test.app, 'POST', '/api/auth/logout', { cookie: fresh });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((entry) => entry.name === 'atelier_session')?.value).toBe('');
    expect((await call(test.app, 'GET', '/api/me', { cookie: fresh })).statusCode).toBe(401);
  });

  it('slows an account down after 5 wrong passwords, from any address, with 429 and Retry-After', async () => {
    await signUp(test.app, 'target@example.com');
    const answers: number[] = [];
    for (let n = 0; n < 7; n++) answers.push((await logIn('target@example.com', `guess number ${n}`, freshAddress())).statusCode);
    expect(answers.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    const blocked = await logIn('target@example.com', 'a good long password', freshAddress());
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(blocked.json().error.code).toBe('rate_limited');
  });

  it('lists my sessions and revokes any of them; another user\'s session id is not found', async () => {
    const ben = await signUp(test.app, 'ben@example.com');
    const laptop = sessionCookieOf(await logIn('ben@example.com', 'a good long password'));
    const listed = await call(test.app, 'GET', '/api/me/sessions', { cookie: ben.cookie });
    expect(listed.json().items).toHaveLength(2);
    expect(listed.json().items.filter((session: { current: boolean }) => session.current)).toHaveLength(1);
    const other = listed.json().items.find((session: { current: boolean }) => !session.current);
    const ann = sessionCookieOf(await logIn('ann@example.com', 'a good long password'));
    expect((await call(test.app, 'DELETE', `/api/me/sessions/${other.id}`, { cookie: ann })).statusCode).toBe(404);
    expect((await call(test.app, 'DELETE', `/api/me/sessions/${other.id}`, { cookie: ben.cookie })).statusCode).toBe(204);
    expect((await call(test.app, 'GET', '/api/me', { cookie: laptop })).statusCode).toBe(401);
    expect((await call(test.app, 'GET', '/api/me', { cookie: ben.cookie })).statusCode).toBe(200);
  });
});

describe('emailed links', () => {
  it('verifies an address once; a used or made-up token is refused', async () => {
    const cara = await signUp(test.app, 'cara@example.com', undefined, { verified: false });
    const token = await tokenFromEmail(test.database.db, 'cara@example.com', '/verify-email');
    expect((await call(test.app, 'POST', '/api/auth/verify-email', { body: { token } })).statusCode).toBe(200);
    expect((await call(test.app, 'GET', '/api/me', { cookie: cara.cookie })).json().user.emailVerified).toBe(true);
    const again = await call(test.app, 'POST', '/api/auth/verify-email', { body: { token } });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.details.reason).toBe('token_invalid');
    expect((await call(test.app, 'POST', '/api/auth/verify-email', { body: { token: 'x'.repeat(43) } })).statusCode).toBe(400);
  });

  it('refuses an expired link', async () => {
    await signUp(test.app, 'late@example.com', undefined, { verified: false });
    const token = await tokenFromEmail(test.database.db, 'late@example.com', '/verify-email');
    await test.database.db.system((tx) => tx.execute(sql`update identity.user_tokens set expires_at = now() - interval '1 second'`));
    expect((await call(test.app, 'POST', '/api/auth/verify-email', { body: { token } })).statusCode).toBe(400);
  });

  it('resets a password with the emailed token, signing out every session; unknown addresses get the same answer and no email', async () => {
    const dan = await signUp(test.app, 'dan@example.com');
    const unknown = await call(test.app, 'POST', '/api/auth/forgot-password', { body: { email: 'ghost@example.com' } });
    const known = await call(test.app, 'POST', '/api/auth/forgot-password', { body: { email: 'dan@example.com' } });
    expect([unknown.statusCode, known.statusCode]).toEqual([202, 202]);
    expect(unknown.json()).toEqual(known.json());
    expect(await emailsTo(test.database.db, 'ghost@example.com')).toEqual([]);

    const token = await tokenFromEmail(test.database.db, 'dan@example.com', '/reset-password');
    const reset = await call(test.app, 'POST', '/api/auth/reset-password', { body: { token, password: 'a brand new password' } });
    expect(reset.statusCode).toBe(200);
    expect((await call(test.app, 'GET', '/api/me', { cookie: dan.cookie })).statusCode).toBe(401);
    expect((await logIn('dan@example.com', 'a good long password')).statusCode).toBe(401);
    expect((await logIn('dan@example.com', 'a brand new password')).statusCode).toBe(200);
    expect((await call(test.app, 'POST', '/api/auth/reset-password', { body: { token, password: 'yet another password' } })).statusCode).toBe(400);
  });

  it('changing the password needs the current one and signs out the other sessions only', async () => {
    const eve = await signUp(test.app, 'eve@example.com');
    const phone = sessionCookieOf(await logIn('eve@example.com', 'a good long password'));
    const wrong = await call(test.app, 'POST', '/api/me/password', { cookie: eve.cookie, body: { currentPassword: 'nope', newPassword: 'a better long password' } });
    expect(wrong.statusCode).toBe(403);
    const changed = await call(test.app, 'POST', '/api/me/password', { cookie: eve.cookie, body: { currentPassword: 'a good long password', newPassword: 'a better long password' } });
    expect(changed.statusCode).toBe(204);
    expect((await call(test.app, 'GET', '/api/me', { cookie: eve.cookie })).statusCode).toBe(200);
    expect((await call(test.app, 'GET', '/api/me', { cookie: phone })).statusCode).toBe(401);
  });

  it('changes the email only once the new address is confirmed', async () => {
    const fay = await signUp(test.app, 'fay@example.com');
    const taken = await call(test.app, 'POST', '/api/me/email', { cookie: fay.cookie, body: { email: 'ann@example.com', password: 'a good long password' } });
    expect(taken.statusCode).toBe(409);
    const asked = await call(test.app, 'POST', '/api/me/email', { cookie: fay.cookie, body: { email: 'fay@new.example', password: 'a good long password' } });
    expect(asked.statusCode).toBe(202);
    expect((await call(test.app, 'GET', '/api/me', { cookie: fay.cookie })).json().user.email).toBe('fay@example.com');
    const token = await tokenFromEmail(test.database.db, 'fay@new.example', '/verify-email');
    expect((await call(test.app, 'POST', '/api/auth/verify-email', { body: { token } })).statusCode).toBe(200);
    expect((await call(test.app, 'GET', '/api/me', { cookie: fay.cookie })).json().user).toMatchObject({ email: 'fay@new.example', emailVerified: true });
  });
});

describe('cross-site requests', () => {
  it('refuses a change made with the cookie from another site, or with no origin at all', async () => {
    const gus = await signUp(test.app, 'gus@example.com');
    const body = { name: 'Evil' };
    const fromEvil = await call(test.app, 'POST', '/api/workspaces', { cookie: gus.cookie, body, headers: { origin: 'https://evil.example' } });
    expect(fromEvil.statusCode).toBe(403);
    const fetchMetadata = await call(test.app, 'POST', '/api/workspaces', { cookie: gus.cookie, body, headers: { 'sec-fetch-site': 'cross-site' } });
    expect(fetchMetadata.statusCode).toBe(403);
    const bare = await test.app.inject({ method: 'POST', url: '/api/workspaces', headers: { cookie: gus.cookie }, payload: body });
    expect(bare.statusCode).toBe(403);
    const sameOrigin = await call(test.app, 'POST', '/api/workspaces', { cookie: gus.cookie, body: { name: 'Fine' }, headers: { origin, 'sec-fetch-site': 'same-origin' } });
    expect(sameOrigin.statusCode).toBe(201);
  });

  it('refuses a log-in another site submits (login CSRF)', async () => {
    const response = await call(test.app, 'POST', '/api/auth/login', { body: { email: 'gus@example.com', password: 'a good long password' }, headers: { origin: 'https://evil.example' } });
    expect(response.statusCode).toBe(403);
  });
});

describe('secrets in logs', () => {
  it('never writes a password, session token or emailed token to the log', async () => {
    await signUp(test.app, 'hal@example.com', 'hal secret password');
    const session = sessionCookieOf(await logIn('hal@example.com', 'hal secret password'));
    await call(test.app, 'GET', '/api/me', { cookie: session });
    await call(test.app, 'POST', '/api/auth/login', { body: { email: 'hal@example.com', password: 'hal wrong password' } });
    const token = await tokenFromEmail(test.database.db, 'hal@example.com', '/verify-email');
    await call(test.app, 'POST', '/api/auth/verify-email', { body: { token } });
    const log = test.logs.text();
    expect(log).toContain('request completed');
    for (const secret of ['hal secret password', 'hal wrong password', session.split('=')[1] as string, token]) expect(log).not.toContain(secret);
  });
});

describe('behind a proxy', () => {
  it('throttles by the client address the trusted proxy forwards, not by the proxy\'s own', async () => {
    const proxied = await createTestApp([identityModule], { TRUST_PROXY: '1' });
    try {
      const signUpVia = (n: number, forwardedFor: string) =>
        call(proxied.app, 'POST', '/api/auth/signup', { body: { email: `proxied${n}@example.com`, password: 'a good long password' }, ip: '10.9.9.9', headers: { 'x-forwarded-for': forwardedFor } });
      const statuses: number[] = [];
      for (let n = 0; n < 11; n++) statuses.push((await signUpVia(n, `203.0.113.${n + 1}`)).statusCode);
      expect(statuses.every((status) => status === 201)).toBe(true);
      for (let n = 11; n < 21; n++) await signUpVia(n, '198.51.100.7');
      expect((await signUpVia(21, '198.51.100.7')).statusCode).toBe(429);
    } finally {
      await proxied.close();
    }
  });
});

describe('in production', () => {
  it('marks the session cookie Secure', async () => {
    const production = await createTestApp([identityModule], { NODE_ENV: 'production', PUBLIC_URL: origin });
    try {
      const response = await call(production.app, 'POST', '/api/auth/signup', { body: { email: 'ivy@example.com', password: 'a good long password' }, ip: freshAddress() });
      expect(response.cookies.find((entry) => entry.name === 'atelier_session')?.secure).toBe(true);
    } finally {
      await production.close();
    }
  });
});

describe('attacks on accounts', () => {
  it('lets at most 5 of many parallel guesses at one account through to the password check', async () => {
    await signUp(test.app, 'parallel@example.com');
    const answers = await Promise.all(Array.from({ length: 12 }, (_, n) => logIn('parallel@example.com', `parallel guess ${n}`, freshAddress())));
    const statuses = answers.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(7);
  });

  it('retires older links when the address changes: the old address cannot take the account back', async () => {
    const kim = await signUp(test.app, 'kim@example.com', undefined, { verified: false });
    const oldLink = await tokenFromEmail(test.database.db, 'kim@example.com', '/verify-email');
    await call(test.app, 'POST', '/api/auth/forgot-password', { body: { email: 'kim@example.com' } });
    const oldReset = await tokenFromEmail(test.database.db, 'kim@example.com', '/reset-password');
    expect((await call(test.app, 'POST', '/api/me/email', { cookie: kim.cookie, body: { email: 'kim@new.example', password: 'a good long password' } })).statusCode).toBe(202);
    const newLink = await tokenFromEmail(test.database.db, 'kim@new.example', '/verify-email');
    expect((await call(test.app, 'POST', '/api/auth/verify-email', { body: { token: newLink } })).statusCode).toBe(200);
    expect((await call(test.app, 'POST', '/api/auth/verify-email', { body: { token: oldLink } })).statusCode).toBe(400);
    expect((await call(test.app, 'POST', '/api/auth/reset-password', { body: { token: oldReset, password: 'taken over password' } })).statusCode).toBe(400);
    expect((await call(test.app, 'GET', '/api/me', { cookie: kim.cookie })).json().user.email).toBe('kim@new.example');
  });

  it('refuses a name that is not one line of text', async () => {
    const lee = await signUp(test.app, 'lee@example.com');
    const response = await call(test.app, 'PATCH', '/api/me', { cookie: lee.cookie, body: { name: 'Lee\nInjected: header' } });
    expect(response.statusCode).toBe(400);
  });

  it('never puts an invitation token in a logged URL', async () => {
    const owner = await signUp(test.app, 'inviter@example.com');
    await call(test.app, 'POST', `/api/workspaces/${owner.workspaceId}/invitations`, { cookie: owner.cookie, body: { email: 'guest@example.com', role: 'member' } });
    const token = await tokenFromEmail(test.database.db, 'guest@example.com', '/invitations/accept');
    await call(test.app, 'POST', '/api/invitations/preview', { body: { token } });
    await call(test.app, 'GET', `/api/me?token=${token}`);
    expect(test.logs.text()).not.toContain(token);
  });
});
