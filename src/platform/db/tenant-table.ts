import { index, uuid, type PgColumnBuilderBase, type PgSchema } from 'drizzle-orm/pg-core';

/**
 * Declares a table owned by one workspace. The `workspace_id` column it adds is what the
 * migration step `secureTenantTables` looks for: every such table gets row-level security
 * enabled and forced, the tenant policy and the app role's grants, so no module can forget them.
 */
export function tenantTable<TName extends string, TColumns extends Record<string, PgColumnBuilderBase>>(
  schema: PgSchema,
  name: TName,
  columns: TColumns,
) {
  return schema.table(
    name,
    { workspaceId: uuid('workspace_id').notNull(), ...columns },
    (table) => [index(`${name}_workspace_id_idx`).on(table.workspaceId)],
  );
}
