import type { Config } from '../config/config.ts';
import { acquireDataDirLock, type DataDirLock } from '../process/data-dir-lock.ts';
import type { Database } from './database.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

export interface OpenedDatabase {
  db: Database;
  /** Held while PGlite's data directory is open; undefined on PostgreSQL. */
  lock: DataDirLock | undefined;
  close(): Promise<void>;
}

/**
 * PostgreSQL when DATABASE_URL is set, otherwise the embedded PGlite in DATA_DIR (after taking
 * the directory's lock; a DataDirLockedError says another process has it).
 */
export async function openDatabase(config: Pick<Config, 'DATABASE_URL' | 'DATABASE_POOL_SIZE' | 'DATA_DIR'>): Promise<OpenedDatabase> {
  if (config.DATABASE_URL) {
    const db = await openPostgres({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE });
    return { db, lock: undefined, close: () => db.close() };
  }
  const lock = await acquireDataDirLock(config.DATA_DIR);
  try {
    const db = await openPglite(config.DATA_DIR);
    return {
      db,
      lock,
      async close() {
        await db.close();
        await lock.release();
      },
    };
  } catch (error) {
    await lock.release();
    throw error;
  }
}
