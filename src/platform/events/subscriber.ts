import type { Tx } from '../db/tenancy.ts';
import type { JobQueue } from '../jobs/define-job.ts';
import type { EventDefinition } from './define-event.ts';

export interface DeliveredEvent<TPayload = unknown> {
  id: string;
  position: number;
  workspaceId: string | null;
  type: string;
  payload: TPayload;
  actor: string | null;
  traceId: string | null;
  occurredAt: Date;
}

/**
 * What the dispatcher hands a handler besides the event and its transaction: the job queue, so a
 * side effect outside the database is enqueued in the same transaction (`jobs.enqueue(tx, …)`).
 */
export interface SubscriberContext {
  jobs: JobQueue;
}

export interface EventHandler {
  definition: EventDefinition;
  handle(event: DeliveredEvent, tx: Tx, context: SubscriberContext): Promise<void>;
}

/** Handles one kind of event; the payload arrives upcast to the current version and validated. */
export function on<TPayload>(
  definition: EventDefinition<string, TPayload>,
  handle: (event: DeliveredEvent<TPayload>, tx: Tx, context: SubscriberContext) => Promise<void>,
): EventHandler {
  return { definition: definition as EventDefinition, handle: handle as EventHandler['handle'] };
}

/**
 * Reacts to facts in the log, in order, at least once. `tx` is a transaction scoped to the
 * event's workspace (or the system's, for events without one) that also advances the
 * subscriber's cursor: a handler that only writes to the database has its effect exactly once.
 * Work outside the database (email, webhooks, AI calls) must be enqueued as a job, keyed by the
 * event id, never done inline: consecutive events of one workspace share a savepoint, and when
 * one of them fails the others' work is undone and they are handled again, one by one.
 */
export interface SubscriberDefinition {
  /** Stable and unique: the cursor is stored under it. */
  name: string;
  handlers: readonly EventHandler[];
  /** After this many failed attempts at one event it is parked and the cursor moves on. */
  maxAttempts?: number;
  /** Empties the projection so a replay from position 0 can rebuild it. */
  reset?(tx: Tx): Promise<void>;
}

export function defineSubscriber(subscriber: SubscriberDefinition): SubscriberDefinition {
  const types = subscriber.handlers.map((handler) => handler.definition.type);
  const duplicate = types.find((type, index) => types.indexOf(type) !== index);
  if (duplicate) throw new Error(`subscriber ${subscriber.name} handles ${duplicate} twice`);
  return subscriber;
}
