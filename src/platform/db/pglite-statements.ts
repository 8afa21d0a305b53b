import { parse, protocol, type PGlite, type QueryOptions, type Results, type Transaction } from '@electric-sql/pglite';

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
  /** How many statements are prepared now. */
  readonly size: number;
}

type BackendMessage = Awaited<ReturnType<PGlite['execProtocolStream']>>[number];

interface Prepared {
  name: string;
  parameterTypes: number[];
  /** What its rows look like, from describing it once: a run does not ask again. */
  rowDescription: BackendMessage | undefined;
}

/**
 * PGlite's `query` has PostgreSQL parse, analyse and plan its statement every time (an unnamed
 * statement) and crosses into WebAssembly once per protocol message, six times a statement. On
 * the CI machine that made a one-table count cost 151 µs, of which 93 went to the server
 * and most of that to planning. Here each distinct text is prepared once under a name, as
 * postgres.js and JDBC drivers do against a server, and then bound and executed with one
 * crossing (bind, execute and sync sent together; what its rows look like was described once,
 * when it was prepared): 70 → 21 µs for `select $1`.
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

  const prepare = async (text: string, options: QueryOptions | undefined): Promise<Prepared> => {
    const [oldest] = prepared.size >= limit ? prepared.keys() : [];
    if (oldest !== undefined) forget(oldest);
    const name = `atelier_${++named}`;
    const { serialize } = protocol;
    const closed = closing.slice();
    const messages = await send(
      together(...closed.map((old) => serialize.close({ type: 'S', name: old })), serialize.parse({ name, text, ...(options?.paramTypes ? { types: options.paramTypes } : {}) }), serialize.describe({ type: 'S', name }), serialize.sync()),
      options,
    );
    closing.splice(0, closed.length);
    const statement = { name, parameterTypes: parse.parseDescribeStatementResults(messages), rowDescription: messages.find((message) => message.name === 'rowDescription') };
    prepared.set(text, statement);
    return statement;
  };

  const run = async <T>(text: string, params: readonly unknown[], options: QueryOptions | undefined, parsers: Parsers): Promise<Results<T>> => {
    try {
      const statement = prepared.get(text) ?? (await prepare(text, options));
      const values = params.map((param, index) => {
        if (param === null || param === undefined) return null;
        const type = statement.parameterTypes[index] as number;
        const serialize = options?.serializers?.[type] ?? client.serializers[type];
        return serialize ? serialize(param) : String(param);
      });
      const { serialize } = protocol;
      const messages = await send(together(serialize.bind({ statement: statement.name, values }), serialize.execute({}), serialize.sync()), options);
      return parse.parseResults(statement.rowDescription ? [statement.rowDescription, ...messages] : messages, parsers, options)[0] as Results<T>;
    } catch (error) {
      if (!(error instanceof protocol.messages.DatabaseError)) throw error;
      if (error.code === changedResultType) forget(text);
      throw Object.assign(error, { query: text, params, queryOptions: options });
    }
  };

  const forget = (text: string) => {
    const entry = prepared.get(text);
    if (!entry) return;
    prepared.delete(text);
    closing.push(entry.name);
  };

  return {
    async query<T>(text: string, params: readonly unknown[], options: QueryOptions | undefined, parsers: Parsers, tx?: Transaction): Promise<Results<T>> {
      if (tx) return client._runExclusiveQuery(() => run<T>(text, params, options, parsers));
      await client._checkReady();
      return client._runExclusiveTransaction(() =>
        client._runExclusiveQuery(async () => {
          const result = await run<T>(text, params, options, parsers);
          await client.syncToFs();
          return result;
        }),
      );
    },
    get size() {
      return prepared.size;
    },
  };
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
