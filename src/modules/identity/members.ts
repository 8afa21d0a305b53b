import { and, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import { newId } from '../../platform/db/new-id.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { queryRows, type Tx } from '../../platform/db/tenancy.ts';
import { appendEvent } from '../../platform/events/append-event.ts';
import { sendEmail } from '../../platform/mail/send-email.ts';
import type { IdentityDeps } from './deps.ts';
import { invitationRevoked, memberInvited, memberJoined, memberRemoved, memberRoleChanged, ownershipTransferred, userEmailVerified } from './events.ts';
import { apiKeys, invitations, memberships, users, workspaces } from './identity.schema.ts';
import { invitationEmail } from './mails.ts';
import type { AssignableRole, Role } from './permissions.ts';
import { hashSecret, randomToken } from './secrets.ts';

const invitationLifetimeMs = 7 * 24 * 3600 * 1000;

/** A user id as the database returns it; one from a URL or a body may come in capitals. */
const canonical = (userId: string) => userId.toLowerCase();

const noMember = () => new AppError('not_found', 'No such member in this workspace');
const noInvitation = () => new AppError('not_found', 'This invitation does not exist, has expired, or was already used or revoked');

export function createMembers(deps: IdentityDeps) {
  const { config, db, jobs, directory, limits } = deps;

  /** Members plus pending invitations. */
  async function seatsTaken(tx: Tx, workspaceId: string): Promise<number> {
    const [row] = await queryRows<{ seats: number }>(
      tx,
      sql`select (select count(*) from identity.memberships where workspace_id = ${workspaceId})
               + (select count(*) from identity.invitations where workspace_id = ${workspaceId}
                  and accepted_at is null and revoked_at is null and expires_at > now()) as seats`,
    );
    return Number(row?.seats ?? 0);
  }

  /**
   * The membership row, locked until the transaction ends: a role change or removal decided on
   * what it read must not land after a concurrent transfer made that person the owner (which
   * would leave the workspace with no owner). The locking read waits for the transfer and sees
   * its outcome.
   */
  async function membership(tx: Tx, workspaceId: string, userId: string) {
    const [row] = await tx
      .select()
      .from(memberships)
      .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)))
      .for('update');
    return row;
  }

  /** Removing someone also revokes the API keys they made here: a key never outlives its maker's access. */
  async function removeIn(tx: Tx, workspaceId: string, userId: string, left: boolean) {
    const row = await membership(tx, workspaceId, userId);
    if (!row) throw noMember();
    if (row.role === 'owner') {
      throw new AppError('conflict', left ? 'The owner cannot leave; transfer ownership first' : 'The owner cannot be removed; they must transfer ownership first');
    }
    await tx.delete(memberships).where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
    const revoked = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.createdBy, userId), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id });
    await appendEvent(tx, memberRemoved, { workspaceId, payload: { userId, left } });
    return revoked.map((key) => key.id);
  }

  /** What the accept page shows before the person decides; the token is the only key to it. */
  async function preview(token: string) {
    const [row] = await db.system((tx) =>
      tx
        .select({ invitation: invitations, workspaceName: workspaces.name, invitedByName: users.name })
        .from(invitations)
        .innerJoin(workspaces, eq(workspaces.id, invitations.workspaceId))
        .innerJoin(users, eq(users.id, invitations.invitedBy))
        .where(
          and(
            eq(invitations.tokenHash, hashSecret(token)),
            isNull(invitations.acceptedAt),
            isNull(invitations.revokedAt),
            gt(invitations.expiresAt, new Date()),
            isNull(workspaces.deletedAt),
          ),
        ),
    );
    if (!row) throw noInvitation();
    return row;
  }

  function forget(workspaceId: string, userId: string, keyIds: readonly string[] = []) {
    directory.forgetMembership(workspaceId, userId);
    for (const keyId of keyIds) directory.forgetApiKey(keyId);
  }

  return {
    /** Members with their names and emails: the membership rows under RLS, then the people they name. */
    async list(workspaceId: string) {
      const rows = await db.tenant(workspaceId, (tx) => tx.select().from(memberships).where(eq(memberships.workspaceId, workspaceId)));
      if (rows.length === 0) return [];
      const people = await db.system((tx) =>
        tx.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, rows.map((row) => row.userId))),
      );
      const byId = new Map(people.map((person) => [person.id, person]));
      const order: Record<Role, number> = { owner: 0, admin: 1, member: 2, viewer: 3 };
      return rows
        .map((row) => ({ userId: row.userId, role: row.role, joinedAt: row.createdAt, name: byId.get(row.userId)?.name ?? '', email: byId.get(row.userId)?.email ?? '' }))
        .sort((a, b) => order[a.role] - order[b.role] || a.name.localeCompare(b.name));
    },

    async invite(workspaceId: string, invitedBy: string, email: string, role: AssignableRole) {
      const [existing] = await db.system((tx) => tx.select({ id: users.id, name: users.name }).from(users).where(eq(users.email, email)));
      const [inviter] = await db.system((tx) => tx.select({ name: users.name }).from(users).where(eq(users.id, invitedBy)));
      const token = randomToken();
      const invitation = await db.tenant(workspaceId, async (tx) => {
        await tx.execute(sql`select 1 from identity.workspaces where workspace_id = ${workspaceId} for update`);
        if (existing && (await membership(tx, workspaceId, existing.id))) {
          throw new AppError('conflict', 'This person is already a member', { field: 'email' });
        }
        const [workspace] = await tx.select().from(workspaces).where(eq(workspaces.id, workspaceId));
        // Inviting the same address again replaces the earlier invitation (a fresh link, a new role).
        await tx
          .update(invitations)
          .set({ revokedAt: new Date() })
          .where(and(eq(invitations.workspaceId, workspaceId), eq(invitations.email, email), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)));
        // Pending invitations hold a seat: otherwise a workspace could invite past its plan and fill up later.
        await limits.assert(workspaceId, 'seats', await seatsTaken(tx, workspaceId), 1);
        const [row] = await tx
          .insert(invitations)
          .values({ id: newId(), workspaceId, email, role, tokenHash: hashSecret(token), invitedBy, expiresAt: new Date(Date.now() + invitationLifetimeMs) })
          .returning();
        if (!row || !workspace) throw new Error('the invitation was not stored');
        await appendEvent(tx, memberInvited, { workspaceId, payload: { invitationId: row.id, role } });
        await sendEmail(jobs, tx, invitationEmail(config, email, inviter?.name ?? 'Someone', workspace.name, role, token), { workspaceId });
        return row;
      });
      return invitation;
    },

    async pendingInvitations(workspaceId: string) {
      return db.tenant(workspaceId, (tx) =>
        tx
          .select()
          .from(invitations)
          .where(and(eq(invitations.workspaceId, workspaceId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, new Date())))
          .orderBy(invitations.createdAt),
      );
    },

    async revokeInvitation(workspaceId: string, invitationId: string) {
      await db.tenant(workspaceId, async (tx) => {
        const [row] = await tx
          .update(invitations)
          .set({ revokedAt: new Date() })
          .where(and(eq(invitations.id, invitationId), eq(invitations.workspaceId, workspaceId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
          .returning({ id: invitations.id });
        if (!row) throw noInvitation();
        await appendEvent(tx, invitationRevoked, { workspaceId, payload: { invitationId } });
      });
    },

    preview,

    /**
     * Joins as the invited person only: the signed-in account must have the address the
     * invitation went to. Holding the link proves that address, so an unverified one becomes verified.
     */
    async accept(token: string, caller: { userId: string; email: string; emailVerified: boolean }) {
      const { invitation } = await preview(token);
      const workspaceId = invitation.workspaceId;
      const userId = caller.userId;
      if (caller.email !== invitation.email) {
        throw new AppError('forbidden', 'This invitation was sent to another address; sign in with that address to accept it');
      }
      if (!caller.emailVerified) {
        await db.system(async (tx) => {
          await tx.update(users).set({ emailVerifiedAt: new Date() }).where(and(eq(users.id, userId), isNull(users.emailVerifiedAt)));
          await appendEvent(tx, userEmailVerified, { workspaceId: null, payload: { userId } });
        });
        directory.forgetSessions({ userId });
      }
      await db.tenant(workspaceId, async (tx) => {
        // One seat check at a time per workspace: the row lock queues concurrent accepts and invites.
        await tx.execute(sql`select 1 from identity.workspaces where workspace_id = ${workspaceId} for update`);
        const [claimed] = await tx
          .update(invitations)
          .set({ acceptedAt: new Date() })
          .where(and(eq(invitations.id, invitation.id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
          .returning({ id: invitations.id });
        if (!claimed) throw noInvitation();
        if (await membership(tx, workspaceId, userId)) throw new AppError('conflict', 'You are already a member of this workspace');
        // Its own pending invitation was just claimed, so it no longer counts; the plan may have shrunk since.
        await limits.assert(workspaceId, 'seats', await seatsTaken(tx, workspaceId), 1);
        await tx.insert(memberships).values({ workspaceId, userId, role: invitation.role });
        await appendEvent(tx, memberJoined, { workspaceId, payload: { userId, role: invitation.role, invitationId: invitation.id } });
      });
      forget(workspaceId, userId);
      return { workspaceId, role: invitation.role };
    },

    async changeRole(workspaceId: string, named: string, role: AssignableRole) {
      const userId = canonical(named);
      await db.tenant(workspaceId, async (tx) => {
        const row = await membership(tx, workspaceId, userId);
        if (!row) throw noMember();
        if (row.role === 'owner') throw new AppError('conflict', "The owner's role changes only by transferring ownership");
        if (row.role === role) return;
        await tx.update(memberships).set({ role }).where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
        await appendEvent(tx, memberRoleChanged, { workspaceId, payload: { userId, from: row.role, to: role } });
      });
      forget(workspaceId, userId);
    },

    async remove(workspaceId: string, named: string) {
      const userId = canonical(named);
      const keyIds = await db.tenant(workspaceId, (tx) => removeIn(tx, workspaceId, userId, false));
      forget(workspaceId, userId, keyIds);
    },

    async leave(workspaceId: string, userId: string) {
      const keyIds = await db.tenant(workspaceId, (tx) => removeIn(tx, workspaceId, userId, true));
      forget(workspaceId, userId, keyIds);
    },

    /** The owner becomes an admin and the member the owner, in one transaction: never zero owners, never two. */
    async transferOwnership(workspaceId: string, from: string, named: string) {
      const to = canonical(named);
      if (canonical(from) === to) throw new AppError('conflict', 'You already own this workspace');
      await db.tenant(workspaceId, async (tx) => {
        const current = await membership(tx, workspaceId, from);
        if (current?.role !== 'owner') throw new AppError('forbidden', 'Only the owner can transfer ownership');
        const next = await membership(tx, workspaceId, to);
        if (!next) throw noMember();
        await tx.update(memberships).set({ role: 'admin' }).where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, from)));
        await tx.update(memberships).set({ role: 'owner' }).where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, to)));
        await appendEvent(tx, ownershipTransferred, { workspaceId, payload: { from, to } });
      });
      forget(workspaceId, from);
      forget(workspaceId, to);
    },
  };
}

export type Members = ReturnType<typeof createMembers>;
