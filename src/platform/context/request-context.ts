import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Who and what the current work is for. Set only by the server (a request, a job), never from a
 * client's claim; logs, spans and jobs read it instead of having it passed by hand.
 */
export interface RequestContext {
  requestId?: string;
  traceId?: string;
  workspaceId?: string;
  userId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The live context object of the current work, or undefined outside any request or job. */
export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Adds facts learned during the work (the workspace once resolved, the user once signed in). */
export function enrichContext(facts: Partial<RequestContext>): void {
  const context = storage.getStore();
  if (context) Object.assign(context, facts);
}
