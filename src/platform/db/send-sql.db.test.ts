import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { builtSql, sendSql, sendStatement } from './send-sql.ts';
import { unanswered } from './unanswered.ts';
import { isUniqueViolation } from './unique-violation.ts';

let test: TestDatabase;

beforeAll(async () => {
  test = await createTestDatabase();
});

afterAll(() => test?.drop());

const sample = sql`select ${'2026-12-03T10:00:00Z'}::timestamptz as at, '2026-12-03'::date as day, interval '90 minutes' as span,
  ${JSON.stringify({ n: [1, null] })}::jsonb as doc, ${41}::int + 1 as answer, ${null}::text as nothing, 'ação 東京' as words`;

describe('sendSql', () => {
  it('answers the rows exactly as drizzle execute() does, dates and intervals as text, in and out of a transaction', async () => {
    await test.db.system(async (tx) => {
      const built = builtSql(tx, sample);
      const ours = await sendSql<Record<string, unknown>>(tx, built.sql, built.params);
      const drizzles = ((await tx.execute(sample)) as unknown as { rows: Record<string, unknown>[] }).rows;
      expect(ours).toEqual(drizzles);
      expect(ours[0]).toMatchObject({ doc: { n: [1, null] }, answer: 42, nothing: null, words: 'ação 東京' });
      expect(typeof ours[0]?.at).toBe('string');
      expect(typeof ours[0]?.day).toBe('string');
    });
  });

  it('runs what it is sent in the transaction it is given, so a rollback undoes it, and reports a failure as drizzle does', async () => {
    await test.db.system((tx) => sendSql(tx, 'create table if not exists scratch_send_sql (id int primary key)', []));
    await expect(
      test.db.system(async (tx) => {
        await sendSql(tx, 'insert into scratch_send_sql (id) values ($1)', [1]);
        expect(await sendSql(tx, 'select count(*)::int as n from scratch_send_sql', [])).toEqual([{ n: 1 }]);
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect(await test.db.system((tx) => sendSql(tx, 'select count(*)::int as n from scratch_send_sql', []))).toEqual([{ n: 0 }]);
    const duplicate = await test.db.system((tx) => sendSql(tx, 'insert into scratch_send_sql (id) values ($1), ($1)', [2])).catch((error: unknown) => error);
    expect(isUniqueViolation(duplicate)).toBe(true);
  });

  it('sends a named statement both answered and unanswered on one connection, each under its own name', async () => {
    await test.db.system((tx) => sendSql(tx, 'create table if not exists scratch_send_statement (id int primary key)', []));
    const insert = { sql: 'insert into scratch_send_statement (id) values ($1) returning id', params: [1], name: 'test.send_statement' };
    await test.db.system(async (tx) => {
      expect(await sendStatement(tx, insert)).toEqual([{ id: 1 }]);
      // node-postgres refuses one name with two texts: the unanswered one is named apart.
      await sendStatement(tx, unanswered({ ...insert, params: [2] }));
      expect(await sendStatement(tx, { ...insert, params: [3] })).toEqual([{ id: 3 }]);
    });
    expect(await test.db.system((tx) => sendSql(tx, 'select count(*)::int as n from scratch_send_statement', []))).toEqual([{ n: 3 }]);
  });
});
