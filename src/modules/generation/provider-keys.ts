import { and, eq } from 'drizzle-orm';
import type { Config } from '../../platform/config/config.ts';
import { secretBoxFor } from '../../platform/crypto/secret-box.ts';
import type { Database } from '../../platform/db/database.ts';
import type { Tx } from '../../platform/db/tenancy.ts';
import type { ModelDefinition } from './contract.ts';
import { providerKeys } from './generation.schema.ts';
import { deploymentKey, type ProviderSettings } from './providers.ts';

export type KeyedProvider = (typeof providerKeys.$inferSelect)['provider'];
export const keyedProviders: readonly KeyedProvider[] = ['openai', 'anthropic', 'compatible'];

type KeySettings = ProviderSettings & Pick<Config, 'SECRETS_KEY' | 'DATABASE_URL' | 'DATA_DIR'>;

/** Binds a sealed key to its workspace and provider: copied to another row, it does not open. */
const boundTo = (workspaceId: string, provider: string) => `generation.provider_keys/${workspaceId}/${provider}`;

/**
 * Workspaces' own provider keys, sealed at rest. A workspace key wins over the deployment's, so
 * a customer can bring their own account. Keys are only ever decrypted to make a call.
 */
export function createProviderKeys(db: Database, config: KeySettings) {
  return {
    async set(tx: Tx, workspaceId: string, provider: KeyedProvider, apiKey: string, userId: string): Promise<void> {
      const sealedKey = secretBoxFor(config).seal(apiKey, boundTo(workspaceId, provider));
      const values = { workspaceId, provider, sealedKey, updatedBy: userId, updatedAt: new Date() };
      await tx.insert(providerKeys).values(values).onConflictDoUpdate({ target: [providerKeys.workspaceId, providerKeys.provider], set: values });
    },

    async remove(tx: Tx, workspaceId: string, provider: KeyedProvider): Promise<boolean> {
      const removed = await tx
        .delete(providerKeys)
        .where(and(eq(providerKeys.workspaceId, workspaceId), eq(providerKeys.provider, provider)))
        .returning({ provider: providerKeys.provider });
      return removed.length > 0;
    },

    /** Which providers this workspace can reach, and with whose key; never the key itself. */
    async status(workspaceId: string) {
      const rows = await db.tenant(workspaceId, (tx) => tx.select({ provider: providerKeys.provider, updatedAt: providerKeys.updatedAt }).from(providerKeys));
      return keyedProviders.map((provider) => {
        const own = rows.find((row) => row.provider === provider);
        const source = own ? ('workspace' as const) : deploymentKey(config, provider) !== undefined ? ('deployment' as const) : ('none' as const);
        return { provider, source, updatedAt: own?.updatedAt ?? null };
      });
    },

    /** The key a call to `provider` uses for this workspace, or undefined when it has none. */
    async keyFor(workspaceId: string, provider: ModelDefinition['provider']): Promise<string | undefined> {
      if (provider !== 'local') {
        const [own] = await db.tenant(workspaceId, (tx) =>
          tx.select({ sealedKey: providerKeys.sealedKey }).from(providerKeys).where(and(eq(providerKeys.workspaceId, workspaceId), eq(providerKeys.provider, provider))),
        );
        if (own) return secretBoxFor(config).open(own.sealedKey, boundTo(workspaceId, provider));
      }
      return deploymentKey(config, provider);
    },
  };
}

export type ProviderKeys = ReturnType<typeof createProviderKeys>;
