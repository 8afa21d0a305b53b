import { AsyncLocalStorage } from 'node:async_hooks';
import { sql, type ExtractTablesWithRelations, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { appRole } from './app-role.ts';
import { callBatches, type BatchLimits, type CallBatches } from './call-batches.ts';
import { builtSql, sendSql, sendStatement, type Statement } from './send-sql.ts';
import { unanswered } from './unanswered.ts';

/** The handle module code writes through: a transaction already scoped to one workspace, or to the system. */
export type Tx = PgTransaction<PgQueryResultHKT, Record<string, never>, ExtractTablesWithRelations<Record<string, never>>>;
export type RootDb = PgDatabase<PgQueryResultHKT, Record<string, never>>;

/** Raw SQL for what the query builder cannot say; the rows come back as `T`. */
export async function queryRows<T>(db: RootDb | Tx, query: SQL): Promise<T[]> {
  const built = builtSql(db, query);
  return sendSql<T>(db, built.sql, built.params);
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
   * the call is one autocommit statement that enters the workspace first. Inside an open
   * tenant() of the same workspace it is one more statement of that transaction, without a
   * savepoint: if it fails, the transaction fails with it. From an open system() it steps down as
   * tenant() does; inside another workspace's transaction it is an error.
   */
  tenantCall<T>(workspaceId: string, fn: string, argument: unknown, options?: TenantCallOptions): Promise<T[]>;
}

export interface TenantCallOptions {
  /**
   * For a hot function called by many requests at once (the ledger's debit): the autocommit
   * calls of `fn` that arrive while others run go together as one statement, so they share one
   * transaction, one commit and one round trip (decision 0017). The function must answer an
   * expected refusal with a row rather than raise, and must be safe to call again: a batch whose
   * statement fails is undone, and each of its calls then runs alone, so that only the call that
   * raised fails. While a batch runs it holds the rows its calls lock, so their workspaces are
   * taken in one order (by id) and two batches never wait on each other in a circle. A call
   * inside a transaction joins it as always and is never batched.
   */
  batched?: boolean;
  /**
   * False for a function that appends no events: its autocommit call then enters the workspace
   * without taking the dispatchers' wake-up over, and no wake-up follows it (one statement fewer
   * for the engine). An event it appends after all still wakes them, through the event log's own
   * trigger, as in any transaction. Batched calls always wake them.
   */
  appendsEvents?: boolean;
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
  const batchesByFunction = new Map<string, CallBatches<AutocommitCall, unknown[]>>();

  async function callAlone(fn: string, call: AutocommitCall, wakesDispatchers = true): Promise<unknown[]> {
    const rows = await sendStatement<unknown>(root, tenantCallStatement(wakesDispatchers ? 'autocommit' : 'quiet', call.workspaceId, fn, call.argument));
    if (wakesDispatchers) hooks.afterAutocommitCall();
    return rows;
  }

  async function callTogether(fn: string, calls: AutocommitCall[]): Promise<PromiseSettledResult<unknown[]>[]> {
    if (calls.length === 1) return Promise.allSettled([callAlone(fn, calls[0]!)]);
    let rows: ({ atelier_call: number | string } & Record<string, unknown>)[];
    try {
      rows = await sendStatement(root, batchedCallStatement(fn, calls));
    } catch {
      // The statement was undone as a whole: each call again on its own, so only the one that raised fails.
      return Promise.allSettled(calls.map((call) => callAlone(fn, call)));
    }
    hooks.afterAutocommitCall();
    const answers = calls.map((): unknown[] => []);
    for (const { atelier_call: at, ...row } of rows) answers[Number(at)]!.push(row);
    return answers.map((value) => ({ status: 'fulfilled', value }));
  }

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
      const scope: Scope = { kind: 'tenant', workspaceId: workspaceId.toLowerCase() };
      const outer = current.getStore();
      if (outer?.open) {
        const statement = tenantCallStatement('joined', scope.workspaceId, fn, argument);
        // One statement needs no savepoint of its own: it fails as a whole, and so does the transaction it joined.
        if (sameScope(outer.scope, scope)) return sendStatement<T>(outer.tx, statement);
        return run(scope, (tx) => sendStatement<T>(tx, statement));
      }
      const call: AutocommitCall = { workspaceId: scope.workspaceId, argument };
      if (!options.batched) return callAlone(fn, call, options.appendsEvents !== false) as Promise<T[]>;
      let batches = batchesByFunction.get(fn);
      if (!batches) {
        batches = callBatches((calls) => callTogether(fn, calls), batchLimits);
        batchesByFunction.set(fn, batches);
      }
      return batches.submit(call) as Promise<T[]>;
    },
  };
}

interface AutocommitCall {
  workspaceId: string;
  argument: unknown;
}

/**
 * Three batches at once kept both cores of the CI machine busy with debits of 1,000 workspaces,
 * about seventeen calls each under fifty callers (two batches: 6% fewer debits/s; one runs on
 * one core); a hundred calls bound how long one batch holds its rows.
 */
export const batchLimits: BatchLimits = { inFlight: 3, maxItems: 100 };

/**
 * A tenantCall() as one statement. It enters the workspace first and hands the scope's row to
 * the function as its first argument, so PostgreSQL cannot call the function before
 * platform.enter_workspace has run. The function's body is planned and run after the switch, as
 * the app role with the setting, so row-level security backs it as it backs tenant(). A table
 * named in the statement itself would be checked before the switch, as the connecting role
 * (which bypasses row-level security): hence a function's name, never a statement.
 */
function tenantCallStatement(mode: 'joined' | 'autocommit' | 'quiet', workspaceId: string, fn: string, argument: unknown): Statement {
  // Joined to an open transaction, the call must not touch how that transaction wakes the
  // dispatchers; a quiet one (appendsEvents: false) leaves them to the event log's trigger.
  const enter = mode === 'autocommit' ? 'platform.enter_workspace_for_call' : 'platform.enter_workspace';
  return {
    name: `atelier.tenant_call.${mode}.${fn}`,
    sql: `select result.* from ${enter}($1, $2) as scope(workspace_id) cross join lateral ${fn}(scope.workspace_id, $3::jsonb) as result`,
    params: [workspaceId, appRole, JSON.stringify(argument)],
  };
}

/**
 * Several autocommit calls of one function as one statement: each enters its own workspace in
 * turn (the lateral join runs them one after another, in the order sent) and the function runs
 * in that scope, as in tenantCallStatement. The calls go in workspace order so that two batches
 * lock the workspaces' rows in the same order; each row comes back with its call's place in
 * `calls` as atelier_call.
 */
function batchedCallStatement(fn: string, calls: readonly AutocommitCall[]): Statement {
  const order = calls.map((call, at) => ({ call, at })).sort((a, b) => (a.call.workspaceId < b.call.workspaceId ? -1 : a.call.workspaceId > b.call.workspaceId ? 1 : a.at - b.at));
  return {
    name: `atelier.tenant_call.batched.${fn}`,
    sql:
      `select (sent.item->>'at')::int as atelier_call, result.* from jsonb_array_elements($1::jsonb) with ordinality as sent(item, position) ` +
      `cross join lateral platform.enter_workspace_for_call((sent.item->>'workspaceId')::uuid, $2) as scope(workspace_id) ` +
      `cross join lateral ${fn}(scope.workspace_id, sent.item->'argument') as result`,
    params: [JSON.stringify(order.map(({ call, at }) => ({ at, workspaceId: call.workspaceId, argument: call.argument }))), appRole],
  };
}

/**
 * One statement: platform.enter_workspace's `set_config('role', …)` is SET LOCAL ROLE, with the
 * same membership check. Unanswered, so on PGlite it goes in with the transaction's first
 * statement; its text is fixed, so no transaction builds it again.
 */
const enterWorkspaceStatement = unanswered({ sql: 'select platform.enter_workspace($1, $2)', params: [], name: 'atelier.enter_workspace' });

async function enterWorkspace(tx: Tx, workspaceId: string): Promise<void> {
  await sendStatement(tx, { ...enterWorkspaceStatement, params: [workspaceId, appRole] });
}

function sameScope(a: Scope, b: Scope): boolean {
  if (a.kind === 'system' || b.kind === 'system') return a.kind === b.kind;
  return a.workspaceId === b.workspaceId;
}
