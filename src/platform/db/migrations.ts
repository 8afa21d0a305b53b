import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { queryRows, type RootDb } from './tenancy.ts';

export const migrationsFolder = path.resolve(import.meta.dirname, '../../../migrations');

/** How many migrations the code ships, from drizzle-kit's journal. */
export function shippedMigrationCount(): number {
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as {
    entries: unknown[];
  };
  return journal.entries.length;
}

export async function appliedMigrationCount(db: RootDb): Promise<number> {
  const [row] = await queryRows<{ applied: number | string }>(db, sql`
    select case when to_regclass('drizzle.__drizzle_migrations') is null then 0
                else (select count(*) from drizzle.__drizzle_migrations) end as applied`);
  return Number(row?.applied ?? 0);
}
