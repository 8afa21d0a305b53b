import type { Database } from '../../platform/db/database.ts';
import { generationRecords, type GenerationRow, type LoggedAttempt } from './generation-records.ts';

/**
 * A run's call attempts on its generation's record. A failed, skipped or refused attempt is
 * written as it happens. An accepted answer's attempt waits: it goes in with the statement that
 * ends the record (finish), or as the run's next step or next attempt begins, whichever comes
 * first. A one-call task so ends its record in one statement fewer; a crash between the answer
 * and the end loses its attempt from the record, not its credits (the rerun is charged alone).
 */
export interface AttemptLog {
  /** Writes a failed attempt now, after the accepted ones that wait, so the record keeps their order. */
  add(entry: LoggedAttempt): Promise<void>;
  /** Keeps an accepted answer's attempt for the statement that ends the record. */
  hold(entry: LoggedAttempt): void;
  /** Writes the accepted attempts that wait, each in its own statement. */
  flush(): Promise<void>;
  /** The accepted attempts that wait, for the statement that ends the record; they stay until `ended`. */
  readonly waiting: readonly LoggedAttempt[];
  /** The record ended with `waiting` on it: they no longer wait. */
  ended(): void;
}

export function attemptLog(db: Database, row: Pick<GenerationRow, 'id' | 'workspaceId'>): AttemptLog {
  const waiting: LoggedAttempt[] = [];
  const write = (entry: LoggedAttempt) => generationRecords.addAttempt(db, row.workspaceId, row.id, entry);
  const writeWaiting = async () => {
    while (waiting.length > 0) {
      await write(waiting[0] as LoggedAttempt);
      waiting.shift();
    }
  };
  // A task may call its steps at once: their writes go one after another, so none is written twice.
  let writing: Promise<unknown> = Promise.resolve();
  const inTurn = (work: () => Promise<void>): Promise<void> => {
    const turn = writing.then(work);
    writing = turn.catch(() => undefined);
    return turn;
  };
  return {
    add: (entry) =>
      inTurn(async () => {
        await writeWaiting();
        await write(entry);
      }),
    hold(entry) {
      waiting.push(entry);
    },
    flush: () => inTurn(writeWaiting),
    waiting,
    ended() {
      waiting.length = 0;
    },
  };
}
