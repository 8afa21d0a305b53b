import { and, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import { newId } from '../../platform/db/new-id.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { isUniqueViolation } from '../../platform/db/unique-violation.ts';
import type { Tx } from '../../platform/db/tenancy.ts';
import { appendEvent } from '../../platform/events/append-event.ts';
import { sendEmail } from '../../platform/mail/send-email.ts';
import { clientNetwork, throttleKey } from '../../platform/throttle/throttle.ts';
import type { IdentityDeps } from './deps.ts';
import { sessionRevoked, userEmailVerified, userPasswordChanged, userSignedUp } from './events.ts';
import { sessions, users, userTokens } from './identity.schema.ts';
import { passwordResetEmail, verificationEmail } from './mails.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { hashSecret, randomToken } from './secrets.ts';
import { createWorkspaceIn } from './workspaces.ts';

const day = 24 * 3600 * 1000;
export const sessionLifetimeMs = 30 * day;
const verifyLifetimeMs = 2 * day;
const resetLifetimeMs = 3600 * 1000;

export interface ClientInfo {
  ip: string;
  userAgent: string | undefined;
}

export interface NewSession {
  sessionId: string;
  token: string;
  expiresAt: Date;
}

export type UserRow = typeof users.$inferSelect;

const invalidLink = () => new AppError('invalid_input', 'This link has expired or was already used; ask for a new one', { reason: 'token_invalid' });

export function createAccounts(deps: IdentityDeps) {
  const { config, db, jobs, directory, throttle } = deps;

  async function openSession(tx: Tx, userId: string, client: ClientInfo): Promise<NewSession> {
    const token = randomToken();
    const expiresAt = new Date(Date.now() + sessionLifetimeMs);
    const sessionId = newId();
    await tx.insert(sessions).values({ id: sessionId, userId, tokenHash: hashSecret(token), userAgent: client.userAgent?.slice(0, 300) ?? null, expiresAt });
    return { sessionId, token, expiresAt };
  }

  async function issueToken(tx: Tx, userId: string, purpose: 'verify_email' | 'reset_password', lifetimeMs: number, email?: string): Promise<string> {
    const token = randomToken();
    await tx.insert(userTokens).values({
      id: newId(),
      userId,
      purpose,
      tokenHash: hashSecret(token),
      email: email ?? null,
      expiresAt: new Date(Date.now() + lifetimeMs),
    });
    return token;
  }

  /** Marks the token used and returns it, or throws when it is unknown, used or expired. */
  async function useToken(tx: Tx, token: string, purpose: 'verify_email' | 'reset_password') {
    const [row] = await tx
      .update(userTokens)
      .set({ usedAt: new Date() })
      .where(and(eq(userTokens.tokenHash, hashSecret(token)), eq(userTokens.purpose, purpose), isNull(userTokens.usedAt), gt(userTokens.expiresAt, new Date())))
      .returning();
    if (!row) throw invalidLink();
    return row;
  }

  /** Other links of the user stop working: a changed address or password must not leave an older link usable. */
  async function retireTokens(tx: Tx, userId: string, purposes: readonly ('verify_email' | 'reset_password')[]): Promise<void> {
    for (const purpose of purposes) {
      await tx.update(userTokens).set({ usedAt: new Date() }).where(and(eq(userTokens.userId, userId), eq(userTokens.purpose, purpose), isNull(userTokens.usedAt)));
    }
  }

  async function revokeSessions(tx: Tx, userId: string, except?: string): Promise<void> {
    const revoked = await tx
      .update(sessions)
      .set({ revokedAt: new Date() })
      .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), except ? ne(sessions.id, except) : undefined))
      .returning({ id: sessions.id });
    for (const session of revoked) await appendEvent(tx, sessionRevoked, { workspaceId: null, payload: { userId, sessionId: session.id } });
  }

  async function userById(tx: Tx, userId: string): Promise<UserRow> {
    const [user] = await tx.select().from(users).where(eq(users.id, userId));
    if (!user) throw new AppError('unauthenticated', 'Sign in first');
    return user;
  }

  return {
    async signUp(input: { email: string; password: string; name?: string | undefined }, client: ClientInfo) {
      await throttle.quota.consume(throttleKey('signup:ip', clientNetwork(client.ip)), { limit: 10, windowSeconds: 3600 });
      const passwordHash = await hashPassword(input.password);
      const name = input.name ?? input.email.split('@')[0] ?? input.email;
      try {
        return await db.system(async (tx) => {
          const userId = newId();
          await tx.insert(users).values({ id: userId, email: input.email, name, passwordHash });
          const workspace = await createWorkspaceIn(tx, { name: `${name}'s workspace`, createdBy: userId, creatorEmailVerified: false, personal: true });
          await appendEvent(tx, userSignedUp, { workspaceId: workspace.id, payload: { userId } });
          const token = await issueToken(tx, userId, 'verify_email', verifyLifetimeMs, input.email);
          await sendEmail(jobs, tx, verificationEmail(config, input.email, name, token, false));
          const session = await openSession(tx, userId, client);
          return { user: await userById(tx, userId), workspace, session };
        });
      } catch (error) {
        if (isUniqueViolation(error, 'users_email_unique')) {
          throw new AppError('conflict', 'An account with this email already exists; log in instead', { field: 'email' });
        }
        throw error;
      }
    },

    async logIn(input: { email: string; password: string }, client: ClientInfo, previousToken?: string) {
      const addressKey = throttleKey('login:ip', clientNetwork(client.ip));
      const accountKey = throttleKey('login:account', input.email);
      await throttle.failures.assertAllowed([addressKey, accountKey]);
      // The attempt counts against the account before the password is checked, so guesses sent
      // in parallel cannot all slip in before the first failure is written; a success clears it.
      const wait = await throttle.failures.recordFailure([accountKey]);
      if (wait > 0) throw new AppError('rate_limited', `Too many attempts; try again in ${wait} second(s)`, { retryAfterSeconds: wait });
      const [user] = await db.system((tx) => tx.select().from(users).where(eq(users.email, input.email)));
      if (!(await verifyPassword(user?.passwordHash, input.password)) || !user) {
        await throttle.failures.recordFailure([addressKey]);
        throw new AppError('unauthenticated', 'The email or the password is not right');
      }
      await throttle.failures.recordSuccess([accountKey]);
      // A new token at every login: a session id planted in the browser before never becomes signed in.
      const { session, replaced } = await db.system(async (tx) => {
        const revoked = previousToken
          ? await tx
              .update(sessions)
              .set({ revokedAt: new Date() })
              .where(and(eq(sessions.tokenHash, hashSecret(previousToken)), isNull(sessions.revokedAt)))
              .returning({ id: sessions.id })
          : [];
        return { session: await openSession(tx, user.id, client), replaced: revoked };
      });
      for (const old of replaced) directory.forgetSessions({ sessionId: old.id });
      return { user, session };
    },

    async logOut(sessionId: string, userId: string) {
      await db.system(async (tx) => {
        const [revoked] = await tx
          .update(sessions)
          .set({ revokedAt: new Date() })
          .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)))
          .returning({ id: sessions.id });
        if (revoked) await appendEvent(tx, sessionRevoked, { workspaceId: null, payload: { userId, sessionId } });
      });
      directory.forgetSessions({ sessionId });
    },

    async listSessions(userId: string) {
      return db.system((tx) =>
        tx
          .select()
          .from(sessions)
          .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date())))
          .orderBy(sql`${sessions.lastSeenAt} desc`),
      );
    },

    async revokeSession(userId: string, sessionId: string) {
      await db.system(async (tx) => {
        const [revoked] = await tx
          .update(sessions)
          .set({ revokedAt: new Date() })
          .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId), isNull(sessions.revokedAt)))
          .returning({ id: sessions.id });
        // Another user's session id answers exactly like one that does not exist.
        if (!revoked) throw new AppError('not_found', 'No such session');
        await appendEvent(tx, sessionRevoked, { workspaceId: null, payload: { userId, sessionId } });
      });
      directory.forgetSessions({ sessionId });
    },

    async verifyEmail(token: string) {
      try {
        const userId = await db.system(async (tx) => {
          const used = await useToken(tx, token, 'verify_email');
          const user = await userById(tx, used.userId);
          await retireTokens(tx, user.id, used.email && used.email !== user.email ? ['verify_email', 'reset_password'] : ['verify_email']);
          await tx.update(users).set({ email: used.email ?? user.email, emailVerifiedAt: new Date() }).where(eq(users.id, user.id));
          await appendEvent(tx, userEmailVerified, { workspaceId: null, payload: { userId: user.id } });
          return user.id;
        });
        directory.forgetSessions({ userId });
      } catch (error) {
        if (isUniqueViolation(error, 'users_email_unique')) throw new AppError('conflict', 'Another account uses this address now', { field: 'email' });
        throw error;
      }
    },

    async resendVerification(userId: string) {
      await throttle.quota.consume(throttleKey('verify:user', userId), { limit: 5, windowSeconds: 3600 });
      await db.system(async (tx) => {
        const user = await userById(tx, userId);
        if (user.emailVerifiedAt) throw new AppError('conflict', 'This address is already confirmed');
        const token = await issueToken(tx, userId, 'verify_email', verifyLifetimeMs, user.email);
        await sendEmail(jobs, tx, verificationEmail(config, user.email, user.name, token, false));
      });
    },

    /** Always answers the same, known address or not; only a known one gets an email. */
    async forgotPassword(email: string, client: ClientInfo) {
      await throttle.quota.consume(throttleKey('reset:ip', clientNetwork(client.ip)), { limit: 10, windowSeconds: 3600 });
      const [user] = await db.system((tx) => tx.select().from(users).where(eq(users.email, email)));
      if (!user) return;
      try {
        await throttle.quota.consume(throttleKey('reset:account', email), { limit: 3, windowSeconds: 3600 });
      } catch {
        return;
      }
      await db.system(async (tx) => {
        const token = await issueToken(tx, user.id, 'reset_password', resetLifetimeMs);
        await sendEmail(jobs, tx, passwordResetEmail(config, user.email, user.name, token));
      });
    },

    async resetPassword(token: string, password: string) {
      const passwordHash = await hashPassword(password);
      const userId = await db.system(async (tx) => {
        const used = await useToken(tx, token, 'reset_password');
        await retireTokens(tx, used.userId, ['reset_password']);
        // The link reached the address, which proves it: an account someone else opened with it
        // unverified is the owner's now, and becomes verified.
        await tx.update(users).set({ passwordHash, emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())` }).where(eq(users.id, used.userId));
        await revokeSessions(tx, used.userId);
        await appendEvent(tx, userPasswordChanged, { workspaceId: null, payload: { userId: used.userId, reason: 'reset' } });
        return used.userId;
      });
      directory.forgetSessions({ userId });
      const [user] = await db.system((tx) => tx.select({ email: users.email }).from(users).where(eq(users.id, userId)));
      if (user) await throttle.failures.recordSuccess([throttleKey('login:account', user.email)]);
    },

    async changePassword(userId: string, currentSessionId: string, currentPassword: string, newPassword: string) {
      const key = [throttleKey('password:user', userId)];
      await throttle.failures.assertAllowed(key);
      const user = await db.system((tx) => userById(tx, userId));
      if (!(await verifyPassword(user.passwordHash, currentPassword))) {
        await throttle.failures.recordFailure(key);
        throw new AppError('forbidden', 'The current password is not right', { field: 'currentPassword' });
      }
      const passwordHash = await hashPassword(newPassword);
      await db.system(async (tx) => {
        await tx.update(users).set({ passwordHash }).where(eq(users.id, userId));
        await retireTokens(tx, userId, ['reset_password']);
        await revokeSessions(tx, userId, currentSessionId);
        await appendEvent(tx, userPasswordChanged, { workspaceId: null, payload: { userId, reason: 'changed' } });
      });
      directory.forgetSessions({ userId });
    },

    /** The address changes only when the link sent to the new one is used. */
    async changeEmail(userId: string, email: string, password: string) {
      const key = [throttleKey('password:user', userId)];
      await throttle.failures.assertAllowed(key);
      const user = await db.system((tx) => userById(tx, userId));
      if (!(await verifyPassword(user.passwordHash, password))) {
        await throttle.failures.recordFailure(key);
        throw new AppError('forbidden', 'The password is not right', { field: 'password' });
      }
      await db.system(async (tx) => {
        const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
        if (taken) throw new AppError('conflict', 'Another account uses this address', { field: 'email' });
        await retireTokens(tx, userId, ['verify_email']);
        const token = await issueToken(tx, userId, 'verify_email', verifyLifetimeMs, email);
        await sendEmail(jobs, tx, verificationEmail(config, email, user.name, token, true));
      });
    },

    async updateProfile(userId: string, name: string) {
      await db.system((tx) => tx.update(users).set({ name }).where(eq(users.id, userId)));
      directory.forgetSessions({ userId });
    },

    userById: (userId: string) => db.system((tx) => userById(tx, userId)),
  };
}

export type Accounts = ReturnType<typeof createAccounts>;
