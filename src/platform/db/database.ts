import type { PgliteQueries } from './pglite-views.ts';
import { sql } from 'drizzle-orm';
import { eventsChannel } from '../events/events-channel.ts';
import { coalescedCall } from './coalesced-call.ts';
import { appliedMigrationCount, shippedMigrationCount } from './migrations.ts';
import { createTenancy, type RootDb, type Tenancy } from './tenancy.ts';

export type Engine = 'pglite' | 'postgres';

/** How kernel parts that bring their own client (the job queue) reach the same database. */
export type EngineConnection = { engine: 'pglite'; pglite: PgliteQueries } | { engine: 'postgres'; url: string; poolSize: number };

/** What the rest of Atelier gets of the database: scoped transactions, never the raw handle. */
export interface Database extends Tenancy {
  readonly engine: Engine;
  readonly connection: EngineConnection;
  /**
   * Applies pending migrations once, even when several processes start together; returns how
   * many this call applied.
   */
  migrate(): Promise<number>;
  /** Throws unless the database answers. */
  ping(): Promise<void>;
  /** Migrations the code ships that the database has not applied yet. */
  pendingMigrations(): Promise<number>;
  /**
   * Calls `onNotify` whenever a committed transaction sent NOTIFY on `channel` (on PostgreSQL
   * over a dedicated connection, on PGlite in-process). Resolves to the unsubscribe function.
   */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface EngineParts {
  connection: EngineConnection;
  root: RootDb;
  migrate(): Promise<number>;
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export function assembleDatabase(parts: EngineParts): Database {
  // Autocommit tenantCall()s leave the dispatchers' wake-up to us: one NOTIFY at a time for all
  // of them, instead of one per call, each holding NOTIFY's server-wide commit lock.
  const wakeDispatchers = coalescedCall(() => parts.root.execute(sql`select pg_notify(${eventsChannel}, '')`));
  const tenancy = createTenancy(parts.root, { afterAutocommitCall: wakeDispatchers.request });
  const shipped = shippedMigrationCount();
  return {
    engine: parts.connection.engine,
    connection: parts.connection,
    tenant: tenancy.tenant,
    system: tenancy.system,
    tenantCall: tenancy.tenantCall,
    migrate: parts.migrate,
    listen: parts.listen,
    async ping() {
      await parts.root.execute(sql`select 1`);
    },
    async pendingMigrations() {
      return Math.max(0, shipped - (await appliedMigrationCount(parts.root)));
    },
    async close() {
      await wakeDispatchers.idle();
      await parts.close();
    },
  };
}
