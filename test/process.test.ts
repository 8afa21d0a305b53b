import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/platform/db/open-database.ts';
import { queryRows } from '../src/platform/db/tenancy.ts';
import { repositoryRoot, spawnNode, startServer } from './support/spawn-atelier.ts';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'atelier-process-'));
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

describe('the embedded server process', () => {
  it('serves, refuses a second start, runs commands for the CLI, stops on SIGTERM and starts again', async () => {
    const server = await startServer('start', { DATA_DIR: dataDir });
    try {
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${server.url}/readyz`)).json()).toEqual({ status: 'ready' });

      const second = spawnNode(['start'], { DATA_DIR: dataDir, PORT: '0', SITES_PORT: '0', HOST: '127.0.0.1' });
      expect((await second.exited).code).toBe(1);
      expect(second.stderr()).toMatch(
        new RegExp(`^atelier: The data directory .* is in use by another Atelier process \\(pid ${server.child.pid} `),
      );
      expect(second.stderr().split('\n').filter(Boolean)).toHaveLength(1);

      const migrate = spawnNode(['migrate'], { DATA_DIR: dataDir });
      expect((await migrate.exited).code).toBe(0);
      expect(migrate.stdout()).toContain('Database is up to date');

      server.child.kill('SIGTERM');
      expect(await server.exited).toEqual({ code: 0, signal: null });
    } finally {
      server.child.kill('SIGKILL');
    }

    const restarted = await startServer('start', { DATA_DIR: dataDir });
    expect((await fetch(`${restarted.url}/healthz`)).status).toBe(200);
    restarted.child.kill('SIGTERM');
    expect((await restarted.exited).code).toBe(0);
  });

  it('runs the worker role on its own and stops it on SIGTERM', async () => {
    const worker = spawnNode(['worker'], { DATA_DIR: dataDir });
    await worker.waitForLine(/Atelier worker is running/);
    worker.child.kill('SIGTERM');
    expect((await worker.exited).code).toBe(0);
  });

  it('runs a command itself when no server holds the data directory', async () => {
    const migrate = spawnNode(['migrate'], { DATA_DIR: dataDir });
    expect((await migrate.exited).code).toBe(0);
    expect(migrate.stdout()).toMatch(/Applied \d+ migration\(s\)|up to date/);
    const unknown = spawnNode(['frobnicate'], { DATA_DIR: dataDir });
    expect((await unknown.exited).code).toBe(1);
    expect(unknown.stderr()).toBe('atelier: unknown command "frobnicate"; run npx atelier help\n');
  });

  it('stops with one clear line and exit code 1 on a bad setting', async () => {
    const bad = spawnNode(['start'], { DATA_DIR: dataDir, PORT: 'abc' });
    expect((await bad.exited).code).toBe(1);
    expect(bad.stderr()).toBe('atelier: invalid configuration: PORT must be a port number (0-65535)\n');
    const badUrl = spawnNode(['start'], { DATA_DIR: dataDir, DATABASE_URL: 'not a url' });
    expect((await badUrl.exited).code).toBe(1);
    expect(badUrl.stderr()).toMatch(/^atelier: invalid configuration: DATABASE_URL must be a PostgreSQL URL[^\n]*\n$/);
  });

  it('keeps every committed write through kill -9', async () => {
    const writer = spawnNode([dataDir], {}, path.join(repositoryRoot, 'test/support/write-until-killed.ts'));
    await writer.waitForLine(/^300$/);
    writer.child.kill('SIGKILL');
    await writer.exited;
    const lastPrinted = Math.max(...writer.stdout().split('\n').filter(Boolean).map(Number));

    const opened = await openDatabase({ DATA_DIR: dataDir, DATABASE_URL: undefined, DATABASE_POOL_SIZE: 1 });
    try {
      const [row] = await opened.db.system((tx) =>
        queryRows<{ count: number; max: number }>(tx, sql`select count(*)::int as count, max(n) as max from public.crash_log`),
      );
      expect(row?.max).toBeGreaterThanOrEqual(lastPrinted);
      expect(row?.count).toBe(row?.max);
    } finally {
      await opened.close();
    }
  });

  it('leaves nothing half-made when killed during its first boot', async () => {
    const first = spawnNode(['start'], { DATA_DIR: dataDir, PORT: '0', SITES_PORT: '0', HOST: '127.0.0.1' });
    // Killed while the cluster is being created (that takes seconds on the first boot).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    first.child.kill('SIGKILL');
    await first.exited;
    expect(await readdir(dataDir)).not.toContain('pglite');

    const second = await startServer('start', { DATA_DIR: dataDir });
    expect((await fetch(`${second.url}/readyz`)).status).toBe(200);
    expect((await readdir(dataDir)).filter((entry) => entry.startsWith('pglite.init-'))).toEqual([]);
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  });
});
