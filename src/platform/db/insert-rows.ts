import { getTableColumns, getTableName, is, SQL, type Column } from 'drizzle-orm';
import { getTableConfig, PgDialect, type PgTable } from 'drizzle-orm/pg-core';
import type { Statement } from './send-sql.ts';

interface Layout {
  /** Schema field, database column and the column itself, in the schema's order. */
  columns: readonly (readonly [field: string, name: string, column: Column])[];
  /** The insert's text, whatever the rows: they are its one parameter. */
  text: string;
  name: string;
}

const layouts = new WeakMap<PgTable, Layout>();
const dialect = new PgDialect();

function layoutOf(table: PgTable): Layout {
  let layout = layouts.get(table);
  if (!layout) {
    const columns = Object.entries(getTableColumns(table)).map(([field, column]) => [field, column.name, column] as const);
    const { schema, name } = getTableConfig(table);
    // Quoted as drizzle quotes them, once per table.
    const qualified = [schema, name].filter((part) => part !== undefined).map((part) => dialect.escapeName(part)).join('.');
    const list = columns.map(([, column]) => dialect.escapeName(column)).join(', ');
    layout = {
      columns,
      text: `insert into ${qualified} (${list}) select ${list} from jsonb_populate_recordset(null::${qualified}, $1::jsonb)`,
      name: `atelier.insert_rows.${schema ?? 'public'}.${name}`,
    };
    layouts.set(table, layout);
  }
  return layout;
}

/**
 * A new row as the table will hold it: every field left out takes the schema's default (a value
 * or a `$defaultFn`), or NULL where the column allows it. A field whose default is SQL (such as
 * `defaultNow()`) only the database can compute, and a JSON row cannot leave it to the database,
 * so leaving one out is refused, as is leaving out a required field.
 */
export function withDefaults<T extends PgTable>(table: T, row: T['$inferInsert']): T['$inferSelect'] {
  const complete: Record<string, unknown> = {};
  for (const [field, , column] of layoutOf(table).columns) complete[field] = valueOf(table, row, field, column);
  return complete as T['$inferSelect'];
}

function valueOf(table: PgTable, row: Record<string, unknown>, field: string, column: Column): unknown {
  const given = row[field];
  return given === undefined ? defaultOf(table, field, column) : given;
}

function defaultOf(table: PgTable, field: string, column: Column): unknown {
  const value = column.defaultFn ? column.defaultFn() : column.default;
  if (is(value, SQL)) throw new Error(`insertRows(${getTableName(table)}): ${field} has a database default, so the row must give it`);
  // A schema default such as `[]` is one object; each row gets its own copy.
  if (value !== undefined) return typeof value === 'object' && value !== null ? structuredClone(value) : value;
  if (!column.notNull) return null;
  throw new Error(`insertRows(${getTableName(table)}): the row has no ${field}`);
}

/**
 * An insert of new rows (fields left out completed by `withDefaults`) sent as one JSON parameter
 * that `jsonb_populate_recordset` reads back into the table's row type, in one fixed text per
 * table. drizzle's insert builder maps, escapes and binds each value on its own: for a
 * generation's twenty-column record that was 120 µs of JavaScript a request on the CI machine,
 * against a few µs here, and PostgreSQL casts the JSON the way it casts parameters (dates as ISO
 * text, JSON columns as JSON).
 */
export function insertRows<T extends PgTable>(table: T, rows: readonly T['$inferInsert'][]): Statement {
  const { columns, text, name } = layoutOf(table);
  // Straight into column names, without a completed row in between.
  const sent = rows.map((row) => {
    const values: Record<string, unknown> = {};
    for (const [field, name, column] of columns) values[name] = valueOf(table, row, field, column);
    return values;
  });
  return { sql: text, params: [JSON.stringify(sent)], name };
}
