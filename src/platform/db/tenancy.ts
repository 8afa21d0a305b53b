import { AsyncLocalStorage } from 'node:async_hooks';
import { sql, type ExtractTablesWithRelations, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { appRole } from './app-role.ts';

/** The handle module code writes through: a transaction already scoped to one workspace, or to the system. */
export type Tx = PgTransaction<PgQueryResultHKT, Record<string, never>, ExtractTablesWithRelations<Record<string, never>>>;
export type RootDb = PgDatabase<PgQueryResultHKT, Record<string, never>>;

/** Raw SQL for what the query builder cannot say; the rows come back as `T`. */
export async function queryRows<T>(db: RootDb | Tx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

type Scope = { kind: 'tenant'; workspaceId: string } | { kind: 'system' };

interface OpenTransaction {
  scope: Scope;
  tx: Tx;
  open: boolean;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` is a UUID, in either case: ids from a path or a command line are checked with it before they reach SQL. */
export const isUuid = (value: string): boolean => uuidPattern.test(value);

export class TenancyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TenancyError';
  }
}

export interface Tenancy {
  /**
   * Runs `fn` in a transaction that can see and change only `workspaceId`'s rows: the setting
   * `app.workspace_id` is set and the role switched to one without BYPASSRLS, so row-level
   * security backs every query. Inside an open `tenant()` of the same workspace it joins that
   * transaction through a savepoint; inside another workspace's it is an error.
   */
  tenant<T>(workspaceId: string, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * Cross-tenant work, for the named uses only (migrations, dispatcher and job runner, operator
   * console, resolvers that find the workspace before it is known). Sees every row. It may step
   * down into one workspace with a nested tenant(); a tenant() can never step up into system().
   */
  system<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
}

const describe = (scope: Scope) => (scope.kind === 'system' ? 'system()' : `tenant(${scope.workspaceId})`);

export function createTenancy(root: RootDb): Tenancy {
  const current = new AsyncLocalStorage<OpenTransaction>();

  async function within<T>(scope: Scope, tx: Tx, fn: (tx: Tx) => Promise<T>): Promise<T> {
    const open: OpenTransaction = { scope, tx, open: true };
    try {
      return await current.run(open, () => fn(tx));
    } finally {
      open.open = false;
    }
  }

  async function run<T>(scope: Scope, fn: (tx: Tx) => Promise<T>): Promise<T> {
    const outer = current.getStore();
    // A callback that outlived its transaction (a timer set inside it) starts afresh.
    if (!outer?.open) {
      return root.transaction(async (tx) => {
        if (scope.kind === 'tenant') await enterWorkspace(tx, scope.workspaceId);
        return within(scope, tx, fn);
      });
    }
    if (sameScope(outer.scope, scope)) return outer.tx.transaction((savepoint) => within(scope, savepoint, fn));
    if (outer.scope.kind === 'system' && scope.kind === 'tenant') {
      // Cross-tenant work may step down into one workspace (the dispatcher hands each event's
      // handler its workspace's scope while keeping its cursor in the same transaction); the
      // role and setting are undone when the savepoint ends.
      return outer.tx.transaction(async (savepoint) => {
        await enterWorkspace(savepoint, scope.workspaceId);
        const result = await within(scope, savepoint, fn);
        await savepoint.execute(sql`select set_config('role', 'none', true), set_config('app.workspace_id', '', true)`);
        return result;
      });
    }
    throw new TenancyError(`${describe(scope)} was called inside ${describe(outer.scope)}; finish one before starting the other`);
  }

  return {
    tenant(workspaceId, fn) {
      if (!isUuid(workspaceId)) {
        return Promise.reject(new TenancyError(`tenant() needs a workspace UUID, got ${JSON.stringify(workspaceId)}`));
      }
      return run({ kind: 'tenant', workspaceId: workspaceId.toLowerCase() }, fn);
    },
    system(fn) {
      return run({ kind: 'system' }, fn);
    },
  };
}

/** One round trip: `set_config('role', …)` is SET LOCAL ROLE, with the same membership check. */
async function enterWorkspace(tx: Tx, workspaceId: string): Promise<void> {
  await tx.execute(sql`select set_config('app.workspace_id', ${workspaceId}, true), set_config('role', ${appRole}, true)`);
}

function sameScope(a: Scope, b: Scope): boolean {
  if (a.kind === 'system' || b.kind === 'system') return a.kind === b.kind;
  return a.workspaceId === b.workspaceId;
}
