import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { keys, sites, type RevisionSummary, type SiteDocument, type SiteOperation, type SiteWithDocument } from './api.ts';
import { applyLocally } from './document-edits.ts';

export type SaveState = 'saved' | 'pending' | 'saving' | 'conflict' | 'failed';

/** How long typing may pause before the edits are sent. */
const debounceMs = 600;

/**
 * The document being edited and its autosave. Every change is a list of operations: shown at
 * once (typing, theme), queued, and sent together after a short pause, on the revision the
 * member was looking at. A 409 means someone else changed the site: the queue is kept (nothing
 * typed is lost) until the member reloads, with or without their changes. Undo and redo revert
 * to the revisions this editor made, so they cover every kind of change, AI ones included.
 */
export function useSiteEditor(workspaceId: string, initial: SiteWithDocument & { document: SiteDocument; revision: RevisionSummary }) {
  const queryClient = useQueryClient();
  const [document, setDocument] = useState<SiteDocument>(initial.document);
  const [revision, setRevision] = useState<RevisionSummary>(initial.revision);
  const [state, setState] = useState<SaveState>('saved');
  const [failure, setFailure] = useState<string | null>(null);
  const [history, setHistory] = useState<{ past: string[]; future: string[] }>({ past: [], future: [] });
  const base = useRef(initial.revision.id);
  const pending = useRef<SiteOperation[]>([]);
  const saving = useRef<Promise<void> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const conflicted = useRef(false);
  const siteId = initial.site.id;

  const accept = useCallback(
    (next: { revision: RevisionSummary; document: SiteDocument }) => {
      base.current = next.revision.id;
      setRevision(next.revision);
      // Edits typed while this was on its way stay on screen, on top of the server's document.
      setDocument(pending.current.length > 0 ? applyLocally(next.document, pending.current) : next.document);
      queryClient.setQueryData(keys.site(workspaceId, siteId), (old: SiteWithDocument | undefined) => (old ? { ...old, revision: next.revision, document: next.document } : old));
      void queryClient.invalidateQueries({ queryKey: keys.revisions(workspaceId, siteId) });
      void queryClient.invalidateQueries({ queryKey: keys.sites(workspaceId) });
    },
    [queryClient, workspaceId, siteId],
  );

  const flush = useCallback(async (): Promise<void> => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (saving.current) await saving.current;
    if (pending.current.length === 0 || conflicted.current) return;
    const operations = pending.current;
    pending.current = [];
    const before = base.current;
    setState('saving');
    const run = (async () => {
      try {
        const next = await sites.edit(workspaceId, siteId, { baseRevisionId: before, operations });
        setHistory((current) => ({ past: [...current.past, before], future: [] }));
        accept(next);
        setFailure(null);
        setState(pending.current.length > 0 ? 'pending' : 'saved');
      } catch (error) {
        if (error instanceof ApiError && error.status === 409) {
          conflicted.current = true;
          pending.current = [...operations, ...pending.current];
          setState('conflict');
        } else if (error instanceof ApiError && error.status === 400) {
          // The server refused these edits (a value out of bounds): show what it has instead.
          setFailure(error.message);
          setState('failed');
          const fresh = await queryClient.fetchQuery({ ...siteQueryOptions(workspaceId, siteId), staleTime: 0 });
          if (fresh.document && fresh.revision) accept({ revision: fresh.revision, document: fresh.document });
        } else {
          pending.current = [...operations, ...pending.current];
          setFailure(error instanceof ApiError ? error.message : 'The changes could not be saved.');
          setState('failed');
          // Too many requests, or the network: try again by itself in a few seconds (the edits wait in the queue).
          if (!(error instanceof ApiError) || error.status === 429 || error.status === 0 || error.status >= 500) {
            if (timer.current) clearTimeout(timer.current);
            timer.current = setTimeout(() => void flush(), 5000);
          }
        }
      }
    })();
    saving.current = run;
    await run;
    saving.current = null;
    if (pending.current.length > 0 && !conflicted.current && !timer.current) schedule();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [accept, queryClient, workspaceId, siteId]);

  const schedule = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush(), debounceMs);
  }, [flush]);

  /** Shows the operations and saves them after a pause (`now`: at once, for moves and removals). */
  const change = useCallback(
    (operations: SiteOperation[], options: { now?: boolean } = {}) => {
      pending.current = [...pending.current, ...operations];
      setDocument((current) => applyLocally(current, operations));
      if (conflicted.current) return;
      setState('pending');
      if (options.now) void flush();
      else schedule();
    },
    [flush, schedule],
  );

  /** Shows operations without sending them (a value the server would refuse, until it is fixed). */
  const showOnly = useCallback((operations: SiteOperation[]) => setDocument((current) => applyLocally(current, operations)), []);

  /** After a 409: the latest document, then the member's queued edits again on it (or dropped). */
  const reload = useCallback(
    async (keepChanges: boolean) => {
      const fresh = await queryClient.fetchQuery({ ...siteQueryOptions(workspaceId, siteId), staleTime: 0 });
      conflicted.current = false;
      if (!keepChanges) pending.current = [];
      if (fresh.document && fresh.revision) accept({ revision: fresh.revision, document: fresh.document });
      setHistory({ past: [], future: [] });
      setState(pending.current.length > 0 ? 'pending' : 'saved');
      if (pending.current.length > 0) await flush();
    },
    [accept, flush, queryClient, workspaceId, siteId],
  );

  /** After an AI change or a revert made elsewhere in the page: take the server's current document. */
  const refresh = useCallback(async () => {
    await flush();
    const before = base.current;
    const fresh = await queryClient.fetchQuery({ ...siteQueryOptions(workspaceId, siteId), staleTime: 0 });
    if (fresh.document && fresh.revision && fresh.revision.id !== before) {
      setHistory((current) => ({ past: [...current.past, before], future: [] }));
      accept({ revision: fresh.revision, document: fresh.document });
    }
  }, [accept, flush, queryClient, workspaceId, siteId]);

  const revertTo = useCallback(
    async (revisionId: string, direction: 'undo' | 'redo' | 'revert') => {
      await flush();
      if (conflicted.current) return;
      const before = base.current;
      setState('saving');
      try {
        const next = await sites.revert(workspaceId, siteId, { baseRevisionId: before, revisionId });
        setHistory((current) =>
          direction === 'undo'
            ? { past: current.past.slice(0, -1), future: [...current.future, before] }
            : direction === 'redo'
              ? { past: [...current.past, before], future: current.future.slice(0, -1) }
              : { past: [...current.past, before], future: [] },
        );
        accept(next);
        setState('saved');
      } catch (error) {
        if (error instanceof ApiError && error.status === 409) {
          conflicted.current = true;
          setState('conflict');
        } else {
          setFailure(error instanceof ApiError ? error.message : 'That did not work.');
          setState('failed');
        }
      }
    },
    [accept, flush, workspaceId, siteId],
  );

  const undo = useCallback(() => {
    const target = history.past.at(-1);
    if (target) void revertTo(target, 'undo');
  }, [history.past, revertTo]);
  const redo = useCallback(() => {
    const target = history.future.at(-1);
    if (target) void revertTo(target, 'redo');
  }, [history.future, revertTo]);

  // Leaving with unsaved edits: send them (and ask the browser to warn if they are still on their way).
  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (pending.current.length > 0 || saving.current) event.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => {
      window.removeEventListener('beforeunload', warn);
      void flush();
    };
  }, [flush]);

  return {
    document,
    revision,
    state,
    failure,
    /** The operations not saved yet (shown to the member after a conflict). */
    unsaved: () => pending.current,
    change,
    showOnly,
    flush,
    reload,
    refresh,
    revertTo,
    undo,
    redo,
    canUndo: history.past.length > 0,
    canRedo: history.future.length > 0,
  };
}

function siteQueryOptions(workspaceId: string, siteId: string) {
  return { queryKey: keys.site(workspaceId, siteId), queryFn: () => sites.get(workspaceId, siteId) };
}
