import type { PGlite, QueryOptions, Transaction } from '@electric-sql/pglite';
import { preparedStatements } from './pglite-statements.ts';

/** What users of the instance other than drizzle (the job queue) query it through. */
export type PgliteQueries = Pick<PGlite, 'query' | 'exec' | 'listen'>;

/** What drizzle's PGlite driver calls on its client. */
type DrizzleClient = Pick<PGlite, 'query' | 'transaction'>;

export interface PgliteViews {
  /** For drizzle: its timestamps, dates and intervals stay text. */
  drizzle: DrizzleClient;
  /** For everything else: PGlite's own parsers, as on a fresh instance. */
  plain: PgliteQueries;
  /** How many statements the instance keeps prepared (see pglite-statements.ts). */
  readonly preparedStatements: number;
}

/**
 * Both views run their statements prepared (pglite-statements.ts) and parse the rows with a
 * parser set made once. drizzle's PGlite driver sends its own parsers with every query
 * (timestamps, intervals and dates kept as text), which PGlite would merge into a fresh copy of
 * its ~300 built-in parsers each time (0.45 against 0.25 ms for a small query on the CI
 * machine): the view lays them over PGlite's set the first time it sees them and reuses that
 * while the same set comes. The job queue parses with PGlite's own set. A query with some other set of
 * parsers gets them over the built-in ones, as PGlite would; a COPY's blob, and a closed
 * transaction's refusal, stay with PGlite's own `query`.
 */
export function pgliteViews(client: PGlite): PgliteViews {
  const builtIn = client.parsers;
  const statements = preparedStatements(client);
  let carried: { names: string; parsers: typeof builtIn } | undefined;
  // The set drizzle's raw statements share (send-sql.ts), known at a glance.
  let lastSeen: { sent: QueryOptions['parsers']; names: string } | undefined;

  const forDrizzle = (options: QueryOptions | undefined): { options: QueryOptions | undefined; parsers: typeof builtIn } => {
    if (!options?.parsers) return { options, parsers: builtIn };
    if (lastSeen?.sent !== options.parsers) lastSeen = { sent: options.parsers, names: Object.keys(options.parsers).join() };
    const { names } = lastSeen;
    // Over PGlite's set, not a copy of it: PGlite adds its array parsers to that set once it is
    // ready, which may be after drizzle's first query was sent.
    carried ??= { names, parsers: Object.assign(Object.create(builtIn) as typeof builtIn, options.parsers) };
    if (names !== carried.names) return { options, parsers: builtIn };
    const { parsers: _merged, ...rest } = options;
    return { options: rest, parsers: carried.parsers };
  };
  const asCame = (options: QueryOptions | undefined) => ({ options, parsers: builtIn });
  const queryWith =
    (choose: typeof forDrizzle) =>
    <T>(text: string, params: unknown[] | undefined, options: QueryOptions | undefined, tx?: Transaction) => {
      if (options?.blob !== undefined || tx?.closed) return tx ? tx.query<T>(text, params, options) : client.query<T>(text, params, options);
      const chosen = choose(options);
      return statements.query<T>(text, params ?? [], chosen.options, chosen.parsers, tx);
    };
  const drizzleQuery = queryWith(forDrizzle);
  const plainQuery = queryWith(asCame);
  const drizzleTransaction = (tx: Transaction): Transaction =>
    Object.assign(Object.create(tx) as Transaction, {
      query: <T>(text: string, params?: unknown[], options?: QueryOptions) => drizzleQuery<T>(text, params, options, tx),
    });

  return {
    drizzle: {
      query: (text, params, options) => drizzleQuery(text, params, options),
      transaction: (work) => statements.transaction((tx) => work(drizzleTransaction(tx))),
    },
    plain: {
      query: (text, params, options) => plainQuery(text, params, options),
      exec: (text, options) => client.exec(text, options),
      listen: (channel, callback, tx) => statements.listen(channel, callback, tx),
    },
    get preparedStatements() {
      return statements.size;
    },
  };
}
