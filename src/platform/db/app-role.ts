import { sql, type SQL } from 'drizzle-orm';

/** The role tenant transactions switch to: no BYPASSRLS, no ownership, only grants on tenant tables. */
export const appRole = 'atelier_app';

/**
 * Roles are cluster-wide, so the role is made here, idempotently, before any database's
 * migrations run; two databases on one server may race to create it, which is fine.
 */
export const ensureAppRoleSql: SQL = sql.raw(`
do $$
begin
  if not exists (select 1 from pg_roles where rolname = '${appRole}') then
    begin
      create role ${appRole} nologin nobypassrls;
    exception when duplicate_object or unique_violation then null;
    end;
  end if;
  if not pg_has_role(current_user, '${appRole}', 'member') then
    execute format('grant ${appRole} to %I', current_user);
  end if;
end
$$;
`);
