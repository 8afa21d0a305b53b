import { randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { newId } from '../../platform/db/new-id.ts';
import type { Database } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { Tx } from '../../platform/db/tenancy.ts';
import { isUniqueViolation } from '../../platform/db/unique-violation.ts';
import { appendEvent } from '../../platform/events/append-event.ts';
import type { IdentityDeps } from './deps.ts';
import { memberJoined, workspaceCreated, workspaceDeleted, workspaceRenamed } from './events.ts';
import { memberships, workspaces } from './identity.schema.ts';

export type WorkspaceRow = typeof workspaces.$inferSelect;

/** Deleted workspaces stay recoverable by an operator this long, then are purged. */
export const deletionGraceDays = 30;

function slugFrom(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 30)
    .replace(/-+$/g, '');
  return `${base || 'workspace'}-${randomBytes(3).toString('hex')}`;
}

const slugTaken = () => new AppError('conflict', 'This URL slug is taken; choose another', { field: 'slug' });

/**
 * Creates a workspace with `createdBy` as its owner, inside the caller's transaction (sign-up's
 * system one, or a tenant one for the new workspace). A derived slug that collides is drawn
 * again; a chosen one that collides is refused.
 */
export async function createWorkspaceIn(
  tx: Tx,
  input: { name: string; slug?: string | undefined; createdBy: string; creatorEmailVerified: boolean; personal: boolean; id?: string },
): Promise<WorkspaceRow> {
  const id = input.id ?? newId();
  for (let attempt = 0; attempt < 5; attempt++) {
    const slug = input.slug ?? slugFrom(input.name);
    const [row] = await tx.insert(workspaces).values({ id, name: input.name, slug }).onConflictDoNothing({ target: workspaces.slug }).returning();
    if (row) {
      await tx.insert(memberships).values({ workspaceId: id, userId: input.createdBy, role: 'owner' });
      await appendEvent(tx, workspaceCreated, { workspaceId: id, payload: { createdBy: input.createdBy, personal: input.personal, creatorEmailVerified: input.creatorEmailVerified } });
      await appendEvent(tx, memberJoined, { workspaceId: id, payload: { userId: input.createdBy, role: 'owner' } });
      return row;
    }
    if (input.slug) throw slugTaken();
  }
  throw new AppError('unavailable', 'Could not find a free URL slug; try again');
}

export function createWorkspaces(deps: IdentityDeps) {
  const { db, directory } = deps;

  const live = (tx: Tx, workspaceId: string) =>
    tx.select().from(workspaces).where(and(eq(workspaces.id, workspaceId), isNull(workspaces.deletedAt)));

  return {
    /** The /api/me resolver: every live workspace the user belongs to, with their role. */
    async listFor(userId: string) {
      return db.system((tx) =>
        tx
          .select({ workspace: workspaces, role: memberships.role })
          .from(memberships)
          .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
          .where(and(eq(memberships.userId, userId), isNull(workspaces.deletedAt)))
          .orderBy(workspaces.createdAt),
      );
    },

    async create(creator: { userId: string; emailVerified: boolean }, input: { name: string; slug?: string | undefined }) {
      const id = newId();
      const row = await db.tenant(id, (tx) =>
        createWorkspaceIn(tx, { ...input, id, createdBy: creator.userId, creatorEmailVerified: creator.emailVerified, personal: false }),
      );
      const userId = creator.userId;
      directory.forgetMembership(id, userId);
      return row;
    },

    async get(workspaceId: string): Promise<WorkspaceRow> {
      const [row] = await db.tenant(workspaceId, (tx) => live(tx, workspaceId));
      if (!row) throw new AppError('not_found', 'No such workspace, or you are not a member of it');
      return row;
    },

    async update(workspaceId: string, input: { name?: string | undefined; slug?: string | undefined }): Promise<WorkspaceRow> {
      const change = db.tenant(workspaceId, async (tx) => {
        const [before] = await live(tx, workspaceId);
        if (!before) throw new AppError('not_found', 'No such workspace, or you are not a member of it');
        const [row] = await tx
          .update(workspaces)
          .set({ ...(input.name ? { name: input.name } : {}), ...(input.slug ? { slug: input.slug } : {}) })
          .where(eq(workspaces.id, workspaceId))
          .returning();
        if (!row) throw new AppError('not_found', 'No such workspace, or you are not a member of it');
        await appendEvent(tx, workspaceRenamed, {
          workspaceId,
          payload: { nameChanged: row.name !== before.name, slugChanged: row.slug !== before.slug },
        });
        return row;
      });
      return change.catch((error: unknown) => {
        throw isUniqueViolation(error, 'workspaces_slug_unique') ? slugTaken() : error;
      });
    },

    /** Soft delete: unreadable at once for everyone (membership checks skip it), purged after the grace period. */
    async delete(workspaceId: string, userId: string, confirm: string) {
      await db.tenant(workspaceId, async (tx) => {
        const [row] = await live(tx, workspaceId);
        if (!row) throw new AppError('not_found', 'No such workspace, or you are not a member of it');
        if (confirm !== row.slug) throw new AppError('invalid_input', `Type the workspace's URL slug (${row.slug}) to confirm`, { field: 'confirm' });
        await tx.update(workspaces).set({ deletedAt: new Date() }).where(eq(workspaces.id, workspaceId));
        const purgeAfter = new Date(Date.now() + deletionGraceDays * 24 * 3600 * 1000).toISOString();
        await appendEvent(tx, workspaceDeleted, { workspaceId, payload: { deletedBy: userId, purgeAfter } });
      });
      directory.forgetMembership(workspaceId);
    },

  };
}

export type Workspaces = ReturnType<typeof createWorkspaces>;

/** Hard-deletes workspaces past their grace period; the rows of identity's tables go with them (foreign keys cascade). */
export async function purgeDeletedWorkspacesIn(db: Database): Promise<number> {
  const purged = await db.system((tx) =>
    tx
      .delete(workspaces)
      .where(sql`${workspaces.deletedAt} < now() - make_interval(days => ${deletionGraceDays})`)
      .returning({ id: workspaces.id }),
  );
  return purged.length;
}
