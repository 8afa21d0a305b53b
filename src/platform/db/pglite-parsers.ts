import type { PGlite, QueryOptions, Transaction } from '@electric-sql/pglite';

/** What users of the instance other than drizzle (the job queue) query it through. */
export type PgliteQueries = Pick<PGlite, 'query' | 'exec' | 'listen'>;

/** What drizzle's PGlite driver calls on its client. */
type DrizzleClient = Pick<PGlite, 'query' | 'transaction'>;

export interface PgliteViews {
  /** For drizzle: its per-query parsers are left out once the instance carries them. */
  drizzle: DrizzleClient;
  /** For everything else: PGlite's own parsers, as on a fresh instance. */
  plain: PgliteQueries;
}

/**
 * drizzle's PGlite driver sends its own parsers with every query (timestamps, intervals and dates
 * kept as text), and PGlite merges them into a fresh copy of its ~300 built-in parsers each time:
 * 0.45 against 0.25 ms for a small query on the CI machine, about 0.2 ms on each of a
 * generation's thirty-odd statements. So the instance takes drizzle's parsers as its own the first
 * time it sees them, drizzle's queries then go without them (the same parsing, no copy), and the
 * other users get PGlite's parsers back with each of their queries: they pay the copy instead,
 * on far fewer statements. A query with some other set of parsers is passed on as it came.
 */
export function pgliteViews(client: PGlite): PgliteViews {
  const builtIn = client.parsers;
  let carried: string | undefined;

  const forDrizzle = (options: QueryOptions | undefined): QueryOptions | undefined => {
    if (!options?.parsers) return options;
    const names = Object.keys(options.parsers).join();
    if (carried === undefined) {
      client.parsers = { ...builtIn, ...options.parsers };
      carried = names;
    }
    if (names !== carried) return options;
    const { parsers: _carried, ...rest } = options;
    return rest;
  };
  const drizzleTransaction = (tx: Transaction): Transaction =>
    Object.assign(Object.create(tx) as Transaction, {
      query: <T>(text: string, params?: unknown[], options?: QueryOptions) => tx.query<T>(text, params, forDrizzle(options)),
    });
  const plainOptions = (options: QueryOptions | undefined): QueryOptions => ({ ...options, parsers: { ...builtIn, ...options?.parsers } });

  return {
    drizzle: {
      query: (text, params, options) => client.query(text, params, forDrizzle(options)),
      transaction: (work) => client.transaction((tx) => work(drizzleTransaction(tx))),
    },
    plain: {
      query: (text, params, options) => client.query(text, params, plainOptions(options)),
      exec: (text, options) => client.exec(text, plainOptions(options)),
      listen: (channel, callback, tx) => client.listen(channel, callback, tx),
    },
  };
}
