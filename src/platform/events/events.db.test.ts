import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { memoryLogger } from '../../../test/support/test-app.ts';
import { secureTenantTables } from '../db/secure-tenant-tables.ts';
import { queryRows, type Tx } from '../db/tenancy.ts';
import { appendEvent, appendEvents, eventEnvelope } from './append-event.ts';
import { defineEvent } from './define-event.ts';
import { createDispatcher } from './dispatcher.ts';
import { defineSubscriber, on, type SubscriberDefinition } from './subscriber.ts';
import { defineJob, type JobQueue } from '../jobs/define-job.ts';

const workspaceA = '01900000-0000-7000-8000-0000000000aa';
const workspaceB = '01900000-0000-7000-8000-0000000000bb';

// v1 carried a single `words` count; v2 splits it. Stored v1 events are upcast on read.
const noteAdded = defineEvent('test.note_added', 2, z.object({ noteId: z.string(), words: z.number(), chars: z.number() }), {
  1: (payload) => ({ ...(payload as { noteId: string; words: number }), chars: 0 }),
});
const noteRemoved = defineEvent('test.note_removed', 1, z.object({ noteId: z.string() }));

const countWords = (tx: Tx, workspaceId: string, delta: number) =>
  tx.execute(sql`insert into scratch.word_counts (workspace_id, words) values (${workspaceId}, ${delta})
                 on conflict (workspace_id) do update set words = scratch.word_counts.words + excluded.words`);

const wordCounter = defineSubscriber({
  name: 'test.word-counter',
  handlers: [
    on(noteAdded, async (event, tx) => {
      await countWords(tx, event.workspaceId as string, event.payload.words);
    }),
    on(noteRemoved, async (event, tx) => {
      await countWords(tx, event.workspaceId as string, -1);
    }),
  ],
  reset: (tx) => tx.execute(sql`delete from scratch.word_counts`).then(() => undefined),
});

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
  await test.db.system(async (tx) => {
    await tx.execute(sql`create schema scratch`);
    await tx.execute(sql`create table scratch.word_counts (workspace_id uuid primary key, words integer not null)`);
    await tx.execute(sql`create table scratch.digested (workspace_id uuid not null, note text not null)`);
    await secureTenantTables(tx);
    // A database function that appends its own event, as hot paths called by tenantCall() do.
    await tx.execute(sql`create function scratch.remove_note(workspace_id uuid, argument jsonb) returns void
      language plpgsql as $$ begin
        perform platform.append_event(argument->'envelope', workspace_id, argument->'payload');
      end $$`);
  });
});
afterAll(() => test?.drop());

const dispatcherFor = (subscribers: SubscriberDefinition[], retryDelayMs = () => 0) =>
  createDispatcher({ db: test.db, subscribers, logger: memoryLogger('fatal').logger, retryDelayMs });

const counts = () =>
  test.db.system((tx) =>
    queryRows<{ workspace_id: string; words: number }>(tx, sql`select workspace_id, words from scratch.word_counts order by workspace_id`),
  );

describe('the event log', () => {
  it('records an event only if the transaction that appended it commits', async () => {
    await expect(
      test.db.tenant(workspaceA, async (tx) => {
        await appendEvent(tx, noteAdded, { workspaceId: workspaceA, payload: { noteId: 'rolled-back', words: 100, chars: 1 } });
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');
    const rows = await test.db.system((tx) => queryRows(tx, sql`select id from platform.event_log where payload->>'noteId' = 'rolled-back'`));
    expect(rows).toEqual([]);
  });

  it("lets a tenant append only its own workspace's events", async () => {
    await expect(
      test.db.tenant(workspaceA, (tx) => appendEvent(tx, noteRemoved, { workspaceId: workspaceB, payload: { noteId: 'x' } })),
    ).rejects.toThrow();
  });

  it('refuses a payload that does not match the schema', async () => {
    await expect(
      test.db.tenant(workspaceA, (tx) => appendEvent(tx, noteAdded, { workspaceId: workspaceA, payload: { noteId: 'n', words: 'many' } as never })),
    ).rejects.toThrow();
  });

  it('appends a batch in the order given, or none of it when one fact is invalid', async () => {
    const facts = ['batch-1', 'batch-2', 'batch-3'].map((noteId) => ({ workspaceId: workspaceA, payload: { noteId } }));
    const appended = await test.db.tenant(workspaceA, (tx) => appendEvents(tx, noteRemoved, facts));
    const stored = await test.db.system((tx) =>
      queryRows<{ id: string; note: string }>(tx, sql`select id, payload->>'noteId' as note from platform.event_log where payload->>'noteId' like 'batch-%' order by position`),
    );
    expect(stored).toEqual(appended.map((event, index) => ({ id: event.id, note: `batch-${index + 1}` })));
    await expect(
      test.db.tenant(workspaceA, (tx) =>
        appendEvents(tx, noteRemoved, [{ workspaceId: workspaceA, payload: { noteId: 'half-1' } }, { workspaceId: workspaceA, payload: {} as never }]),
      ),
    ).rejects.toThrow();
    const half = await test.db.system((tx) => queryRows(tx, sql`select id from platform.event_log where payload->>'noteId' = 'half-1'`));
    expect(half).toEqual([]);
  });

  it('never changes or loses a fact, whoever asks', async () => {
    await test.db.tenant(workspaceA, (tx) => appendEvent(tx, noteRemoved, { workspaceId: workspaceA, payload: { noteId: 'kept' } }));
    await expect(test.db.system((tx) => tx.execute(sql`update platform.event_log set payload = '{}'`))).rejects.toThrow();
    await expect(test.db.system((tx) => tx.execute(sql`delete from platform.event_log`))).rejects.toThrow();
  });
});

describe('subscribers', () => {
  it('apply each event once, in order, upcasting old versions, with their effect committed with the cursor', async () => {
    await test.db.tenant(workspaceA, async (tx) => {
      await appendEvent(tx, noteAdded, { workspaceId: workspaceA, payload: { noteId: 'a1', words: 10, chars: 50 } });
      await appendEvent(tx, noteAdded, { workspaceId: workspaceA, payload: { noteId: 'a2', words: 5, chars: 20 } });
    });
    await test.db.tenant(workspaceB, (tx) => appendEvent(tx, noteAdded, { workspaceId: workspaceB, payload: { noteId: 'b1', words: 7, chars: 30 } }));
    await test.db.system((tx) =>
      tx.execute(sql`insert into platform.event_log (id, workspace_id, type, version, payload)
                     values ('01900000-0000-7000-8000-00000000f001', ${workspaceB}, 'test.note_added', 1, '{"noteId":"old","words":3}')`),
    );
    const dispatcher = dispatcherFor([wordCounter]);
    await dispatcher.drain();
    await dispatcher.drain();
    // workspace A: 10 + 5, minus 1 for each of the four removals appended earlier; B: 7 + 3 (a v1 event).
    expect(await counts()).toEqual([
      { workspace_id: workspaceA, words: 11 },
      { workspace_id: workspaceB, words: 10 },
    ]);
  });

  it('rebuilt from position 0, a projection equals the one built incrementally', async () => {
    const incremental = await counts();
    await test.db.system(async (tx) => {
      await wordCounter.reset?.(tx);
      await tx.execute(sql`update platform.subscriber_cursors set tx_id = '0', position = 0 where subscriber = ${wordCounter.name}`);
    });
    expect(await counts()).toEqual([]);
    await dispatcherFor([wordCounter]).drain();
    expect(await counts()).toEqual(incremental);
  });

  it('park an event that keeps failing, move on, and keep delivering the rest, each effect once', async () => {
    const picky = defineSubscriber({
      name: 'test.picky',
      maxAttempts: 3,
      handlers: [
        on(noteRemoved, async (event, tx) => {
          if (event.payload.noteId === 'poison') throw new Error('cannot digest poison');
          await tx.execute(sql`insert into scratch.digested (workspace_id, note) values (${event.workspaceId}, ${event.payload.noteId})`);
        }),
      ],
    });
    const digested = () =>
      test.db.system((tx) => queryRows<{ note: string }>(tx, sql`select note from scratch.digested where note in ('before', 'after') order by note desc`));
    const dispatcher = dispatcherFor([picky]);
    await dispatcher.drain();
    for (const noteId of ['before', 'poison', 'after']) {
      await test.db.tenant(workspaceA, (tx) => appendEvent(tx, noteRemoved, { workspaceId: workspaceA, payload: { noteId } }));
    }
    await dispatcher.drain();
    expect(await digested()).toEqual([{ note: 'before' }]);
    await dispatcher.drain();
    await dispatcher.drain();
    expect(await digested()).toEqual([{ note: 'before' }, { note: 'after' }]);
    const parked = await test.db.system((tx) =>
      queryRows<{ attempts: number; error: string }>(tx, sql`select attempts, error from platform.parked_events where subscriber = 'test.picky'`),
    );
    expect(parked).toEqual([{ attempts: 3, error: 'cannot digest poison' }]);
  });

  it("hand handlers the dispatcher's job queue, so a side effect is enqueued in the cursor's transaction", async () => {
    const enqueued: { payload: unknown; key: string | undefined; inTransaction: boolean }[] = [];
    const jobs = {
      enqueue: async (tx: Tx | null, _job: unknown, payload: unknown, options?: { idempotencyKey?: string }) => {
        enqueued.push({ payload, key: options?.idempotencyKey, inTransaction: tx !== null });
        return 'job-id';
      },
    } as unknown as JobQueue;
    const notify = defineJob('test.notify', z.object({ noteId: z.string() }), async () => {});
    const notifier = defineSubscriber({
      name: 'test.notifier',
      handlers: [on(noteRemoved, (event, tx, { jobs }) => jobs.enqueue(tx, notify, { noteId: event.payload.noteId }, { idempotencyKey: event.id }).then(() => undefined))],
    });
    const event = await test.db.tenant(workspaceA, (tx) => appendEvent(tx, noteRemoved, { workspaceId: workspaceA, payload: { noteId: 'side-effect' } }));
    const dispatcher = createDispatcher({ db: test.db, subscribers: [notifier], logger: memoryLogger('fatal').logger, jobs });
    // On a busy PostgreSQL server the event is ready once every older transaction has ended.
    for (let i = 0; i < 100 && !enqueued.some((entry) => entry.key === event.id); i++) {
      await dispatcher.drain();
      if (!enqueued.some((entry) => entry.key === event.id)) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(enqueued.filter((entry) => entry.key === event.id)).toEqual([{ payload: { noteId: 'side-effect' }, key: event.id, inTransaction: true }]);

    // Without a queue the handler's enqueue fails and the event is retried, not lost.
    const withoutQueue = defineSubscriber({ ...notifier, name: 'test.notifier-without-queue', maxAttempts: 1 });
    const parkedOf = () =>
      test.db.system((tx) => queryRows<{ error: string }>(tx, sql`select error from platform.parked_events where subscriber = 'test.notifier-without-queue' limit 1`));
    let parked = await parkedOf();
    for (let i = 0; i < 100 && parked.length === 0; i++) {
      await dispatcherFor([withoutQueue]).drain();
      parked = await parkedOf();
      if (parked.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(parked[0]?.error).toMatch(/created without a job queue/);
  });

  it('are woken by a commit, not only by polling', async () => {
    const delivered: string[] = [];
    const listener = defineSubscriber({
      name: 'test.prompt',
      handlers: [on(noteRemoved, async (event) => void delivered.push(event.payload.noteId))],
    });
    const dispatcher = createDispatcher({ db: test.db, subscribers: [listener], logger: memoryLogger('fatal').logger, pollIntervalMs: 600_000 });
    await dispatcher.start();
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      await test.db.tenant(workspaceA, (tx) => appendEvent(tx, noteRemoved, { workspaceId: workspaceA, payload: { noteId: 'wake-up' } }));
      for (let i = 0; i < 100 && !delivered.includes('wake-up'); i++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(delivered).toContain('wake-up');
    } finally {
      await dispatcher.stop();
    }
  });

  it('are woken after an autocommit tenantCall() that appended an event, and by a transaction that joined one', async () => {
    const delivered: string[] = [];
    const listener = defineSubscriber({
      name: 'test.prompt-calls',
      handlers: [on(noteRemoved, async (event) => void delivered.push(event.payload.noteId))],
    });
    const dispatcher = createDispatcher({ db: test.db, subscribers: [listener], logger: memoryLogger('fatal').logger, pollIntervalMs: 600_000 });
    const removeNote = (noteId: string) => test.db.tenantCall(workspaceA, 'scratch.remove_note', { envelope: eventEnvelope(noteRemoved), payload: { noteId } });
    const deliveredSoon = async (noteId: string) => {
      for (let i = 0; i < 100 && !delivered.includes(noteId); i++) await new Promise((resolve) => setTimeout(resolve, 50));
      return delivered;
    };
    await dispatcher.start();
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      await removeNote('called');
      expect(await deliveredSoon('called')).toContain('called');
      await test.db.tenant(workspaceA, () => removeNote('joined'));
      expect(await deliveredSoon('joined')).toContain('joined');
    } finally {
      await dispatcher.stop();
    }
  });
});
