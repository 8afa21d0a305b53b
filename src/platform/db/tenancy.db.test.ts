import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { eventsChannel } from '../events/events-channel.ts';
import { appRole } from './app-role.ts';
import { secureTenantTables, tenantPolicyName } from './secure-tenant-tables.ts';
import { batchLimits, queryRows, TenancyError } from './tenancy.ts';

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
    // Functions for tenantCall(): what the call sees and who it runs as, and a write of any workspace's row.
    await tx.execute(sql`create function scratch.seen(workspace_id uuid, argument jsonb) returns table (body text, who text, setting text)
      language plpgsql as $$ begin
        return query select n.body, current_user::text, current_setting('app.workspace_id', true) from scratch.notes n order by n.body;
      end $$`);
    await tx.execute(sql`create function scratch.add_note(workspace_id uuid, argument jsonb) returns void
      language plpgsql as $$ begin
        insert into scratch.notes (workspace_id, body) values ((argument->>'workspaceId')::uuid, argument->>'body');
      end $$`);
    // For batches: a call that takes a while and says in which workspace and transaction it ran.
    await tx.execute(sql`create function scratch.slow(workspace_id uuid, argument jsonb) returns table (setting text, transaction_id text)
      language plpgsql as $$ begin
        perform pg_sleep((argument->>'seconds')::float8);
        return query select current_setting('app.workspace_id', true), pg_current_xact_id()::text;
      end $$`);
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

describe('tenantCall()', () => {
  const seen = (rows: { body: string; who: string; setting: string }[]) => ({
    bodies: rows.map((row) => row.body),
    who: [...new Set(rows.map((row) => row.who))],
    setting: [...new Set(rows.map((row) => row.setting))],
  });
  const scope = () => test.db.system((tx) => queryRows<{ who: string; setting: string }>(tx, sql`select current_user::text as who, current_setting('app.workspace_id', true) as setting`));

  it("runs the function as the app role in its workspace, sees only that workspace's rows, and leaves no scope behind", async () => {
    const rows = await test.db.tenantCall<{ body: string; who: string; setting: string }>(workspaceA, 'scratch.seen', {});
    expect(seen(rows)).toEqual({ bodies: ['a1', 'a2'], who: [appRole], setting: [workspaceA] });
    // Several connections at once, so the one the call used is among them whichever the pool hands out first.
    const after = (await Promise.all([scope(), scope(), scope()])).flat();
    expect(after.map((connection) => connection.who)).not.toContain(appRole);
    expect(after.map((connection) => connection.setting ?? '')).toEqual(['', '', '']);
  });

  it('wakes the event dispatchers after an autocommit call, unless the function appends no events', async () => {
    let wakeUps = 0;
    const unlisten = await test.db.listen(eventsChannel, () => {
      wakeUps += 1;
    });
    try {
      const quiet = await test.db.tenantCall<{ body: string; who: string; setting: string }>(workspaceA, 'scratch.seen', {}, { appendsEvents: false });
      expect(seen(quiet)).toEqual({ bodies: ['a1', 'a2'], who: [appRole], setting: [workspaceA] });
      await test.db.tenantCall(workspaceA, 'scratch.seen', {});
      // Wake-ups arrive in the order of the commits that sent them: the quiet call's would have come first.
      await vi.waitFor(() => expect(wakeUps).toBeGreaterThan(0));
      expect(wakeUps).toBe(1);
    } finally {
      await unlisten();
    }
  });

  it("cannot write another workspace's row, and commits its own", async () => {
    await expect(test.db.tenantCall(workspaceA, 'scratch.add_note', { workspaceId: workspaceB, body: 'sneaky' })).rejects.toThrow();
    await test.db.tenantCall(workspaceA, 'scratch.add_note', { workspaceId: workspaceA, body: 'a3' });
    const rows = await test.db.system((tx) => queryRows<{ body: string; workspace_id: string }>(tx, sql`select body, workspace_id from scratch.notes where body in ('sneaky', 'a3')`));
    expect(rows).toEqual([{ body: 'a3', workspace_id: workspaceA }]);
    await test.db.system((tx) => tx.execute(sql`delete from scratch.notes where body = 'a3'`));
  });

  it("joins an open tenant() of the same workspace, batched or not: it sees the transaction's rows and rolls back with it", async () => {
    const inside = await test.db
      .tenant(workspaceA, async (tx) => {
        await tx.execute(sql`insert into scratch.notes (workspace_id, body) values (${workspaceA}, 'uncommitted')`);
        await test.db.tenantCall(workspaceA, 'scratch.add_note', { workspaceId: workspaceA, body: 'joined' }, { batched: true });
        const rows = await test.db.tenantCall<{ body: string; who: string; setting: string }>(workspaceA, 'scratch.seen', {});
        throw Object.assign(new Error('rollback'), { rows });
      })
      .catch((error: { rows: { body: string; who: string; setting: string }[] }) => error.rows);
    expect(seen(inside).bodies).toEqual(['a1', 'a2', 'joined', 'uncommitted']);
    const rows = await test.db.tenant(workspaceA, (tx) => queryRows<{ body: string }>(tx, sql`select body from scratch.notes`));
    expect(bodies(rows)).toEqual(['a1', 'a2']);
  });

  it('fails the transaction it joined when it fails: nothing of it is kept, even if the caller catches the error', async () => {
    const attempt = test.db.tenant(workspaceA, async (tx) => {
      await tx.execute(sql`insert into scratch.notes (workspace_id, body) values (${workspaceA}, 'before the failure')`);
      await test.db.tenantCall(workspaceA, 'scratch.add_note', { workspaceId: workspaceB, body: 'sneaky' }).catch(() => undefined);
      await tx.execute(sql`insert into scratch.notes (workspace_id, body) values (${workspaceA}, 'after the failure')`);
    });
    await expect(attempt).rejects.toThrow();
    const rows = await test.db.system((tx) => queryRows<{ body: string }>(tx, sql`select body from scratch.notes where body in ('before the failure', 'after the failure', 'sneaky')`));
    expect(rows).toEqual([]);
  });

  it("refuses to run inside another workspace's tenant()", async () => {
    await expect(test.db.tenant(workspaceA, () => test.db.tenantCall(workspaceB, 'scratch.seen', {}))).rejects.toBeInstanceOf(TenancyError);
  });

  it('steps down from system() into its workspace and back, in the same transaction', async () => {
    const result = await test.db.system(async (tx) => {
      const rows = await test.db.tenantCall<{ body: string; who: string; setting: string }>(workspaceB, 'scratch.seen', {});
      const afterwards = await queryRows<{ body: string }>(tx, sql`select body from scratch.notes`);
      return { inside: seen(rows), all: bodies(afterwards) };
    });
    expect(result).toEqual({ inside: { bodies: ['b1'], who: [appRole], setting: [workspaceB] }, all: ['a1', 'a2', 'b1'] });
  });

  // Three calls take the three batches that may run at once (they start on the next turn of the
  // event loop); what arrives meanwhile goes together.
  const busy = async () => {
    const running = [workspaceA, workspaceB, workspaceA].map((workspaceId) => test.db.tenantCall(workspaceId, 'scratch.slow', { seconds: 0.2 }, { batched: true }));
    await new Promise((resolve) => setImmediate(resolve));
    return running;
  };

  it('sends the batched calls that arrive while others run in a few transactions, each call in its own workspace', async () => {
    const running = await busy();
    const workspaces = [workspaceA, workspaceB, workspaceB, workspaceA, workspaceA, workspaceB, workspaceA, workspaceB, workspaceB];
    const together = workspaces.map((workspaceId) =>
      test.db.tenantCall<{ setting: string; transaction_id: string }>(workspaceId, 'scratch.slow', { seconds: 0 }, { batched: true }),
    );
    const answers = (await Promise.all(together)).map((rows) => rows[0]!);
    await Promise.all(running);
    expect(answers.map((answer) => answer.setting)).toEqual(workspaces);
    // The batches that free up share the waiting calls among them: at most one transaction each.
    expect(new Set(answers.map((answer) => answer.transaction_id)).size).toBeLessThanOrEqual(batchLimits.inFlight);
  });

  it('fails only the call that raised; the others of its batch commit', async () => {
    const running = await busy();
    const add = (workspaceId: string, body: string, into = workspaceId) => test.db.tenantCall(workspaceId, 'scratch.add_note', { workspaceId: into, body }, { batched: true });
    const outcomes = await Promise.allSettled([add(workspaceA, 'batched-a'), add(workspaceA, 'sneaky', workspaceB), add(workspaceB, 'batched-b')]);
    await Promise.all(running);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const rows = await test.db.system((tx) => queryRows<{ body: string; workspace_id: string }>(tx, sql`select body, workspace_id from scratch.notes where body in ('batched-a', 'sneaky', 'batched-b') order by body`));
    expect(rows).toEqual([
      { body: 'batched-a', workspace_id: workspaceA },
      { body: 'batched-b', workspace_id: workspaceB },
    ]);
    await test.db.system((tx) => tx.execute(sql`delete from scratch.notes where body like 'batched-%'`));
  });

  it('refuses a workspace id that is not a UUID, and anything but a schema-qualified function name', async () => {
    await expect(test.db.tenantCall("x' or true --", 'scratch.seen', {})).rejects.toBeInstanceOf(TenancyError);
    for (const name of ['seen', 'scratch.seen(); drop table scratch.notes; --', 'scratch."seen"', 'pg_catalog.pg_sleep ']) {
      await expect(test.db.tenantCall(workspaceA, name, {}), name).rejects.toBeInstanceOf(TenancyError);
    }
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
