import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { appRole } from './app-role.ts';
import { secureTenantTables, tenantPolicyName } from './secure-tenant-tables.ts';
import { queryRows, TenancyError } from './tenancy.ts';

const workspaceA = '01900000-0000-7000-8000-00000000000a';
const workspaceB = '01900000-0000-7000-8000-00000000000b';

let test: TestDatabase;

beforeAll(async () => {
  test = await createTestDatabase();
  await test.db.system(async (tx) => {
    await tx.execute(sql`create schema scratch`);
    await tx.execute(sql`create table scratch.notes (id serial primary key, workspace_id uuid not null, body text not null)`);
    await secureTenantTables(tx);
    await tx.execute(sql`insert into scratch.notes (workspace_id, body) values (${workspaceA}, 'a1'), (${workspaceA}, 'a2'), (${workspaceB}, 'b1')`);
  });
});

afterAll(() => test?.drop());

const bodies = (rows: { body: string }[]) => rows.map((row) => row.body).sort();

describe('tenant()', () => {
  it("sees only its own workspace's rows", async () => {
    const rows = await test.db.tenant(workspaceA, (tx) => queryRows<{ body: string }>(tx, sql`select body from scratch.notes`));
    expect(bodies(rows)).toEqual(['a1', 'a2']);
  });

  it("cannot insert a row into another workspace", async () => {
    await expect(
      test.db.tenant(workspaceA, (tx) => tx.execute(sql`insert into scratch.notes (workspace_id, body) values (${workspaceB}, 'sneaky')`)),
    ).rejects.toThrow();
    const rows = await test.db.system((tx) => queryRows<{ body: string }>(tx, sql`select body from scratch.notes`));
    expect(bodies(rows)).toEqual(['a1', 'a2', 'b1']);
  });

  it("cannot update or delete another workspace's rows, even without a filter", async () => {
    await test.db.tenant(workspaceA, async (tx) => {
      await tx.execute(sql`update scratch.notes set body = 'overwritten' where workspace_id = ${workspaceB}`);
      await tx.execute(sql`delete from scratch.notes where workspace_id = ${workspaceB}`);
    });
    const rows = await test.db.system((tx) =>
      queryRows<{ body: string }>(tx, sql`select body from scratch.notes where workspace_id = ${workspaceB}`),
    );
    expect(bodies(rows)).toEqual(['b1']);
  });

  it('cannot move its own row into another workspace', async () => {
    await expect(
      test.db.tenant(workspaceA, (tx) => tx.execute(sql`update scratch.notes set workspace_id = ${workspaceB} where body = 'a1'`)),
    ).rejects.toThrow();
  });

  it('sees nothing when no workspace is set on the app role', async () => {
    const rows = await test.db.system(async (tx) => {
      await tx.execute(sql.raw(`set local role ${appRole}`));
      return queryRows<{ body: string }>(tx, sql`select body from scratch.notes`);
    });
    expect(rows).toEqual([]);
  });

  it('rolls back everything when the work fails', async () => {
    await expect(
      test.db.tenant(workspaceA, async (tx) => {
        await tx.execute(sql`insert into scratch.notes (workspace_id, body) values (${workspaceA}, 'half-written')`);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const rows = await test.db.tenant(workspaceA, (tx) => queryRows<{ body: string }>(tx, sql`select body from scratch.notes`));
    expect(bodies(rows)).toEqual(['a1', 'a2']);
  });

  it('joins the open transaction when nested in the same workspace, without hanging', async () => {
    const result = await test.db.tenant(workspaceA, async (outer) => {
      await outer.execute(sql`insert into scratch.notes (workspace_id, body) values (${workspaceA}, 'nested')`);
      // The inner call must see the outer's uncommitted row: same transaction, not a second connection.
      const inner = await test.db.tenant(workspaceA, (tx) =>
        queryRows<{ body: string }>(tx, sql`select body from scratch.notes where body = 'nested'`),
      );
      throw Object.assign(new Error('rollback'), { inner });
    }).catch((error: { inner: unknown }) => error.inner);
    expect(result).toEqual([{ body: 'nested' }]);
  });

  it("refuses another workspace's tenant() inside an open one", async () => {
    await expect(test.db.tenant(workspaceA, () => test.db.tenant(workspaceB, async () => 1))).rejects.toBeInstanceOf(TenancyError);
  });

  it('refuses to step up from tenant() into system()', async () => {
    await expect(test.db.tenant(workspaceA, () => test.db.system(async () => 1))).rejects.toBeInstanceOf(TenancyError);
  });

  it('lets system() step down into one workspace and back, in the same transaction', async () => {
    const seen = await test.db.system(async (tx) => {
      const insideA = await test.db.tenant(workspaceA, (scoped) => queryRows<{ body: string }>(scoped, sql`select body from scratch.notes`));
      const insideB = await test.db.tenant(workspaceB, (scoped) => queryRows<{ body: string }>(scoped, sql`select body from scratch.notes`));
      const afterwards = await queryRows<{ body: string }>(tx, sql`select body from scratch.notes`);
      return { a: bodies(insideA), b: bodies(insideB), all: bodies(afterwards) };
    });
    expect(seen).toEqual({ a: ['a1', 'a2'], b: ['b1'], all: ['a1', 'a2', 'b1'] });
  });

  it('undoes the step down when the scoped work fails', async () => {
    const all = await test.db.system(async (tx) => {
      await test.db.tenant(workspaceA, () => Promise.reject(new Error('handler failed'))).catch(() => undefined);
      return queryRows<{ body: string }>(tx, sql`select body from scratch.notes`);
    });
    expect(bodies(all)).toEqual(['a1', 'a2', 'b1']);
  });

  it('refuses a workspace id that is not a UUID', async () => {
    await expect(test.db.tenant("x' or true --", async () => 1)).rejects.toBeInstanceOf(TenancyError);
  });

  it('starts afresh for work that outlives its transaction', async () => {
    const later = await test.db.tenant(workspaceA, async () => new Promise<() => Promise<unknown>>((resolve) => {
      resolve(() => test.db.tenant(workspaceB, (tx) => queryRows(tx, sql`select body from scratch.notes`)));
    }));
    await expect(later()).resolves.toEqual([{ body: 'b1' }]);
  });
});

describe('the catalogue', () => {
  it('has row-level security enabled, forced and with the tenant policy on every table with a workspace_id', async () => {
    await test.db.migrate();
    const tables = await test.db.system((tx) =>
      queryRows<{ name: string; enabled: boolean; forced: boolean; policies: string[] }>(
        tx,
        sql`select n.nspname || '.' || c.relname as name, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
                   coalesce(array(select p.polname::text from pg_policy p where p.polrelid = c.oid order by 1), '{}') as policies
            from pg_class c
            join pg_namespace n on n.oid = c.relnamespace
            join pg_attribute a on a.attrelid = c.oid and a.attname = 'workspace_id' and not a.attisdropped
            where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema')`,
      ),
    );
    expect(tables.map((table) => table.name)).toContain('scratch.notes');
    for (const table of tables) {
      expect(table, table.name).toMatchObject({ enabled: true, forced: true, policies: [tenantPolicyName] });
    }
  });

  it('gives the app role no way around row-level security', async () => {
    const [role] = await test.db.system((tx) =>
      queryRows<{ rolsuper: boolean; rolbypassrls: boolean }>(tx, sql`select rolsuper, rolbypassrls from pg_roles where rolname = ${appRole}`),
    );
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false });
  });
});
