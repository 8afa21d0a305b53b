import { sql } from 'drizzle-orm';
import { queryRows, type RootDb, type Tx } from './tenancy.ts';
import { appRole } from './app-role.ts';

export const tenantPolicyName = 'tenant_isolation';
export const tenantPredicate = `workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid`;

interface TenantTableRow {
  schema: string;
  table: string;
  column_type: string;
  has_policy: boolean;
}

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

/**
 * Every table with a `workspace_id` column, wherever it lives, is a tenant table: this gives
 * each one RLS (enabled and forced), the one tenant policy and the app role's grants. It runs
 * after the migrations, under the same lock, and is idempotent.
 */
export async function secureTenantTables(db: RootDb | Tx): Promise<string[]> {
  const tables = await queryRows<TenantTableRow>(db, sql`
    select n.nspname as schema, c.relname as table, format_type(a.atttypid, a.atttypmod) as column_type,
           exists (select 1 from pg_policy p where p.polrelid = c.oid and p.polname = ${tenantPolicyName}) as has_policy
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attname = 'workspace_id' and not a.attisdropped
    where c.relkind in ('r', 'p')
      and n.nspname not in ('pg_catalog', 'information_schema')
      and n.nspname not like 'pg\\_%'
    order by 1, 2`);
  const secured: string[] = [];
  for (const row of tables) {
    const name = `${quote(row.schema)}.${quote(row.table)}`;
    if (row.column_type !== 'uuid') {
      throw new Error(`${row.schema}.${row.table}.workspace_id must be a uuid to be a tenant table (it is ${row.column_type})`);
    }
    await db.execute(sql.raw(`alter table ${name} enable row level security`));
    await db.execute(sql.raw(`alter table ${name} force row level security`));
    if (!row.has_policy) {
      await db.execute(
        sql.raw(
          `create policy ${tenantPolicyName} on ${name} as permissive for all to ${appRole} ` +
            `using (${tenantPredicate}) with check (${tenantPredicate})`,
        ),
      );
    }
    await db.execute(sql.raw(`grant usage on schema ${quote(row.schema)} to ${appRole}`));
    await db.execute(sql.raw(`grant select, insert, update, delete on ${name} to ${appRole}`));
    await db.execute(sql.raw(`grant usage, select on all sequences in schema ${quote(row.schema)} to ${appRole}`));
    secured.push(`${row.schema}.${row.table}`);
  }
  return secured;
}
