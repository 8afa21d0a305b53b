/**
 * The transactional outbox end to end: events appended with appendEvents (one multi-row insert
 * per transaction of 500), then delivered by the dispatcher (batches of 1000) to one subscriber whose handler only
 * counts. The peer is the physical floor on the same server in the same run: the same number of
 * rows inserted into a copy of the event log table (`like … including all`: same columns,
 * defaults, identity and indexes; no triggers) by one `insert … select generate_series` per
 * 500-row transaction, then read back in pages of 1000 in delivery order, one transaction per
 * page. Each side is warmed up first and measured once; on PostgreSQL (the headline) and on
 * in-memory PGlite (extra figures and notes).
 *
 * The goal is absolute (≥ 10,000 events/s on PostgreSQL); the harness judges ratios, so it is
 * expressed as the fraction of this run's floor that 10,000/s amounts to.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../src/platform/db/database.ts';
import { queryRows } from '../src/platform/db/tenancy.ts';
import { appendEvents } from '../src/platform/events/append-event.ts';
import { defineEvent } from '../src/platform/events/define-event.ts';
import { createDispatcher } from '../src/platform/events/dispatcher.ts';
import { defineSubscriber, on } from '../src/platform/events/subscriber.ts';
import { createLogger } from '../src/platform/logging/logger.ts';
import { createMemoryPglite, createScratchPostgres, perSecond } from './bench-databases.ts';
import { defineBenchmark, formatFigure, type Figure, type Goal, type Measurement } from './harness.ts';

const modes = {
  full: { postgres: 50_000, pglite: 10_000, warmup: 1_000 },
  smoke: { postgres: 2_000, pglite: 500, warmup: 100 },
};
const appendBatch = 500;
const dispatchBatch = 1000;
const goalEventsPerSecond = 10_000;
const unit = 'events/s';

/** One busy workspace: the events are appended in its tenant scope and its handlers run in it. */
const workspaceId = '01900000-0000-7000-8000-0000000000be';
const happened = defineEvent('bench.happened', 1, z.object({ n: z.number().int() }));

interface SideResult {
  count: number;
  appendMs: number;
  readMs: number;
}

const goal: Goal = {
  // Replaced in run() by goalEventsPerSecond / (this run's PostgreSQL floor); see the header.
  ratio: 0,
  description: `≥ ${goalEventsPerSecond.toLocaleString('en-US')} events/s appended and dispatched on PostgreSQL`,
};

export const benchmark = defineBenchmark({
  name: 'events',
  peer: 'bare insert … generate_series + paged select of the same rows (physical floor, same server)',
  goal,
  async run(options) {
    const mode = options.smoke ? modes.smoke : modes.full;
    const notes: string[] = [
      `appendEvents, one insert per transaction of ${appendBatch}, dispatcher batchSize ${dispatchBatch}, one subscriber (handler counts), ` +
        'all events of one workspace (tenant scope); figures are append + dispatch end to end',
    ];

    const pglite = await createMemoryPglite();
    let pgliteSides: { subject: SideResult; peer: SideResult };
    try {
      pgliteSides = await measureEngine(pglite.db, mode.pglite, mode.warmup);
    } finally {
      await pglite.db.close();
    }
    const pgliteExtra = {
      'PGlite subject': figure(pgliteSides.subject),
      'PGlite floor': figure(pgliteSides.peer),
    };
    notes.push(`PGlite (in memory), ${mode.pglite.toLocaleString('en-US')} events: ${describeSides(pgliteSides)}`);

    const postgres = await createScratchPostgres('events', 4);
    if (!postgres.ok) {
      notes.unshift(`PostgreSQL skipped: ${postgres.reason}; the headline figures are PGlite's and the goal is not judged`);
      goal.ratio = Number.POSITIVE_INFINITY;
      return {
        subject: measurement(pgliteSides.subject, pgliteExtra),
        peer: measurement(pgliteSides.peer),
        notes,
      };
    }
    let postgresSides: { subject: SideResult; peer: SideResult };
    try {
      postgresSides = await measureEngine(postgres.scratch.db, mode.postgres, mode.warmup);
    } finally {
      await postgres.scratch.drop();
    }
    const subject = measurement(postgresSides.subject, pgliteExtra);
    const peer = measurement(postgresSides.peer);
    goal.ratio = goalEventsPerSecond / peer.value;
    notes.unshift(
      `PostgreSQL, ${mode.postgres.toLocaleString('en-US')} events: ${describeSides(postgresSides)}`,
      `absolute goal ≥ ${goalEventsPerSecond.toLocaleString('en-US')} events/s on PostgreSQL: ` +
        `${subject.value >= goalEventsPerSecond ? 'met' : 'not met'} (${formatFigure(subject)}); ` +
        `shown as the ratio ${goal.ratio.toFixed(3)}× of this run's floor`,
    );
    return { subject, peer, notes };
  },
});

/** Warms both sides up, then measures the floor and Atelier's outbox on one database. */
async function measureEngine(db: Database, count: number, warmup: number): Promise<{ subject: SideResult; peer: SideResult }> {
  await db.system((tx) => tx.execute(sql`create table public.bench_event_floor (like platform.event_log including all)`));
  const outbox = createOutbox(db);
  const floor = createFloor(db);
  await outbox.measure(warmup);
  await floor.measure(warmup);
  const peer = await floor.measure(count);
  const subject = await outbox.measure(count);
  return { subject, peer };
}

function createOutbox(db: Database) {
  let delivered = 0;
  const subscriber = defineSubscriber({
    name: 'bench.counter',
    handlers: [
      on(happened, async () => {
        delivered++;
      }),
    ],
  });
  const dispatcher = createDispatcher({ db, subscribers: [subscriber], logger: createLogger('silent'), batchSize: dispatchBatch });
  return {
    async measure(count: number): Promise<SideResult> {
      const before = delivered;
      const started = performance.now();
      for (let first = 0; first < count; first += appendBatch) {
        const last = Math.min(count, first + appendBatch);
        const facts = Array.from({ length: last - first }, (_, offset) => ({ workspaceId, payload: { n: first + offset } }));
        await db.tenant(workspaceId, (tx) => appendEvents(tx, happened, facts));
      }
      const appended = performance.now();
      // A transaction elsewhere in the cluster (autovacuum's ANALYZE takes an xid) briefly holds
      // the visibility horizon, so "nothing ready" can come before everything was delivered.
      const deadline = Date.now() + 60_000;
      for (;;) {
        await dispatcher.drain();
        if (delivered - before >= count || Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const finished = performance.now();
      if (delivered - before !== count) throw new Error(`dispatched ${delivered - before} events, expected ${count}`);
      return { count, appendMs: appended - started, readMs: finished - appended };
    },
  };
}

function createFloor(db: Database) {
  let cursor = { txId: '0', position: 0 };
  return {
    async measure(count: number): Promise<SideResult> {
      const started = performance.now();
      for (let first = 0; first < count; first += appendBatch) {
        const last = Math.min(count, first + appendBatch) - 1;
        await db.system((tx) =>
          tx.execute(sql`
            insert into public.bench_event_floor (id, workspace_id, type, version, payload)
            select gen_random_uuid(), ${workspaceId}, 'bench.happened', 1, jsonb_build_object('n', g)
            from generate_series(${first}::int, ${last}::int) g`),
        );
      }
      const inserted = performance.now();
      let read = 0;
      for (;;) {
        const rows = await db.system((tx) =>
          queryRows<{ position: number; tx_id: string; payload: unknown }>(
            tx,
            sql`select position, id, workspace_id, type, version, payload, actor, trace_id, occurred_at, tx_id::text as tx_id
                from public.bench_event_floor
                where (tx_id, position) > (${cursor.txId}::xid8, ${cursor.position})
                order by tx_id, position
                limit ${dispatchBatch}`,
          ),
        );
        const last = rows.at(-1);
        if (!last) break;
        read += rows.length;
        cursor = { txId: last.tx_id, position: Number(last.position) };
      }
      const finished = performance.now();
      if (read !== count) throw new Error(`read ${read} floor rows, expected ${count}`);
      return { count, appendMs: inserted - started, readMs: finished - inserted };
    },
  };
}

function figure(side: SideResult): Figure {
  return { value: perSecond(side.count, side.appendMs + side.readMs), unit };
}

function measurement(side: SideResult, extra: Record<string, Figure> = {}): Measurement {
  return {
    ...figure(side),
    extra: {
      append: { value: perSecond(side.count, side.appendMs), unit },
      'dispatch/read': { value: perSecond(side.count, side.readMs), unit },
      ...extra,
    },
  };
}

function describeSides(sides: { subject: SideResult; peer: SideResult }): string {
  const part = (side: SideResult) =>
    `${formatFigure(figure(side))} (append ${formatFigure({ value: perSecond(side.count, side.appendMs), unit })}, ` +
    `dispatch/read ${formatFigure({ value: perSecond(side.count, side.readMs), unit })})`;
  return `Atelier ${part(sides.subject)}; floor ${part(sides.peer)}; ratio ${(figure(sides.subject).value / figure(sides.peer).value).toFixed(3)}×`;
}
