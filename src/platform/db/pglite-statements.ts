import { parse, protocol, type PGlite, type QueryOptions, type Results, type Transaction } from '@electric-sql/pglite';
import { query as templated } from '@electric-sql/pglite/template';
import { bindAndExecute, syncMessage, type WireValue } from './bind-message.ts';
import { readAnswer, type BackendAnswer, type StatementAnswer } from './pglite-wire.ts';
import { unansweredMarker } from './unanswered.ts';

type Parsers = PGlite['parsers'];

/** How many statements one instance keeps prepared; to prepare one more, the longest prepared is closed. */
export const preparedStatementLimit = 500;

/** `cached plan must not change result type`: the statement was prepared before a migration changed what it returns. */
const changedResultType = '0A000';

export interface PreparedStatements {
  /**
   * Runs one statement as `PGlite.query` does (or `tx.query` when given the transaction it runs
   * in), parsing its rows with `parsers` and then `options.parsers` over them.
   */
  query<T>(text: string, params: readonly unknown[], options: QueryOptions | undefined, parsers: Parsers, tx?: Transaction): Promise<Results<T>>;
  /**
   * Runs `work` in a transaction as PGlite's `transaction` does (committed when `work` returns,
   * rolled back when it throws or calls `rollback`), with its BEGIN sent together with its first
   * statement and its COMMIT prepared like any statement: two crossings into WebAssembly fewer
   * per transaction. A transaction that runs no statement sends nothing. Its unanswered
   * statements (unanswered.ts) wait to go in with the statement after them, or with the COMMIT.
   */
  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
  /**
   * PGlite's `listen`, and its callback is also called for the notifications that arrive with
   * this module's statements (which PGlite's parser never sees).
   */
  listen(channel: string, callback: (payload: string) => void, tx?: Transaction): Promise<(tx?: Transaction) => Promise<void>>;
  /** How many statements are prepared now. */
  readonly size: number;
}

type Field = Results['fields'][number];

interface Prepared {
  name: string;
  parameterTypes: number[];
  /** What its rows look like, from describing it once: a run does not ask again. */
  fields: Field[];
}

/** A transaction of `transaction()`: whether its BEGIN has gone out, whether it has ended, and its unanswered statements not sent yet. */
interface Opened {
  begun: boolean;
  closed: boolean;
  waiting: { text: string; message: Uint8Array }[];
}

const unansweredResult: Results = { rows: [], fields: [], affectedRows: 0 };
const affectingCommands: ReadonlySet<string> = new Set(['INSERT', 'UPDATE', 'DELETE', 'COPY', 'MERGE']);
const nothingAhead = { messages: [], answers: 0, texts: [] };

/** Transaction control, prepared once per instance and never closed to make room. */
const control = { begin: 'BEGIN', commit: 'COMMIT', rollback: 'ROLLBACK' } as const;
const controlTexts: ReadonlySet<string> = new Set(Object.values(control));

/**
 * PGlite's `query` has PostgreSQL parse, analyse and plan its statement every time (an unnamed
 * statement) and crosses into WebAssembly once per protocol message, six times a statement. On
 * the CI machine that made a one-table count cost 151 µs, of which 93 went to the server
 * and most of that to planning. Here each distinct text is prepared once under a name, as
 * postgres.js and JDBC drivers do against a server, and then bound and executed with one
 * crossing (bind, execute and sync sent together; what its rows look like was described once,
 * when it was prepared): 70 → 21 µs for `select $1`.
 * A run's answer is read off PGlite's raw output (pglite-wire.ts), within the one synchronous
 * call into WebAssembly that sent it: no other statement can come between the two, so a run
 * needs no turn on PGlite's query lock, only the transaction's (or, alone, the instance's
 * transaction lock). What still goes through PGlite's own parser (preparing, `exec`) keeps
 * taking the query lock, as PGlite's own calls do.
 * PostgreSQL replans a prepared statement itself when a table, a function or the role it
 * depends on changes; one whose result type a migration changed fails once and is prepared
 * afresh on its next use. Errors come out as from `query`: the `DatabaseError` with the
 * statement, its parameters and options on it. Callers must hold the instance (`query` and
 * `tx.query` are exclusive; this is their replacement, not a way around them).
 */
export function preparedStatements(client: PGlite, limit = preparedStatementLimit): PreparedStatements {
  const prepared = new Map<string, Prepared>();
  const closing: string[] = [];
  let named = 0;

  const send = (message: Uint8Array, options: QueryOptions | undefined) => client.execProtocolStream(message, { ...options, syncToFs: false });

  const pinned = new Map<string, Prepared>();
  const opens = new WeakMap<Transaction, Opened>();
  const listeners = new Map<string, Set<(payload: string) => void>>();

  /**
   * One exchange read off PGlite's raw output. Its notifications go to the listeners as PGlite
   * hands them out (each in a microtask of its own), its notices to `onNotice`; its first error is thrown.
   */
  const exchange = async (message: Uint8Array, options: QueryOptions | undefined): Promise<BackendAnswer> => {
    const chunks: Uint8Array[] = [];
    // PGlite hands out views of its WebAssembly memory, which the next call overwrites.
    await client.execProtocolRawStream(message, { syncToFs: false, onRawData: (chunk) => chunks.push(chunk.slice()) });
    const answer = readAnswer(chunks.length === 1 ? (chunks[0] as Uint8Array) : together(...chunks));
    for (const { channel, payload } of answer.notifications) {
      for (const callback of listeners.get(channel) ?? []) queueMicrotask(() => callback(payload));
    }
    for (const notice of answer.notices) options?.onNotice?.(notice);
    if (answer.error) throw answer.error;
    return answer;
  };

  const prepare = (text: string, options: QueryOptions | undefined, keep: 'pinned' | 'evictable' = 'evictable'): Promise<Prepared> =>
    client._runExclusiveQuery(async () => {
      const [oldest] = keep === 'evictable' && prepared.size >= limit ? prepared.keys() : [];
      if (oldest !== undefined) forget(oldest);
      const name = `atelier_${++named}`;
      const { serialize } = protocol;
      const closed = closing.slice();
      const messages = await send(
        together(...closed.map((old) => serialize.close({ type: 'S', name: old })), serialize.parse({ name, text, ...(options?.paramTypes ? { types: options.paramTypes } : {}) }), serialize.describe({ type: 'S', name }), serialize.sync()),
        options,
      );
      closing.splice(0, closed.length);
      const description = messages.find((message) => message.name === 'rowDescription') as InstanceType<typeof protocol.messages.RowDescriptionMessage> | undefined;
      const statement = {
        name,
        parameterTypes: parse.parseDescribeStatementResults(messages),
        fields: description?.fields.map((field) => ({ name: field.name, dataTypeID: field.dataTypeID })) ?? [],
      };
      (keep === 'pinned' ? pinned : prepared).set(text, statement);
      return statement;
    });

  /**
   * What must reach PostgreSQL before a transaction's next statement: its BEGIN, if it has not
   * gone out, and the unanswered statements waiting. Taken, they count as sent.
   */
  const ahead = (opened: Opened | undefined): { messages: Uint8Array[]; answers: number; texts: string[] } => {
    if (!opened || (opened.begun && opened.waiting.length === 0)) return nothingAhead;
    const begin = opened.begun ? [] : [bindAndExecute((pinned.get(control.begin) as Prepared).name, [])];
    const waiting = opened.waiting.splice(0);
    // Sent, the BEGIN has run even if a statement after it fails: the transaction is open.
    opened.begun = true;
    return { messages: [...begin, ...waiting.map((statement) => statement.message)], answers: begin.length + waiting.length, texts: waiting.map((statement) => statement.text) };
  };

  /**
   * Sends what is ahead of a transaction's next statement on its own (before a Parse, or a simple
   * query); `sending` names the statements while they are on their way, for an error to say.
   */
  const sendAhead = async (opened: Opened | undefined, options: QueryOptions | undefined, sending: string[]): Promise<void> => {
    const before = ahead(opened);
    if (before.messages.length === 0) return;
    sending.push(...before.texts);
    await exchange(together(...before.messages, syncMessage), options);
    sending.length = 0;
  };

  /**
   * One statement. In a transaction of `transaction()` it goes with what is ahead of it; an
   * unanswered one waits instead (it is prepared first, once whatever waits has gone out).
   */
  const run = async <T>(text: string, params: readonly unknown[], options: QueryOptions | undefined, parsers: Parsers, opened?: Opened, inForeignTransaction = false): Promise<Results<T>> => {
    const sentWith: string[] = [];
    try {
      let statement = pinned.get(text) ?? prepared.get(text);
      if (!statement) {
        // What waits goes first: preparing may close statements to make room, one of them perhaps.
        await sendAhead(opened, options, sentWith);
        statement = await prepare(text, options, controlTexts.has(text) ? 'pinned' : 'evictable');
      }
      const { parameterTypes } = statement;
      const values = params.map((param, index): WireValue => {
        if (param === null || param === undefined) return null;
        const type = parameterTypes[index] as number;
        const serialize = options?.serializers?.[type] ?? client.serializers[type];
        return serialize ? serialize(param) : String(param);
      });
      if (opened && text.startsWith(unansweredMarker)) {
        opened.waiting.push({ text, message: bindAndExecute(statement.name, values) });
        return unansweredResult as Results<T>;
      }
      const before = ahead(opened);
      sentWith.push(...before.texts);
      const own = bindAndExecute(statement.name, values, true);
      const message = before.messages.length === 0 ? own : together(...before.messages, own);
      const answer = await (inForeignTransaction ? client._runExclusiveQuery(() => exchange(message, options)) : exchange(message, options));
      return resultOf<T>(answer.statements[before.answers], statement.fields, options?.parsers ? { ...parsers, ...options.parsers } : parsers, options?.rowMode);
    } catch (error) {
      if (!(error instanceof protocol.messages.DatabaseError)) throw error;
      if (error.code === changedResultType) forget(text);
      // It may be one of the unanswered statements that went in with this one that failed.
      throw Object.assign(error, { query: [...sentWith, text].join(';\n'), params, queryOptions: options });
    }
  };

  const forget = (text: string) => {
    const entry = prepared.get(text);
    if (!entry) return;
    prepared.delete(text);
    closing.push(entry.name);
  };

  const transaction = <T>(work: (tx: Transaction) => Promise<T>): Promise<T> =>
    client._checkReady().then(() =>
      client._runExclusiveTransaction(async () => {
        // Prepared before the transaction's first statement, so nothing is ever prepared between a BEGIN and what waits after it.
        for (const text of controlTexts) if (!pinned.has(text)) await prepare(text, undefined, 'pinned');
        const opened: Opened = { begun: false, closed: false, waiting: [] };
        const end = async (text: string) => {
          opened.closed = true;
          const rollback = () => run(control.rollback, [], undefined, client.parsers);
          if (text === control.rollback) {
            opened.waiting.length = 0;
            if (opened.begun) await rollback();
            return;
          }
          if (!opened.begun && opened.waiting.length === 0) return;
          try {
            // With what waits, and with the BEGIN when only unanswered statements ran.
            await run(control.commit, [], undefined, client.parsers, opened);
          } catch (error) {
            // A statement that went in with the COMMIT failed before it: the transaction is still
            // open, and aborted (after a COMMIT that failed itself there is none, and this is a no-op).
            await rollback();
            throw error;
          }
        };
        const open = () => {
          if (opened.closed) throw new Error('Transaction is closed');
        };
        const tx: Transaction = {
          query: async <R>(text: string, params?: unknown[], options?: QueryOptions) => {
            open();
            return run<R>(text, params ?? [], options, client.parsers, opened);
          },
          sql: <R>(strings: TemplateStringsArray, ...values: unknown[]) => {
            const { query, params } = templated(strings, ...values);
            return tx.query<R>(query, params);
          },
          exec: async (text, options) => {
            open();
            await sendAhead(opened, options, []);
            return client._runExclusiveQuery(async () => parse.parseResults(await send(protocol.serialize.query(text), options), client.parsers, options));
          },
          rollback: async () => {
            open();
            await end(control.rollback);
          },
          listen: async (channel, callback) => {
            open();
            return listen(channel, callback, tx);
          },
          get closed() {
            return opened.closed;
          },
        };
        opens.set(tx, opened);
        try {
          const result = await work(tx);
          if (!opened.closed) await end(control.commit);
          return result;
        } catch (error) {
          if (!opened.closed) await end(control.rollback);
          throw error;
        } finally {
          await client.syncToFs();
        }
      }),
    );

  const listen = async (channel: string, callback: (payload: string) => void, tx?: Transaction) => {
    // PGlite's own parser delivers what arrives with PGlite's calls; this module delivers the rest.
    const unlisten = await client.listen(channel, callback, tx);
    const name = postgresName(channel);
    const callbacks = listeners.get(name) ?? new Set();
    listeners.set(name, callbacks.add(callback));
    return async (unlistenTx?: Transaction) => {
      callbacks.delete(callback);
      if (callbacks.size === 0 && listeners.get(name) === callbacks) listeners.delete(name);
      await unlisten(unlistenTx);
    };
  };

  return {
    transaction,
    listen,
    async query<T>(text: string, params: readonly unknown[], options: QueryOptions | undefined, parsers: Parsers, tx?: Transaction): Promise<Results<T>> {
      if (tx) {
        const opened = opens.get(tx);
        // In a transaction of PGlite's own, whose statements take several calls each, a run waits for its query lock.
        return opened ? run<T>(text, params, options, parsers, opened) : run<T>(text, params, options, parsers, undefined, true);
      }
      await client._checkReady();
      return client._runExclusiveTransaction(async () => {
        const result = await run<T>(text, params, options, parsers);
        await client.syncToFs();
        return result;
      });
    },
    get size() {
      return prepared.size;
    },
  };
}

/** A run's rows as PGlite's `query` gives them (`parse.parseResults`), from its answer and its statement's fields. */
function resultOf<T>(answer: StatementAnswer | undefined, fields: Field[], parsers: Parsers, rowMode: QueryOptions['rowMode']): Results<T> {
  if (!answer) return { rows: [], fields: [], affectedRows: 0 };
  const parserOf = fields.map((field) => parsers[field.dataTypeID]);
  const value = (text: string | null, column: number) => {
    const parser = parserOf[column];
    return text === null || !parser ? text : parser(text, (fields[column] as Field).dataTypeID);
  };
  const rows =
    rowMode === 'array'
      ? answer.rows.map((row) => row.map(value))
      : answer.rows.map((row) => {
          const record: Record<string, unknown> = {};
          for (let column = 0; column < row.length; column++) record[(fields[column] as Field).name] = value(row[column] as string | null, column);
          return record;
        });
  const words = answer.tag.split(' ');
  const command = words[0] as string;
  const count = Number.parseInt(words[words.length - 1] as string, 10);
  return {
    rows: rows as T[],
    fields,
    command,
    affectedRows: affectingCommands.has(command) ? count : 0,
    ...(Number.isNaN(count) ? {} : { rowCount: count }),
  } as Results<T>;
}

/** A channel as PostgreSQL names it (PGlite's rule): quoted, as written; otherwise in lower case. */
function postgresName(channel: string): string {
  return channel.startsWith('"') && channel.endsWith('"') ? channel.slice(1, -1) : channel.toLowerCase();
}

/** Protocol messages as one buffer: PostgreSQL reads them in order, as from a socket. */
function together(...messages: Uint8Array[]): Uint8Array {
  const buffer = new Uint8Array(messages.reduce((length, message) => length + message.length, 0));
  let offset = 0;
  for (const message of messages) {
    buffer.set(message, offset);
    offset += message.length;
  }
  return buffer;
}
