import { getTableColumns, type Table } from 'drizzle-orm';

/**
 * A row of `table` as the database sent it (column names, driver values), as from a database
 * function that returns the table's rows, read as the query builder reads its own: the fields
 * named and typed as in the schema (dates as Date, bigint columns as numbers, JSON parsed).
 */
export function rowOf<T extends Table>(table: T, sent: Record<string, unknown>): T['$inferSelect'] {
  const row: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(getTableColumns(table))) {
    const value = sent[column.name];
    row[field] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as T['$inferSelect'];
}
