import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { ensureAppRoleSql } from './app-role.ts';
import { assembleDatabase, type Database } from './database.ts';
import { appliedMigrationCount, migrationsFolder } from './migrations.ts';
import { pgliteViews } from './pglite-views.ts';
import { secureTenantTables } from './secure-tenant-tables.ts';
import type { RootDb } from './tenancy.ts';

const clusterFolder = 'pglite';
const initPrefix = 'pglite.init-';

/**
 * Opens the embedded database in `dataDir`. The caller must hold the data directory's lock.
 * A first start builds the cluster in a temporary folder and renames it into place, so a crash
 * during that first boot leaves nothing half-made.
 */
export async function openPglite(dataDir: string): Promise<Database> {
  const clusterDir = path.join(dataDir, clusterFolder);
  if (!(await exists(clusterDir))) {
    await removeAbandonedInits(dataDir);
    const staging = path.join(dataDir, `${initPrefix}${process.pid}-${Date.now()}`);
    const fresh = await PGlite.create(staging);
    await fresh.close();
    await rename(staging, clusterDir);
  }
  return wrapPglite(await PGlite.create(clusterDir));
}

/** A Database on an already open PGlite (tests use in-memory clones of a migrated template). */
export function wrapPglite(client: PGlite): Database {
  const views = pgliteViews(client);
  const root = drizzle({ client: views.drizzle as PGlite });
  const rootDb = root as unknown as RootDb;
  return assembleDatabase({
    connection: { engine: 'pglite', pglite: views.plain },
    root: rootDb,
    async migrate() {
      const before = await appliedMigrationCount(rootDb);
      await root.execute(ensureAppRoleSql);
      await migrate(root, { migrationsFolder });
      await root.transaction((tx) => secureTenantTables(tx as unknown as RootDb));
      return (await appliedMigrationCount(rootDb)) - before;
    },
    listen: (channel, onNotify) => views.plain.listen(channel, () => onNotify()),
    close: () => client.close(),
  });
}

async function removeAbandonedInits(dataDir: string): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  for (const entry of await readdir(dataDir)) {
    if (entry.startsWith(initPrefix)) await rm(path.join(dataDir, entry), { recursive: true, force: true });
  }
}

async function exists(target: string): Promise<boolean> {
  try {
    await stat(target);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
