import { PGlite, types, type QueryOptions } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteViews, type PgliteViews } from './pglite-views.ts';

// The parsers drizzle's PGlite driver sends with each query: these types stay text.
const asText = (value: string) => value;
const drizzleOptions = (): QueryOptions => ({ rowMode: 'array', parsers: { [types.TIMESTAMPTZ]: asText, [types.DATE]: asText, [types.INTERVAL]: asText } });
const stamp = "select timestamptz '2026-12-02 10:00:00+00' as at";

let client: PGlite;
let views: PgliteViews;
const sent: (QueryOptions | undefined)[] = [];

beforeAll(async () => {
  client = await PGlite.create();
  // The views run their statements prepared: PGlite's own query is left for a COPY's blob.
  const query = client.query.bind(client);
  client.query = ((text: string, params?: unknown[], options?: QueryOptions) => {
    sent.push(options);
    return query(text, params, options);
  }) as PGlite['query'];
  views = pgliteViews(client);
});

afterAll(() => client?.close());

describe('pgliteViews', () => {
  it("parses drizzle's queries with drizzle's parsers, and the queue's with PGlite's own, on one instance", async () => {
    const first = await views.drizzle.query<unknown[]>(stamp, [], drizzleOptions());
    const plain = await views.plain.query<{ at: unknown }>(stamp);
    const again = await views.drizzle.query<unknown[]>(stamp, [], drizzleOptions());
    const inTransaction = await views.drizzle.transaction((tx) => tx.query<unknown[]>(stamp, [], drizzleOptions()));
    expect(typeof first.rows[0]![0]).toBe('string');
    expect(plain.rows[0]!.at).toBeInstanceOf(Date);
    expect(again.rows[0]![0]).toBe(first.rows[0]![0]);
    expect(inTransaction.rows[0]![0]).toBe(first.rows[0]![0]);
    const [multi] = await views.plain.exec(stamp);
    expect((multi!.rows[0] as { at: unknown }).at).toBeInstanceOf(Date);
  });

  it('prepares each statement once for both views, and honours a query that brings another set of parsers', async () => {
    const before = views.preparedStatements;
    const text = 'select $1::int + 1 as next';
    await views.drizzle.query(text, [1], drizzleOptions());
    await views.plain.query(text, [2]);
    await views.drizzle.transaction((tx) => tx.query(text, [3], drizzleOptions()));
    expect(views.preparedStatements).toBe(before + 1);
    expect(sent).toHaveLength(0);
    const other: QueryOptions = { parsers: { [types.TIMESTAMPTZ]: () => 'other' } };
    const answer = await views.drizzle.query<{ at: unknown }>(stamp, [], other);
    expect(answer.rows[0]!.at).toBe('other');
  });

  it("parses arrays in drizzle's first query even when it was sent before the instance was ready", async () => {
    const starting = new PGlite();
    try {
      const early = pgliteViews(starting);
      const answer = await early.drizzle.query<unknown[]>("select array['read', 'write']::text[] as permissions", [], drizzleOptions());
      expect(answer.rows[0]![0]).toEqual(['read', 'write']);
    } finally {
      await starting.close();
    }
  });
});
