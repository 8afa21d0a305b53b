/**
 * Shared parts of the job benchmarks: the bare pg-boss peer (configured like Atelier's port
 * configures pg-boss, minus the port), a helper instance that pre-fills queues in bulk, and a
 * counter that can be awaited with a deadline.
 */
import { PgBoss, type ConstructorOptions } from 'pg-boss';

/** The pg-boss schema Atelier's port uses; the peer shares it, with queues of its own. */
export const bossSchema = 'pgboss';

/** Polling intervals both sides use (the port's values), so only the port differs. */
export const pollingOptions = { pollingIntervalSeconds: 2, notifyPollingIntervalSeconds: 2 } as const;

/** A started pg-boss with the options Atelier's worker role gives it; `role: 'filler'` only inserts. */
export async function startBoss(url: string, max: number, role: 'worker' | 'filler'): Promise<PgBoss> {
  const worker = role === 'worker';
  const options: ConstructorOptions = {
    connectionString: url,
    max,
    schema: bossSchema,
    useListenNotify: worker,
    supervise: worker,
    schedule: worker,
    openTelemetry: { enabled: false },
  };
  const boss = new PgBoss(options);
  boss.on('error', (error: unknown) => console.error(`bench pg-boss (${role}) error:`, error));
  await boss.start();
  return boss;
}

/** Creates the peer's queue as Atelier creates its own: notify on. */
export async function ensureNotifyQueue(boss: PgBoss, name: string): Promise<void> {
  if (!(await boss.getQueue(name))) await boss.createQueue(name, { notify: true });
}

/** Inserts `count` jobs carrying `data` into `queue`, in bulk. */
export async function fillQueue(filler: PgBoss, queue: string, count: number, data: object): Promise<void> {
  const chunk = 1000;
  for (let first = 0; first < count; first += chunk) {
    const size = Math.min(chunk, count - first);
    await filler.insert(queue, Array.from({ length: size }, () => ({ data })));
  }
}

/** Counts up to a target; `reached` settles when it gets there, or rejects after `timeoutMs`. */
export function countTo(target: number, timeoutMs: number, what: string): { add(n: number): void; reached: Promise<void> } {
  let count = 0;
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const reached = new Promise<void>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  const timer = setTimeout(() => reject(new Error(`${what}: only ${count} of ${target} after ${timeoutMs} ms`)), timeoutMs);
  return {
    add(n: number) {
      count += n;
      if (count >= target) {
        clearTimeout(timer);
        resolve();
      }
    },
    reached,
  };
}
