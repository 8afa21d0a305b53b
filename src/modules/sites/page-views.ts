import { newId } from '../../platform/db/new-id.ts';
import type { Database } from '../../platform/db/database.ts';
import { pageViews } from './sites.schema.ts';
import type { DeviceClass } from './visitors.ts';

export interface PageView {
  workspaceId: string;
  siteId: string;
  path: string;
  referrerHost: string | null;
  device: DeviceClass;
  occurredAt: Date;
}

/** Views wait at most this long, or until this many are waiting, before one insert per workspace writes them. */
const flushEveryMs = 1_000;
const flushAtCount = 500;
/** Beyond this many views waiting or being written (the database is slow or down), new views are dropped rather than filling memory. */
export const maxPendingViews = 20_000;

/**
 * Batches page views: a published page is read far more often than anything is written, so a
 * view costs the request a push onto a list; one insert per workspace writes them a second later.
 * Views still waiting when the process stops are written by `flush()` on close.
 */
export function createPageViewRecorder(db: Database, logger: { warn(details: object, message: string): void }) {
  return bufferPageViews(async (batch) => {
    const byWorkspace = Map.groupBy(batch, (view) => view.workspaceId);
    for (const [workspaceId, views] of byWorkspace) {
      try {
        await db.tenant(workspaceId, (tx) => tx.insert(pageViews).values(views.map((view) => ({ id: newId(), ...view }))));
      } catch (error) {
        logger.warn({ err: error, workspaceId, dropped: views.length }, 'could not record page views');
      }
    }
  });
}

/**
 * The buffer under the recorder: batches go to `write` one at a time, and the views waiting plus
 * those in batches not yet written never exceed `maxPendingViews`, so a stuck database costs a
 * bounded amount of memory; beyond it a view is dropped at once. `write` logs its own failures
 * and never rejects.
 */
export function bufferPageViews(write: (batch: PageView[]) => Promise<void>) {
  let waiting: PageView[] = [];
  let inFlight = 0;
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> = Promise.resolve();

  function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const batch = waiting;
    waiting = [];
    inFlight += batch.length;
    flushing = flushing.then(async () => {
      try {
        if (batch.length > 0) await write(batch);
      } finally {
        inFlight -= batch.length;
      }
    });
    return flushing;
  }

  return {
    record(view: PageView): void {
      if (waiting.length + inFlight >= maxPendingViews) return;
      waiting.push(view);
      if (waiting.length >= flushAtCount) void flush();
      else timer ??= setTimeout(() => void flush(), flushEveryMs).unref();
    },
    flush,
  };
}

export type PageViewRecorder = ReturnType<typeof createPageViewRecorder>;
