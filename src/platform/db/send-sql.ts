import { is, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgDialect, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { PgliteSession } from 'drizzle-orm/pglite';

/** A drizzle handle: the root database or a transaction (tenancy.ts's RootDb and Tx). */
type Handle = PgDatabase<PgQueryResultHKT, Record<string, never>>;
type Session = Handle['_']['session'];

/** What drizzle's PGlite session runs its statements on: the instance's view for drizzle (pglite-views.ts), or a transaction of it. */
interface PgliteClient {
  query(text: string, params: unknown[], options: unknown): Promise<{ rows: unknown[] }>;
}

/** drizzle's own options for a raw statement on PGlite (rows as objects, its dates and intervals as text), taken from the first statement it prepares. */
let pgliteRawOptions: unknown;

/**
 * Runs a statement's text and parameters on the connection a drizzle handle runs on and answers
 * its rows, as `db.execute` does, with the same parsing. On PGlite it goes to the session's client
 * straight away: drizzle makes a prepared-query object for every statement, with two parser tables
 * of nine closures each, then a result wrapper and a cache lookup; going around them took 4% off
 * a generation's time, which runs some twenty statements. On
 * PostgreSQL it goes through drizzle, under `name` (node-postgres prepares it once per connection).
 */
export async function sendSql<T>(db: Handle, text: string, params: unknown[], name?: string): Promise<T[]> {
  const session: Session = db._.session;
  if (is(session, PgliteSession)) {
    pgliteRawOptions ??= (session.prepareQuery({ sql: text, params }, undefined, undefined, false) as unknown as { rawQueryConfig: unknown }).rawQueryConfig;
    const client = (session as unknown as { client: PgliteClient }).client;
    return (await client.query(text, params, pgliteRawOptions)).rows as T[];
  }
  const result = (await session.prepareQuery({ sql: text, params }, undefined, name, false).execute()) as { rows: T[] };
  return result.rows;
}

/**
 * A statement as fixed text and its parameters, for the hot paths: no drizzle template is built
 * again for it. A name makes each PostgreSQL connection parse and plan it once (that is half the
 * server's work for a small statement); PGlite prepares every text once by itself. One name is
 * one text: node-postgres refuses the same name with another.
 */
export interface Statement {
  sql: string;
  params: unknown[];
  name?: string | undefined;
}

export function sendStatement<T>(db: Handle, statement: Statement): Promise<T[]> {
  return sendSql<T>(db, statement.sql, statement.params, statement.name);
}

/** A drizzle SQL fragment as the text and parameters `sendSql` takes, built by the handle's own dialect. */
export function builtSql(db: Handle, query: SQL): { sql: string; params: unknown[] } {
  return (db._.session as unknown as { dialect: PgDialect }).dialect.sqlToQuery(query);
}
