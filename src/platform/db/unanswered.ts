import { is, sql, SQL } from 'drizzle-orm';
import type { Statement } from './send-sql.ts';

/** How pglite-statements.ts recognises an unanswered statement: a comment, which PostgreSQL ignores. */
export const unansweredMarker = '/* atelier:unanswered */ ';

/**
 * A statement whose answer nobody reads (entering a workspace, stepping back to the app role,
 * appending an event): on PGlite, inside a transaction, it goes into the instance together with
 * the transaction's next statement or its COMMIT, one call instead of two, and if it fails, that
 * statement fails with its error. On PostgreSQL, and outside a transaction, it runs at once.
 * Its caller gets no rows back, and must not catch its errors to carry on: they end the
 * transaction, as any failed statement does.
 */
export function unanswered(query: SQL): SQL;
export function unanswered(statement: Statement): Statement;
export function unanswered(query: SQL | Statement): SQL | Statement {
  if (is(query, SQL)) return sql.join([sql.raw(unansweredMarker), query]);
  // Another text is another name (send-sql.ts).
  return { sql: unansweredMarker + query.sql, params: query.params, name: query.name && `${query.name}.unanswered` };
}
