import { createHash } from 'node:crypto';
import { mkdir, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const lockFileName = 'atelier.lock';

export interface LockOwner {
  pid: number;
  hostname: string;
  startedAt: string;
}

export class DataDirLockedError extends Error {
  readonly owner: LockOwner | undefined;
  constructor(dataDir: string, owner: LockOwner | undefined) {
    super(
      `The data directory ${dataDir} is in use by another Atelier process` +
        (owner ? ` (pid ${owner.pid} on ${owner.hostname}, started ${owner.startedAt})` : '') +
        '; stop it first, or run commands through it with npx atelier <command>',
    );
    this.name = 'DataDirLockedError';
    this.owner = owner;
  }
}

export interface DataDirLock {
  release(): Promise<void>;
}

/**
 * Makes this process the only one using `dataDir` (PGlite's files belong to one process).
 *
 * The exclusion itself is a Linux abstract-namespace socket named after the directory: binding
 * it is atomic and the kernel frees it the moment the process dies, so a crash never leaves a
 * lock to clean up and two processes taking over a stale lock at once cannot both win. The lock
 * file beside the data records who holds it, for the error message and for platforms without
 * abstract sockets, where a lock file whose process is gone is taken over.
 */
export async function acquireDataDirLock(dataDir: string): Promise<DataDirLock> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const resolved = await realpath(dataDir);
  const lockFile = path.join(resolved, lockFileName);
  const mutex = process.platform === 'linux' ? await bindAbstractMutex(resolved, lockFile) : undefined;
  if (!mutex) {
    const owner = await readOwner(lockFile);
    if (owner && owner.hostname === os.hostname() && owner.pid !== process.pid && isAlive(owner.pid)) {
      throw new DataDirLockedError(resolved, owner);
    }
  }
  const owner: LockOwner = { pid: process.pid, hostname: os.hostname(), startedAt: new Date().toISOString() };
  await writeFile(lockFile, `${JSON.stringify(owner)}\n`, { mode: 0o600 });
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      await rm(lockFile, { force: true });
      if (mutex) await new Promise<void>((resolve) => mutex.close(() => resolve()));
    },
  };
}

/** Reads who holds the lock, if anyone wrote it (the CLI uses it to find the running server). */
export async function readOwner(lockFile: string): Promise<LockOwner | undefined> {
  try {
    const parsed = JSON.parse(await readFile(lockFile, 'utf8')) as Partial<LockOwner>;
    if (typeof parsed.pid === 'number' && typeof parsed.hostname === 'string' && typeof parsed.startedAt === 'string') {
      return { pid: parsed.pid, hostname: parsed.hostname, startedAt: parsed.startedAt };
    }
    return undefined;
  } catch {
    return undefined;
  }
}

function abstractSocketName(resolvedDataDir: string): string {
  const digest = createHash('sha256').update(resolvedDataDir).digest('hex').slice(0, 32);
  return `\0atelier-data-${digest}`;
}

async function bindAbstractMutex(resolvedDataDir: string, lockFile: string): Promise<net.Server> {
  const server = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', async (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new DataDirLockedError(resolvedDataDir, await readOwner(lockFile)));
      else reject(error);
    });
    server.listen(abstractSocketName(resolvedDataDir), () => resolve());
  });
  server.unref();
  return server;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
