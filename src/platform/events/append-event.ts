import { uuidv7 } from 'uuidv7';
import { currentContext } from '../context/request-context.ts';
import type { Tx } from '../db/tenancy.ts';
import type { EventDefinition } from './define-event.ts';
import { eventLog } from './events.schema.ts';

export interface AppendedEvent {
  id: string;
  position: number;
}

/**
 * Records a fact in the caller's transaction (the transactional outbox): the event exists if and
 * only if the state change it describes commits. The actor and trace come from the work's
 * context, never from the caller.
 */
export async function appendEvent<TPayload>(
  tx: Tx,
  definition: EventDefinition<string, TPayload>,
  fact: { workspaceId: string | null; payload: TPayload },
): Promise<AppendedEvent> {
  const payload = definition.schema.parse(fact.payload);
  const context = currentContext();
  const [row] = await tx
    .insert(eventLog)
    .values({
      id: uuidv7(),
      workspaceId: fact.workspaceId,
      type: definition.type,
      version: definition.version,
      payload,
      actor: context?.userId ? `user:${context.userId}` : null,
      traceId: context?.traceId ?? context?.requestId ?? null,
    })
    .returning({ id: eventLog.id, position: eventLog.position });
  if (!row) throw new Error(`appending ${definition.type} returned no row`);
  return row;
}
