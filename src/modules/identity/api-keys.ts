import { and, desc, eq, isNull } from 'drizzle-orm';
import { newId } from '../../platform/db/new-id.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { appendEvent } from '../../platform/events/append-event.ts';
import type { IdentityDeps } from './deps.ts';
import { apiKeyCreated, apiKeyRevoked } from './events.ts';
import { apiKeys } from './identity.schema.ts';
import { hashSecret, newApiKey } from './secrets.ts';

export function createApiKeys(deps: IdentityDeps) {
  const { db, directory } = deps;
  return {
    /** A key gets at most its maker's permissions; the secret is returned this once and stored only hashed. */
    async create(workspaceId: string, createdBy: string, makerPermissions: ReadonlySet<string>, input: { name: string; permissions: string[] }) {
      const beyond = input.permissions.filter((permission) => !makerPermissions.has(permission));
      if (beyond.length > 0) {
        throw new AppError('forbidden', 'An API key can only have permissions you have yourself', { permissions: beyond });
      }
      const { secret, prefix } = newApiKey();
      const permissions = [...new Set(input.permissions)].sort();
      const row = await db.tenant(workspaceId, async (tx) => {
        const [created] = await tx
          .insert(apiKeys)
          .values({ id: newId(), workspaceId, name: input.name, prefix, secretHash: hashSecret(secret), permissions, createdBy })
          .returning();
        if (!created) throw new Error('the API key was not stored');
        await appendEvent(tx, apiKeyCreated, { workspaceId, payload: { apiKeyId: created.id, permissions } });
        return created;
      });
      return { ...row, secret };
    },

    list(workspaceId: string) {
      return db.tenant(workspaceId, (tx) =>
        tx
          .select()
          .from(apiKeys)
          .where(and(eq(apiKeys.workspaceId, workspaceId), isNull(apiKeys.revokedAt)))
          .orderBy(desc(apiKeys.createdAt)),
      );
    },

    async revoke(workspaceId: string, apiKeyId: string) {
      await db.tenant(workspaceId, async (tx) => {
        const [row] = await tx
          .update(apiKeys)
          .set({ revokedAt: new Date() })
          .where(and(eq(apiKeys.id, apiKeyId), eq(apiKeys.workspaceId, workspaceId), isNull(apiKeys.revokedAt)))
          .returning({ id: apiKeys.id });
        if (!row) throw new AppError('not_found', 'No such API key');
        await appendEvent(tx, apiKeyRevoked, { workspaceId, payload: { apiKeyId } });
      });
      directory.forgetApiKey(apiKeyId);
    },
  };
}

export type ApiKeys = ReturnType<typeof createApiKeys>;
