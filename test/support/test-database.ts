import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { inject } from 'vitest';
import type { Database } from '../../src/platform/db/database.ts';
import { wrapPglite } from '../../src/platform/db/pglite.ts';
import { openPostgres } from '../../src/platform/db/postgres.ts';
import { adminQuery, postgresTestUrl, withDatabase } from './postgres-admin.ts';

export interface TestDatabase {
  db: Database;
  engine: 'pglite' | 'postgres';
  /** Connection URL on PostgreSQL (for tests that start processes), undefined on PGlite. */
  url: string | undefined;
  drop(): Promise<void>;
}

/**
 * A migrated database of the run's engine, private to the caller: an in-memory PGlite loaded
 * from the run's template, or a PostgreSQL database copied from the template database.
 */
export async function createTestDatabase(options: { poolSize?: number } = {}): Promise<TestDatabase> {
  if (inject('testEngine') === 'postgres') {
    const name = `atelier_t_${randomBytes(6).toString('hex')}`;
    await adminQuery(`create database ${name} template ${inject('postgresTemplate')}`);
    const url = withDatabase(postgresTestUrl(), name);
    const db = await openPostgres({ url, poolSize: options.poolSize ?? 5 });
    return {
      db,
      engine: 'postgres',
      url,
      async drop() {
        await db.close();
        await adminQuery(`drop database if exists ${name} with (force)`);
      },
    };
  }
  const dump = await readFile(inject('pgliteTemplate'));
  const pglite = await PGlite.create({ loadDataDir: new Blob([dump]) });
  const db = wrapPglite(pglite);
  return { db, engine: 'pglite', url: undefined, drop: () => db.close() };
}
