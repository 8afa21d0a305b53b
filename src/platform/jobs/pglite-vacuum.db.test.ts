import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { memoryLogger } from '../../../test/support/test-app.ts';
import { queryRows } from '../db/tenancy.ts';
import type { JobContext } from './define-job.ts';
import { vacuumPglite } from './pglite-vacuum.ts';

let test: TestDatabase;

beforeAll(async () => {
  test = await createTestDatabase();
  await test.db.system(async (tx) => {
    await tx.execute(sql`create schema scratch_vacuum`);
    await tx.execute(sql`create table scratch_vacuum.churned (id int primary key, n int not null)`);
    await tx.execute(sql`create table scratch_vacuum.quiet (id int primary key)`);
    await tx.execute(sql`insert into scratch_vacuum.churned select g, 0 from generate_series(1, 1000) g`);
    await tx.execute(sql`insert into scratch_vacuum.quiet select g from generate_series(1, 1000) g`);
  });
  // Every row of one table rewritten three times: 3,000 dead row versions for 1,000 live ones.
  for (let round = 1; round <= 3; round++) await test.db.system((tx) => tx.execute(sql`update scratch_vacuum.churned set n = ${round}`));
});

afterAll(() => test?.drop());

interface TableState {
  relname: string;
  n_dead_tup: number;
  vacuumed: boolean;
}

async function tables(): Promise<Record<string, TableState>> {
  // Counters reach the statistics views when the backend next reports them, after a transaction; this asks for that at once.
  await test.db.system((tx) => tx.execute(sql`select pg_stat_force_next_flush()`));
  const rows = await test.db.system((tx) =>
    queryRows<TableState>(tx, sql`select relname, n_dead_tup::int, last_vacuum is not null as vacuumed from pg_stat_user_tables where schemaname = 'scratch_vacuum'`),
  );
  return Object.fromEntries(rows.map((row) => [row.relname, row]));
}

const runJob = () => vacuumPglite.handle({}, { db: test.db, logger: memoryLogger('fatal').logger } as unknown as JobContext);

describe('the PGlite vacuum job', () => {
  it.runIf(process.env['ATELIER_TEST_ENGINE'] !== 'postgres')('on PGlite, vacuums the tables with many dead rows and leaves the others alone', async () => {
    const before = await tables();
    expect(before['churned']?.n_dead_tup).toBeGreaterThanOrEqual(2000);
    expect(before['churned']?.vacuumed).toBe(false);

    await runJob();

    const after = await tables();
    expect(after['churned']).toMatchObject({ n_dead_tup: 0, vacuumed: true });
    expect(after['quiet']?.vacuumed).toBe(false);
  });

  it.runIf(process.env['ATELIER_TEST_ENGINE'] !== 'postgres')('on PGlite, checkpoints once much WAL has been written since the last checkpoint, and not before', async () => {
    const redo = async () => (await test.db.system((tx) => queryRows<{ redo: string }>(tx, sql`select redo_lsn::text as redo from pg_control_checkpoint()`)))[0]?.redo;
    await runJob();
    const settled = await redo();
    await test.db.system((tx) => tx.execute(sql`update scratch_vacuum.quiet set id = id`));
    await runJob();
    expect(await redo()).toBe(settled);
    // Some 20 MB of WAL: every page of a wide table written.
    await test.db.system((tx) => tx.execute(sql`create table scratch_vacuum.wide as select g as id, repeat(md5(g::text), 40) as pad from generate_series(1, 15000) g`));
    await runJob();
    expect(await redo()).not.toBe(settled);
  });

  it.runIf(process.env['ATELIER_TEST_ENGINE'] === 'postgres')('on PostgreSQL, leaves the work to autovacuum', async () => {
    await runJob();
    expect((await tables())['churned']?.vacuumed).toBe(false);
  });
});
