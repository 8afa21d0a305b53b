import { sql } from 'drizzle-orm';
import { Gauge, type Registry } from 'prom-client';
import type { Database } from '../db/database.ts';
import { queryRows } from '../db/tenancy.ts';
import type { SubscriberDefinition } from './subscriber.ts';

/**
 * One stuck transaction holds every subscriber back (nothing above it is delivered): transaction
 * ids are server-wide, so one in another database counts too, and only transactions that took an
 * id (that wrote) hold the horizon. Its age is exported beside each subscriber's lag and parked count, read when Prometheus scrapes.
 */
export function installEventMetrics(registry: Registry, db: Database, subscribers: readonly SubscriberDefinition[]): void {
  new Gauge({
    name: 'atelier_oldest_transaction_age_seconds',
    help: 'Age of the oldest open transaction holding a transaction id, in any database of the server (it holds back event delivery)',
    registers: [registry],
    async collect() {
      const [row] = await db.system((tx) =>
        queryRows<{ age: number }>(
          tx,
          sql`select coalesce(extract(epoch from now() - min(xact_start)), 0)::float8 as age
              from pg_stat_activity
              where backend_xid is not null and pid <> pg_backend_pid()`,
        ),
      );
      this.set(row?.age ?? 0);
    },
  });
  new Gauge({
    name: 'atelier_subscriber_lag_seconds',
    help: 'Age of the oldest event a subscriber has not processed yet (0 when caught up)',
    labelNames: ['subscriber'],
    registers: [registry],
    async collect() {
      for (const subscriber of subscribers) {
        const [row] = await db.system((tx) =>
          queryRows<{ lag: number | null }>(
            tx,
            sql`select extract(epoch from now() - e.occurred_at)::float8 as lag
                from platform.subscriber_cursors c
                join lateral (
                  select occurred_at from platform.event_log
                  where (tx_id, position) > (c.tx_id, c.position)
                  order by tx_id, position limit 1
                ) e on true
                where c.subscriber = ${subscriber.name}`,
          ),
        );
        this.set({ subscriber: subscriber.name }, row?.lag ?? 0);
      }
    },
  });
  new Gauge({
    name: 'atelier_subscriber_parked_events',
    help: 'Events a subscriber gave up on, waiting for an operator',
    labelNames: ['subscriber'],
    registers: [registry],
    async collect() {
      const rows = await db.system((tx) =>
        queryRows<{ subscriber: string; parked: number }>(
          tx,
          sql`select subscriber, count(*)::int as parked from platform.parked_events group by subscriber`,
        ),
      );
      for (const subscriber of subscribers) {
        this.set({ subscriber: subscriber.name }, rows.find((row) => row.subscriber === subscriber.name)?.parked ?? 0);
      }
    },
  });
}
