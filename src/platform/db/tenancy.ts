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
  /**
   * Calls one database function in `workspaceId`'s scope and returns its rows, for hot paths: a
   * transaction around one statement costs three more round trips (BEGIN, the scope, COMMIT),
   * and any row lock the statement takes is held across them. `fn` is schema-qualified and takes
   * `(workspace_id uuid, argument jsonb)`; `argument` is sent as JSON. With no transaction open
   * the call is one autocommit statement that enters the workspace first; inside an open one it
   * joins as tenant() does (same workspace, or a step down from system(); else an error).
   */
  tenantCall<T>(workspaceId: string, fn: string, argument: unknown, options?: TenantCallOptions): Promise<T[]>;
}

export interface TenantCallOptions {
  /**
   * For a function that serialises on one row per workspace (the ledger's balance): how many
   * autocommit calls of it for one workspace this process sends at once (1 or more); the others
   * wait their turn here. PostgreSQL wakes every session waiting on a row's transaction when it
   * ends, so many such sessions spend the CPU that the row's holder needs (decision 0017). A
   * call inside a transaction joins it and never waits here: its transaction may hold the row.
   */
  perWorkspace?: number;
}

/** A schema-qualified function name, such as `usage.debit`: the only SQL a tenantCall() caller supplies. */
const functionNamePattern = /^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/;

const describe = (scope: Scope) => (scope.kind === 'system' ? 'system()' : `tenant(${scope.workspaceId})`);

export interface TenancyHooks {
  /**
   * Called after an autocommit tenantCall() has committed. Its statement leaves waking the
   * event dispatchers to this hook (`platform.enter_workspace_for_call`), so that many calls
   * share one NOTIFY instead of committing one at a time behind NOTIFY's server-wide lock.
   */
  afterAutocommitCall(): void;
}

export function createTenancy(root: RootDb, hooks: TenancyHooks): Tenancy {
  const current = new AsyncLocalStorage<OpenTransaction>();
  const lines = createLines();

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
    tenantCall<T>(workspaceId: string, fn: string, argument: unknown, options: TenantCallOptions = {}) {
      if (!isUuid(workspaceId)) {
        return Promise.reject(new TenancyError(`tenantCall() needs a workspace UUID, got ${JSON.stringify(workspaceId)}`));
      }
      if (!functionNamePattern.test(fn)) {
        return Promise.reject(new TenancyError(`tenantCall() needs a schema-qualified function name, got ${JSON.stringify(fn)}`));
      }
      if (options.perWorkspace !== undefined && !(Number.isSafeInteger(options.perWorkspace) && options.perWorkspace >= 1)) {
        return Promise.reject(new TenancyError(`tenantCall()'s perWorkspace must be a whole number from 1, got ${options.perWorkspace}`));
      }
      const scope: Scope = { kind: 'tenant', workspaceId: workspaceId.toLowerCase() };
      if (current.getStore()?.open) return run(scope, (tx) => runNamed<T>(tx, tenantCallStatement('joined', scope.workspaceId, fn, argument)));
      const call = tenantCallStatement('autocommit', scope.workspaceId, fn, argument);
      const autocommit = async () => {
        const rows = await runNamed<T>(root, call);
        hooks.afterAutocommitCall();
        return rows;
      };
      if (options.perWorkspace === undefined) return autocommit();
      return lines.inLine(`${fn} ${scope.workspaceId}`, options.perWorkspace, autocommit);
    },
  };
}

/**
 * Waiting lines, one per key: at most `width` calls of a key run at once, the others wait in
 * arrival order and take the place of one that ends. A line is dropped once it is empty.
 */
function createLines() {
  const lines = new Map<string, { running: number; waiting: (() => void)[] }>();
  return {
    async inLine<T>(key: string, width: number, work: () => Promise<T>): Promise<T> {
      let line = lines.get(key);
      if (!line) {
        line = { running: 0, waiting: [] };
        lines.set(key, line);
      }
      if (line.running < width) line.running++;
      else await new Promise<void>((resolve) => line.waiting.push(resolve));
      try {
        return await work();
      } finally {
        const next = line.waiting.shift();
        if (next) next();
        else if (--line.running === 0) lines.delete(key);
      }
    },
  };
}

interface NamedStatement {
  name: string;
  sql: string;
  params: unknown[];
}

/**
 * A tenantCall() as one statement. It enters the workspace first and hands the scope's row to
 * the function as its first argument, so PostgreSQL cannot call the function before
 * platform.enter_workspace has run. The function's body is planned and run after the switch, as
 * the app role with the setting, so row-level security backs it as it backs tenant(). A table
 * named in the statement itself would be checked before the switch, as the connecting role
 * (which bypasses row-level security): hence a function's name, never a statement.
 */
function tenantCallStatement(mode: 'joined' | 'autocommit', workspaceId: string, fn: string, argument: unknown): NamedStatement {
  // Joined to an open transaction, the call must not touch how that transaction wakes the dispatchers.
  const enter = mode === 'joined' ? 'platform.enter_workspace' : 'platform.enter_workspace_for_call';
  return {
    name: `atelier.tenant_call.${mode}.${fn}`,
    sql: `select result.* from ${enter}($1, $2) as scope(workspace_id) cross join lateral ${fn}(scope.workspace_id, $3::jsonb) as result`,
    params: [workspaceId, appRole, JSON.stringify(argument)],
  };
}

/**
 * Runs a statement under its name, so that each PostgreSQL connection parses and plans it once
 * (that is half the server's work for a small call); PGlite ignores the name.
 */
async function runNamed<T>(db: RootDb | Tx, statement: NamedStatement): Promise<T[]> {
  const prepared = db._.session.prepareQuery({ sql: statement.sql, params: statement.params }, undefined, statement.name, false);
  const result = (await prepared.execute()) as { rows: T[] };
  return result.rows;
}

/** One round trip: platform.enter_workspace's `set_config('role', …)` is SET LOCAL ROLE, with the same membership check. */
async function enterWorkspace(tx: Tx, workspaceId: string): Promise<void> {
  await tx.execute(sql`select platform.enter_workspace(${workspaceId}, ${appRole})`);
}

function sameScope(a: Scope, b: Scope): boolean {
  if (a.kind === 'system' || b.kind === 'system') return a.kind === b.kind;
  return a.workspaceId === b.workspaceId;
}
