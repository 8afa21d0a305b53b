import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { shippedMigrationCount } from '../../src/platform/db/migrations.ts';
import { openPostgres } from '../../src/platform/db/postgres.ts';
import { queryRows } from '../../src/platform/db/tenancy.ts';
import { adminQuery, postgresTestUrl, withDatabase } from '../support/postgres-admin.ts';
import { spawnNode, startServer } from '../support/spawn-atelier.ts';

const name = `atelier_t_${randomBytes(6).toString('hex')}`;
const url = withDatabase(postgresTestUrl(), name);

beforeAll(() => adminQuery(`create database ${name}`));
afterAll(() => adminQuery(`drop database if exists ${name} with (force)`));

describe('on PostgreSQL', () => {
  it('applies the migrations once when two processes migrate at the same moment', async () => {
    const first = spawnNode(['migrate'], { DATABASE_URL: url });
    const second = spawnNode(['migrate'], { DATABASE_URL: url });
    const [a, b] = await Promise.all([first.exited, second.exited]);
    expect([a.code, b.code, first.stderr(), second.stderr()]).toEqual([0, 0, '', '']);
    const outputs = [first.stdout(), second.stdout()].sort();
    expect(outputs[0]).toMatch(/^Applied \d+ migration\(s\)\n$/);
    expect(outputs[1]).toBe('Database is up to date; no migrations to apply\n');

    const db = await openPostgres({ url, poolSize: 1 });
    try {
      const [row] = await db.system((tx) =>
        queryRows<{ applied: number }>(tx, sql`select count(*)::int as applied from drizzle.__drizzle_migrations`),
      );
      expect(row?.applied).toBe(shippedMigrationCount());
    } finally {
      await db.close();
    }
  });

  it('lets the CLI work beside a running server, which stops cleanly on SIGTERM', async () => {
    const server = await startServer('serve', { DATABASE_URL: url });
    try {
      expect(await (await fetch(`${server.url}/readyz`)).json()).toEqual({ status: 'ready' });
      const migrate = spawnNode(['migrate'], { DATABASE_URL: url });
      expect((await migrate.exited).code).toBe(0);
      server.child.kill('SIGTERM');
      expect((await server.exited).code).toBe(0);
    } finally {
      server.child.kill('SIGKILL');
    }
  });

  it('refuses to start with one clear line when the server cannot be reached', async () => {
    const unreachable = spawnNode(['serve'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none', PORT: '0' });
    expect((await unreachable.exited).code).toBe(1);
    expect(unreachable.stderr()).toBe('atelier: cannot reach the database at 127.0.0.1:1 (connection refused); check DATABASE_URL\n');
  });
});
