import { sql } from 'drizzle-orm';
import { runWithContext } from '../context/request-context.ts';
import type { Database } from '../db/database.ts';
import { queryRows, type Tx } from '../db/tenancy.ts';
import type { JobQueue } from '../jobs/define-job.ts';
import type { Logger } from '../logging/logger.ts';
import { readPayload } from './define-event.ts';
import { eventsChannel } from './events-channel.ts';
import { subscriberCursors } from './events.schema.ts';
import type { DeliveredEvent, EventHandler, SubscriberContext, SubscriberDefinition } from './subscriber.ts';

export { eventsChannel };
const defaultMaxAttempts = 5;

export interface DispatcherOptions {
  db: Database;
  subscribers: readonly SubscriberDefinition[];
  logger: Logger;
  /** Handed to handlers that enqueue side effects; without it, such a handler's enqueue fails (and the event is retried). */
  jobs?: JobQueue;
  batchSize?: number;
  /** Polling is the safety net under NOTIFY (and how late-committing events are picked up). */
  pollIntervalMs?: number;
  /** Delay before retrying an event after its n-th failure. */
  retryDelayMs?: (attempt: number) => number;
}

export interface Dispatcher {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Delivers what is ready to one subscriber, one batch; returns how many events it read. */
  deliverBatch(subscriber: SubscriberDefinition): Promise<number>;
  /** Delivers until every subscriber has nothing ready (tests, replay). */
  drain(): Promise<void>;
  /** Runs a parked event through its subscriber again; it leaves the parked list once handled. */
  retryParked(subscriberName: string, eventId: string): Promise<void>;
}

interface StoredEvent {
  position: number;
  id: string;
  workspace_id: string | null;
  type: string;
  version: number;
  payload: unknown;
  actor: string | null;
  trace_id: string | null;
  occurred_at: Date | string;
  tx_id: string;
}

interface Cursor {
  tx_id: string;
  position: number;
  failed_attempts: number;
  retry_at: Date | string | null;
}

/**
 * Reads events whose transactions are all finished: `tx_id` below the oldest running
 * transaction (pg_snapshot_xmin). A transaction still open may have taken a lower position; it
 * will have a transaction id at or above that horizon, and delivery order is (transaction id,
 * position), so it is delivered after, never skipped.
 */
const readyEvents = (cursor: Cursor, limit: number) => sql`
  select position, id, workspace_id, type, version, payload, actor, trace_id, occurred_at, tx_id::text as tx_id
  from platform.event_log
  where (tx_id, position) > (${cursor.tx_id}::xid8, ${cursor.position})
    and tx_id < pg_snapshot_xmin(pg_current_snapshot())
  order by tx_id, position
  limit ${limit}`;

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { db, logger } = options;
  const batchSize = options.batchSize ?? 200;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const retryDelayMs = options.retryDelayMs ?? ((attempt: number) => Math.min(60_000, 1000 * 2 ** (attempt - 1)));
  const handlersOf = new Map(
    options.subscribers.map((subscriber) => [
      subscriber.name,
      new Map(subscriber.handlers.map((handler) => [handler.definition.type, handler])),
    ]),
  );

  const context: SubscriberContext = { jobs: options.jobs ?? queueMissing };

  let cursorsExist = false;
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let woken = false;
  let unlisten: (() => Promise<void>) | undefined;

  function toDelivered(row: StoredEvent, handler: EventHandler): DeliveredEvent {
    return {
      id: row.id,
      position: Number(row.position),
      workspaceId: row.workspace_id,
      type: row.type,
      payload: readPayload(handler.definition, row.version, row.payload),
      actor: row.actor,
      traceId: row.trace_id,
      occurredAt: new Date(row.occurred_at),
    };
  }

  /** The handler runs in the trace of the work that appended the event, so what it enqueues and logs is tied to the original request. */
  const handleIn = (tx: Tx, event: DeliveredEvent, handler: EventHandler) =>
    runWithContext({ requestId: `event:${event.id}`, traceId: event.traceId ?? undefined, workspaceId: event.workspaceId ?? undefined }, () =>
      handler.handle(event, tx, context),
    );

  /** A savepoint scoped to the events' workspace: a failure undoes only the work of these events. */
  const inScopeOf = <T>(workspaceId: string | null, fn: (tx: Tx) => Promise<T>) =>
    workspaceId ? db.tenant(workspaceId, fn) : db.system(fn);

  async function deliver(row: StoredEvent, handler: EventHandler): Promise<void> {
    const event = toDelivered(row, handler);
    await inScopeOf(event.workspaceId, (tx) => handleIn(tx, event, handler));
  }

  /**
   * The fast path: a run of consecutive events of one workspace handled under one savepoint and
   * one scope switch. Any failure undoes the whole run, which is then delivered event by event.
   */
  async function deliverRun(run: readonly StoredEvent[], handlers: Map<string, EventHandler>): Promise<boolean> {
    const handled = run.filter((row) => handlers.has(row.type));
    if (handled.length === 0) return true;
    try {
      await inScopeOf(run[0]?.workspace_id ?? null, async (tx) => {
        for (const row of handled) {
          const handler = handlers.get(row.type) as EventHandler;
          await handleIn(tx, toDelivered(row, handler), handler);
        }
      });
      return true;
    } catch {
      return false;
    }
  }

  async function deliverBatch(subscriber: SubscriberDefinition): Promise<number> {
    const handlers = handlersOf.get(subscriber.name);
    if (!handlers) throw new Error(`unknown subscriber ${subscriber.name}`);
    const maxAttempts = subscriber.maxAttempts ?? defaultMaxAttempts;
    if (!cursorsExist) await createCursors();
    return db.system(async (tx) => {
      // The row lock makes one worker at a time the subscriber's deliverer; others skip it.
      const [cursor] = await queryRows<Cursor>(
        tx,
        sql`select tx_id::text as tx_id, position, failed_attempts, retry_at from platform.subscriber_cursors
            where subscriber = ${subscriber.name} for update skip locked`,
      );
      if (!cursor) return 0;
      if (cursor.retry_at && new Date(cursor.retry_at).getTime() > Date.now()) return 0;
      const rows = await queryRows<StoredEvent>(tx, readyEvents(cursor, batchSize));
      let last = { txId: cursor.tx_id, position: Number(cursor.position) };
      let start = 0;
      for (const run of runsByWorkspace(rows)) {
        // An event that failed last time goes straight to the careful path, to count its attempts.
        const fast = !(start === 0 && cursor.failed_attempts > 0) && (await deliverRun(run, handlers));
        for (const [offset, row] of run.entries()) {
          const index = start + offset;
          const handler = handlers.get(row.type);
          if (handler && !fast) {
            try {
              await deliver(row, handler);
            } catch (error) {
              const attempts = index === 0 ? cursor.failed_attempts + 1 : 1;
              const message = error instanceof Error ? error.message : String(error);
              if (attempts < maxAttempts) {
                logger.warn({ err: error, subscriber: subscriber.name, eventId: row.id, attempts }, 'event handler failed; will retry');
                await saveCursor(tx, subscriber.name, last, {
                  failedAttempts: attempts,
                  lastError: message,
                  retryAt: new Date(Date.now() + retryDelayMs(attempts)),
                });
                return index;
              }
              logger.error({ err: error, subscriber: subscriber.name, eventId: row.id, attempts }, 'event parked after repeated failures');
              await park(tx, subscriber.name, row, attempts, message);
            }
          }
          last = { txId: row.tx_id, position: Number(row.position) };
        }
        start += run.length;
      }
      if (rows.length > 0 || cursor.failed_attempts > 0) {
        await saveCursor(tx, subscriber.name, last, { failedAttempts: 0, lastError: null, retryAt: null });
      }
      return rows.length;
    });
  }

  async function createCursors(): Promise<void> {
    await db.system(async (tx) => {
      for (const subscriber of options.subscribers) {
        await tx.insert(subscriberCursors).values({ subscriber: subscriber.name }).onConflictDoNothing();
      }
    });
    cursorsExist = true;
  }

  async function drain(): Promise<void> {
    for (;;) {
      let read = 0;
      for (const subscriber of options.subscribers) read += await deliverBatch(subscriber);
      if (read === 0) return;
    }
  }

  async function run(): Promise<void> {
    while (running) {
      woken = false;
      try {
        await drain();
      } catch (error) {
        logger.error({ err: error }, 'event dispatch failed; retrying shortly');
      }
      if (!running || woken) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollIntervalMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  }

  async function retryParked(subscriberName: string, eventId: string): Promise<void> {
    const handlers = handlersOf.get(subscriberName);
    if (!handlers) throw new Error(`unknown subscriber ${subscriberName}`);
    const failure = await db.system(async (tx) => {
      const [row] = await queryRows<StoredEvent>(
        tx,
        sql`select e.position, e.id, e.workspace_id, e.type, e.version, e.payload, e.actor, e.trace_id, e.occurred_at, e.tx_id::text as tx_id
            from platform.parked_events p join platform.event_log e on e.id = p.event_id
            where p.subscriber = ${subscriberName} and p.event_id = ${eventId} for update of p`,
      );
      const handler = row ? handlers.get(row.type) : undefined;
      if (!row || !handler) throw new Error(`event ${eventId} is not parked for ${subscriberName}`);
      try {
        await deliver(row, handler);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        await tx.execute(sql`update platform.parked_events set attempts = attempts + 1, error = ${message}, parked_at = now()
                             where subscriber = ${subscriberName} and event_id = ${eventId}`);
        return message;
      }
      await tx.execute(sql`delete from platform.parked_events where subscriber = ${subscriberName} and event_id = ${eventId}`);
      return undefined;
    });
    if (failure) throw new Error(`the handler failed again: ${failure}`);
  }

  return {
    deliverBatch,
    drain,
    retryParked,
    async start() {
      if (running) return;
      await createCursors();
      unlisten = await db.listen(eventsChannel, () => {
        woken = true;
        wake?.();
      });
      running = true;
      loop = run();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
      await unlisten?.();
      unlisten = undefined;
    },
  };
}

async function saveCursor(
  tx: Tx,
  subscriber: string,
  at: { txId: string; position: number },
  state: { failedAttempts: number; lastError: string | null; retryAt: Date | null },
): Promise<void> {
  await tx.execute(sql`
    update platform.subscriber_cursors
    set tx_id = ${at.txId}::xid8, position = ${at.position}, failed_attempts = ${state.failedAttempts},
        last_error = ${state.lastError}, retry_at = ${state.retryAt}, updated_at = now()
    where subscriber = ${subscriber}`);
}

async function park(tx: Tx, subscriber: string, row: StoredEvent, attempts: number, error: string): Promise<void> {
  await tx.execute(sql`
    insert into platform.parked_events (subscriber, event_id, position, attempts, error)
    values (${subscriber}, ${row.id}, ${row.position}, ${attempts}, ${error})
    on conflict (subscriber, event_id) do update set attempts = excluded.attempts, error = excluded.error, parked_at = now()`);
}

/** Consecutive events of the same workspace (or of none), in delivery order. */
function runsByWorkspace(rows: readonly StoredEvent[]): StoredEvent[][] {
  const runs: StoredEvent[][] = [];
  for (const row of rows) {
    const run = runs.at(-1);
    if (run && run[0]?.workspace_id === row.workspace_id) run.push(row);
    else runs.push([row]);
  }
  return runs;
}

const missing = async (): Promise<never> => {
  throw new Error('this dispatcher was created without a job queue (createDispatcher({ jobs }))');
};

/** Stands in for the job queue of a dispatcher made without one: any use fails the event, which is then retried or parked. */
const queueMissing: JobQueue = {
  enqueue: missing,
  work: missing,
  deadLetters: missing,
  retryDeadLetter: missing,
  progress: missing,
  stop: missing,
};
