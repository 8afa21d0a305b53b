import { newId } from '../db/new-id.ts';
import { currentContext } from '../context/request-context.ts';
import { sendStatement, type Statement } from '../db/send-sql.ts';
import type { Tx } from '../db/tenancy.ts';
import { unanswered } from '../db/unanswered.ts';
import type { EventDefinition } from './define-event.ts';

export interface AppendedEvent {
  id: string;
  position: number;
}

export interface Fact<TPayload> {
  workspaceId: string | null;
  payload: TPayload;
}

/** An event row but its workspace and payload: what platform.append_event takes from TypeScript. */
export interface EventEnvelope {
  id: string;
  type: string;
  version: number;
  actor: string | null;
  traceId: string | null;
}

/** Who acted and under which trace: from the work's context, never from the caller. */
function origin(): Pick<EventEnvelope, 'actor' | 'traceId'> {
  const context = currentContext();
  return { actor: context?.userId ? `user:${context.userId}` : null, traceId: context?.traceId ?? context?.requestId ?? null };
}

/**
 * For a database function that appends an event itself (`platform.append_event`), in the
 * statement that makes the change: the id, type, version, actor and trace id that appendEvent
 * would write. The function builds the payload, so the definition's schema is the function's
 * to keep (and its tests' to check).
 */
export function eventEnvelope(definition: EventDefinition<string, unknown>): EventEnvelope {
  return { id: newId(), type: definition.type, version: definition.version, ...origin() };
}

/**
 * Records a fact in the caller's transaction (the transactional outbox): the event exists if and
 * only if the state change it describes commits. The actor and trace come from the work's
 * context, never from the caller. Answers the event's id; the insert is unanswered (on PGlite it
 * goes in with the transaction's next statement or its COMMIT, and a failure of it fails that).
 */
export async function appendEvent<TPayload>(tx: Tx, definition: EventDefinition<string, TPayload>, fact: Fact<TPayload>): Promise<{ id: string }> {
  const { ids, insert } = eventInsert(definition, [fact]);
  await sendStatement(tx, unanswered(insert));
  return { id: ids[0] as string };
}

/**
 * Records many facts of one type in a single statement: positions follow the order given. For
 * imports and fan-outs, where one round trip per event would dominate the transaction.
 */
export async function appendEvents<TPayload>(
  tx: Tx,
  definition: EventDefinition<string, TPayload>,
  facts: readonly Fact<TPayload>[],
): Promise<AppendedEvent[]> {
  if (facts.length === 0) return [];
  const { insert } = eventInsert(definition, facts);
  const appended = await sendStatement<AppendedEvent>(tx, { sql: `${insert.sql} returning id, position`, params: insert.params, name: `${insert.name}.returning` });
  // Identity values are assigned in VALUES order, but RETURNING promises no order.
  return appended.map((row) => ({ id: row.id, position: Number(row.position) })).sort((a, b) => a.position - b.position);
}

/** One text for every insert of events, whatever their type and number: they are its parameters. */
const eventInsertText = `insert into platform.event_log (id, workspace_id, type, version, payload, actor, trace_id)
    select (fact->>'id')::uuid, (fact->>'workspaceId')::uuid, $1, $2, fact->'payload', $3, $4
    from jsonb_array_elements($5::jsonb) with ordinality as facts(fact, n)
    order by n`;

/** The insert of `facts` as events of `definition`, with the ids it gives them. */
function eventInsert<TPayload>(definition: EventDefinition<string, TPayload>, facts: readonly Fact<TPayload>[]): { ids: string[]; insert: Statement } {
  const { actor, traceId } = origin();
  const rows = facts.map((fact) => ({ id: newId(), workspaceId: fact.workspaceId, payload: definition.schema.parse(fact.payload) }));
  // One JSON parameter however many facts: binding 7 parameters per row is what made big
  // batches slow, and identity values follow the order of the ordered select.
  return {
    ids: rows.map((row) => row.id),
    insert: { sql: eventInsertText, params: [definition.type, definition.version, actor, traceId, JSON.stringify(rows)], name: 'atelier.append_events' },
  };
}
