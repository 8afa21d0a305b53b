import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { ensureAppRoleSql } from './app-role.ts';
import { assembleDatabase, type Database } from './database.ts';
import { appliedMigrationCount, migrationsFolder } from './migrations.ts';
import { secureTenantTables } from './secure-tenant-tables.ts';
import { queryRows, type RootDb } from './tenancy.ts';

/** Any constant will do as long as every Atelier process uses the same one. */
const migrationLockKey = 0x41_74_65_6c; // "Atel"

export interface PostgresOptions {
  url: string;
  poolSize: number;
  applicationName?: string;
}

const idleInTransactionTimeoutMs = 60_000;

export async function openPostgres(options: PostgresOptions): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize,
    application_name: options.applicationName ?? 'atelier',
    // A transaction left open holds back every event subscriber (see events/dispatcher.ts): the
    // server ends one that sits idle this long. No transaction of ours waits on anything slow.
    idle_in_transaction_session_timeout: idleInTransactionTimeoutMs,
  });
  // An idle client's network error must not crash the process; the next query reports it.
  pool.on('error', () => {});
  const root = drizzle({ client: pool }) as unknown as RootDb;
  try {
    await assertCanBypassRls(root);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return assembleDatabase({
    connection: { engine: 'postgres', url: options.url, poolSize: options.poolSize },
    root,
    async migrate() {
      const client = await pool.connect();
      try {
        // Session-level advisory lock: a second process waits here, then finds nothing to do.
        await client.query('select pg_advisory_lock($1)', [migrationLockKey]);
        try {
          const db = drizzle({ client });
          const before = await appliedMigrationCount(db as unknown as RootDb);
          await db.execute(ensureAppRoleSql);
          await migrate(db, { migrationsFolder });
          await db.transaction((tx) => secureTenantTables(tx as unknown as RootDb));
          return (await appliedMigrationCount(db as unknown as RootDb)) - before;
        } finally {
          await client.query('select pg_advisory_unlock($1)', [migrationLockKey]);
        }
      } finally {
        client.release();
      }
    },
    listen: (channel, onNotify) => listenOnDedicatedConnection(options, channel, onNotify),
    close: () => pool.end(),
  });
}

/**
 * LISTEN needs a connection of its own for as long as it listens, so it is not taken from the
 * pool. If the connection drops it is re-opened; callers poll as well, so a notification lost
 * in between only delays work.
 */
async function listenOnDedicatedConnection(
  options: PostgresOptions,
  channel: string,
  onNotify: () => void,
): Promise<() => Promise<void>> {
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const connect = async () => {
    const next = new pg.Client({ connectionString: options.url, application_name: `${options.applicationName ?? 'atelier'}-listen` });
    next.on('notification', () => onNotify());
    next.on('error', () => {
      next.end().catch(() => {});
      if (!stopped) retry = setTimeout(() => void connect().catch(() => {}), 1000);
    });
    await next.connect();
    await next.query(`listen "${channel.replaceAll('"', '""')}"`);
    client = next;
    if (stopped) await next.end();
  };
  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    await client?.end().catch(() => {});
  };
}

/** system() must see every row, so the connecting role has to be a superuser or have BYPASSRLS. */
async function assertCanBypassRls(root: RootDb): Promise<void> {
  const [role] = await queryRows<{ rolname: string; bypass: boolean }>(
    root,
    sql`select rolname, (rolsuper or rolbypassrls) as bypass from pg_roles where rolname = current_user`,
  );
  if (!role?.bypass) {
    throw new Error(
      `DATABASE_URL connects as "${role?.rolname ?? 'unknown'}", which cannot bypass row-level security; ` +
        'grant it BYPASSRLS (ALTER ROLE … BYPASSRLS) so that migrations and system work see every workspace',
    );
  }
}
