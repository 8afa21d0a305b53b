import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const repositoryRoot = path.resolve(import.meta.dirname, '../..');
const bin = path.join(repositoryRoot, 'bin/atelier.js');

export interface Spawned {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first stdout line matching, or rejects when the process exits first. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs a Node script (by default `bin/atelier.js`) the way an operator would, with its own env. */
export function spawnNode(args: string[], env: Record<string, string | undefined>, script = bin): Spawned {
  const child = spawn(process.execPath, [script, ...args], {
    cwd: repositoryRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    for (const listener of listeners) listener();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      for (const listener of listeners) listener();
      resolve({ code, signal });
    }),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitForLine(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`timed out waiting for ${pattern}; stderr: ${err}`)), timeoutMs);
        const check = () => {
          const line = out.split('\n').find((candidate) => pattern.test(candidate));
          if (line !== undefined) finish(undefined, line);
          else if (child.exitCode !== null || child.signalCode !== null) {
            finish(new Error(`process exited before printing ${pattern}; stderr: ${err}`));
          }
        };
        const finish = (error?: Error, line?: string) => {
          clearTimeout(timer);
          listeners.delete(check);
          if (error) reject(error);
          else resolve(line as string);
        };
        listeners.add(check);
        check();
      });
    },
  };
}

/** Starts `atelier <role>` and resolves once it listens, with its URL. */
export async function startServer(role: 'start' | 'serve', env: Record<string, string | undefined>): Promise<Spawned & { url: string }> {
  const spawned = spawnNode([role], { PORT: '0', SITES_PORT: '0', HOST: '127.0.0.1', ...env });
  const line = await spawned.waitForLine(/Atelier is listening on/);
  const url = (JSON.parse(line) as { url: string }).url;
  return { ...spawned, url };
}
