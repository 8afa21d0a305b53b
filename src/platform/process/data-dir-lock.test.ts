import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError, lockFileName } from './data-dir-lock.ts';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'atelier-lock-'));
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

describe('the data directory lock', () => {
  it('lets one holder in and refuses a second, naming the first', async () => {
    const lock = await acquireDataDirLock(dataDir);
    const second = acquireDataDirLock(dataDir);
    await expect(second).rejects.toBeInstanceOf(DataDirLockedError);
    await expect(second).rejects.toThrow(`in use by another Atelier process (pid ${process.pid}`);
    await lock.release();
    const again = await acquireDataDirLock(dataDir);
    await again.release();
  });

  it('takes over a lock file left by a process that died', async () => {
    await writeFile(
      path.join(dataDir, lockFileName),
      JSON.stringify({ pid: 2 ** 22 + 7, hostname: os.hostname(), startedAt: '2026-01-01T00:00:00.000Z' }),
    );
    const lock = await acquireDataDirLock(dataDir);
    const owner = JSON.parse(await readFile(path.join(dataDir, lockFileName), 'utf8'));
    expect(owner.pid).toBe(process.pid);
    await lock.release();
  });
});
