import { eq, sql } from 'drizzle-orm';
import { bigint, integer, jsonb, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { insertRows, withDefaults } from './insert-rows.ts';
import { sendStatement } from './send-sql.ts';
import { queryRows } from './tenancy.ts';
import { isUnstorableText } from './unstorable-text.ts';

// Column names unlike the fields, and a column order unlike the table's, so a mix-up shows.
const scratch = pgSchema('scratch_insert_rows');
const things = scratch.table('things', {
  id: uuid('id').primaryKey(),
  label: text('thing_label').notNull(),
  note: text('note'),
  count: integer('how_many').notNull(),
  total: bigint('total', { mode: 'number' }).notNull(),
  tags: jsonb('tags').$type<string[]>().notNull().default([]),
  detail: jsonb('detail').$type<{ nested: { deep: boolean } } | string | null>(),
  seenAt: timestamp('seen_at', { withTimezone: true }).notNull().defaultNow(),
  rank: integer('rank').notNull().default(7),
});
type Thing = typeof things.$inferSelect;

let test: TestDatabase;

beforeAll(async () => {
  test = await createTestDatabase();
  await test.db.system(async (tx) => {
    await tx.execute(sql`create schema scratch_insert_rows`);
    await tx.execute(sql`create table scratch_insert_rows.things (
      seen_at timestamptz not null, tags jsonb not null, detail jsonb, total bigint not null,
      how_many integer not null, note text, thing_label text not null, rank integer not null default 7, id uuid primary key)`);
  });
});

afterAll(() => test?.drop());

const thing = (overrides: Partial<Thing>): Thing => ({
  id: crypto.randomUUID(),
  label: 'a thing',
  note: null,
  count: 3,
  total: 9_007_199_254_740_000,
  tags: ['one', 'two'],
  detail: { nested: { deep: true } },
  seenAt: new Date('2026-12-03T10:11:12.345Z'),
  rank: 2,
  ...overrides,
});

describe('insertRows', () => {
  it('stores every field in its column with its type, as the query builder reads it back', async () => {
    const rows = [thing({}), thing({ label: 'ünïcode, "quotes" and \\ back', note: 'a note', detail: 'a JSON string', tags: [] }), thing({ detail: null })];
    await test.db.system((tx) => sendStatement(tx, insertRows(things, rows)));
    for (const row of rows) {
      const [stored] = await test.db.system((tx) => tx.select().from(things).where(eq(things.id, row.id)));
      expect(stored).toEqual(row);
    }
    // A JSON null would be a value; a missing detail is SQL NULL.
    const [nulls] = await test.db.system((tx) => queryRows<{ sql_nulls: number }>(tx, sql`select count(*)::int as sql_nulls from scratch_insert_rows.things where detail is null`));
    expect(nulls?.sql_nulls).toBe(1);
  });

  it('gives a field left out its schema default, or NULL, and answers the row as stored', async () => {
    const row = withDefaults(things, { id: crypto.randomUUID(), label: 'sparse', count: 1, total: 2, seenAt: new Date('2026-12-04T08:00:00.000Z') });
    expect(row).toMatchObject({ note: null, detail: null, tags: [], rank: 7 });
    await test.db.system((tx) => sendStatement(tx, insertRows(things, [row])));
    const [stored] = await test.db.system((tx) => tx.select().from(things).where(eq(things.id, row.id)));
    expect(stored).toEqual(row);
    // Each row has its own copy of a default object: changing one changes no other row's default.
    row.tags.push('changed');
    expect(withDefaults(things, { id: crypto.randomUUID(), label: 'next', count: 1, total: 2, seenAt: new Date() }).tags).toEqual([]);
  });

  it('refuses, before anything is sent, a row that leaves out a required field or one only the database can default', () => {
    const { label: _label, ...unlabelled } = thing({});
    expect(() => insertRows(things, [unlabelled as Thing])).toThrow('insertRows(things): the row has no label');
    const { seenAt: _seenAt, ...undated } = thing({});
    expect(() => insertRows(things, [undated])).toThrow('insertRows(things): seenAt has a database default, so the row must give it');
  });

  it('fails on text PostgreSQL cannot store as invalid input, and stores nothing', async () => {
    const row = thing({ label: 'nul \u0000 inside' });
    const failure = await test.db.system((tx) => sendStatement(tx, insertRows(things, [row]))).catch((error: unknown) => error);
    expect(isUnstorableText(failure)).toBe(true);
    const found = await test.db.system((tx) => tx.select().from(things).where(eq(things.id, row.id)));
    expect(found).toEqual([]);
  });
});
