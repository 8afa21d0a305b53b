import { sql } from 'drizzle-orm';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openPostgres } from '../../src/platform/db/postgres.ts';
import { secureTenantTables } from '../../src/platform/db/secure-tenant-tables.ts';
import { queryRows } from '../../src/platform/db/tenancy.ts';
import { appendEvent } from '../../src/platform/events/append-event.ts';
import { defineEvent } from '../../src/platform/events/define-event.ts';
import { createDispatcher } from '../../src/platform/events/dispatcher.ts';
import { installEventMetrics } from '../../src/platform/events/event-metrics.ts';
import { defineSubscriber, on } from '../../src/platform/events/subscriber.ts';
import { memoryLogger } from '../support/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const workspace = '01900000-0000-7000-8000-0000000000cc';
const ticked = defineEvent('test.ticked', 1, z.object({ n: z.number() }));

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase({ poolSize: 8 });
  await test.db.system(async (tx) => {
    await tx.execute(sql`create table public.deliveries (workspace_id uuid not null, event_id uuid primary key, n integer not null)`);
    await secureTenantTables(tx);
  });
});
afterAll(() => test?.drop());

describe('event delivery on PostgreSQL', () => {
  it('never skips an event whose transaction took a lower position but committed later', async () => {
    const received: number[] = [];
    const subscriber = defineSubscriber({ name: 'test.gap', handlers: [on(ticked, async (event) => void received.push(event.payload.n))] });
    const dispatcher = createDispatcher({ db: test.db, subscribers: [subscriber], logger: memoryLogger('fatal').logger });
    await dispatcher.drain();

    let releaseT1: () => void = () => {};
    let t1Appended: () => void = () => {};
    const appended = new Promise<void>((resolve) => (t1Appended = resolve));
    const t1 = test.db.tenant(workspace, async (tx) => {
      await appendEvent(tx, ticked, { workspaceId: workspace, payload: { n: 1 } });
      t1Appended();
      await new Promise<void>((resolve) => (releaseT1 = resolve));
    });
    await appended;
    await test.db.tenant(workspace, (tx) => appendEvent(tx, ticked, { workspaceId: workspace, payload: { n: 2 } }));

    await dispatcher.drain();
    expect(received).toEqual([]);

    // What an operator sees meanwhile: the open transaction's age, and the subscriber falling behind.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const registry = new Registry();
    installEventMetrics(registry, test.db, [subscriber]);
    const gauge = async (name: string) => (await registry.getSingleMetric(name)?.get())?.values[0]?.value ?? 0;
    expect(await gauge('atelier_oldest_transaction_age_seconds')).toBeGreaterThan(1);
    expect(await gauge('atelier_subscriber_lag_seconds')).toBeGreaterThan(1);

    releaseT1();
    await t1;
    await dispatcher.drain();
    expect(received).toEqual([1, 2]);
  });

  it('has the server end a transaction left idle, since it would hold every subscriber back', async () => {
    const [row] = await test.db.system((tx) => queryRows<{ timeout: string }>(tx, sql`select current_setting('idle_in_transaction_session_timeout') as timeout`));
    expect(row?.timeout).toBe('1min');
  });

  it('never delivers to one subscriber from two workers at once, and applies every event exactly once', async () => {
    let active = 0;
    let overlapped = false;
    const subscriber = defineSubscriber({
      name: 'test.exclusive',
      handlers: [
        on(ticked, async (event, tx) => {
          active += 1;
          if (active > 1) overlapped = true;
          await tx.execute(sql`insert into public.deliveries (workspace_id, event_id, n) values (${workspace}, ${event.id}, ${event.payload.n})`);
          await new Promise((resolve) => setImmediate(resolve));
          active -= 1;
        }),
      ],
    });
    const otherWorkerDb = await openPostgres({ url: test.url as string, poolSize: 4 });
    const logger = memoryLogger('fatal').logger;
    const workers = [test.db, otherWorkerDb].map((db) => createDispatcher({ db, subscribers: [subscriber], logger, batchSize: 25 }));
    try {
      for (let batch = 0; batch < 10; batch++) {
        await test.db.tenant(workspace, async (tx) => {
          for (let i = 0; i < 50; i++) await appendEvent(tx, ticked, { workspaceId: workspace, payload: { n: batch * 50 + i } });
        });
      }
      await Promise.all(workers.map((worker) => worker.start()));
      for (let i = 0; i < 200; i++) {
        const [row] = await test.db.system((tx) => queryRows<{ count: number }>(tx, sql`select count(*)::int as count from public.deliveries`));
        if (row?.count === 502) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await Promise.all(workers.map((worker) => worker.stop()));
      await otherWorkerDb.close();
    }
    const [row] = await test.db.system((tx) =>
      queryRows<{ count: number; distinct: number }>(tx, sql`select count(*)::int as count, count(distinct n)::int as distinct from public.deliveries`),
    );
    // 500 new events plus the 2 of the previous test: a new subscriber starts from position 0.
    expect(row).toEqual({ count: 502, distinct: 500 });
    expect(overlapped).toBe(false);
  });
});
