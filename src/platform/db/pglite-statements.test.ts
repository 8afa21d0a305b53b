import { PGlite, type Results, type Transaction } from '@electric-sql/pglite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { preparedStatements, type PreparedStatements } from './pglite-statements.ts';
import { unansweredMarker } from './unanswered.ts';

let client: PGlite;
let statements: PreparedStatements;

const serverStatements = async () => (await client.query<{ name: string }>('select name from pg_prepared_statements order by name')).rows.map((row) => row.name);
const run = <T>(text: string, params: unknown[] = []) => statements.query<T>(text, params, undefined, client.parsers);

beforeEach(async () => {
  client = await PGlite.create();
  statements = preparedStatements(client, 3);
  await client.exec('create table notes (id int primary key, body text, tags text[], meta jsonb, at timestamptz)');
});

afterEach(() => client.close());

describe('preparedStatements', () => {
  it('prepares a statement once and then runs it again with other values, parsed as PGlite parses them', async () => {
    const insert = 'insert into notes (id, body, tags, meta, at) values ($1, $2, $3, $4, $5) returning *';
    const at = new Date('2026-12-02T10:00:00Z');
    await run(insert, [1, 'first', ['a', 'b'], { n: 1 }, at]);
    const second = await run<{ id: number; body: string | null; tags: string[]; meta: unknown; at: Date }>(insert, [2, null, [], { n: [2] }, at]);
    expect(second.rows).toEqual([{ id: 2, body: null, tags: [], meta: { n: [2] }, at }]);
    expect(second.affectedRows).toBe(1);
    expect(statements.size).toBe(1);
    expect(await serverStatements()).toHaveLength(1);
    const read = await run<{ tags: string[] }>('select tags from notes where id = $1', [1]);
    expect(read.rows).toEqual([{ tags: ['a', 'b'] }]);
  });

  it('reports a failing statement as PGlite does, and the session goes on', async () => {
    await run('insert into notes (id) values ($1)', [1]);
    const failure = await run('insert into notes (id) values ($1)', [1]).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: '23505', query: 'insert into notes (id) values ($1)', params: [1] });
    const syntax = await run('selec 1').catch((error: unknown) => error);
    expect(syntax).toMatchObject({ code: '42601' });
    expect((await run<{ count: number }>('select count(*)::int as count from notes')).rows).toEqual([{ count: 1 }]);
  });

  it('runs inside a transaction, whose rollback undoes what its statements wrote', async () => {
    await client
      .transaction(async (tx) => {
        await statements.query('insert into notes (id) values ($1)', [7], undefined, client.parsers, tx);
        const seen = await statements.query<{ count: number }>('select count(*)::int as count from notes', [], undefined, client.parsers, tx);
        expect(seen.rows).toEqual([{ count: 1 }]);
        throw new Error('undo');
      })
      .catch(() => {});
    expect((await run<{ count: number }>('select count(*)::int as count from notes')).rows).toEqual([{ count: 0 }]);
  });

  it('prepares afresh a statement whose result a schema change altered, after failing it once', async () => {
    const all = 'select * from notes';
    await run(all);
    await client.exec('alter table notes add column extra int');
    await expect(run(all)).rejects.toMatchObject({ code: '0A000' });
    const again: Results<Record<string, unknown>> = await run(all);
    expect(again.fields.map((field) => field.name)).toContain('extra');
  });

  it('closes the longest-prepared statements past its limit, on the server too, but never its transaction control', async () => {
    await statements.transaction(async (tx) => tx.query('select 0 as n'));
    for (let id = 1; id <= 5; id++) await run(`select ${id} as n`);
    expect(statements.size).toBe(3);
    // The three that fit, and BEGIN, COMMIT and ROLLBACK.
    expect(await serverStatements()).toHaveLength(6);
    await statements.transaction(async (tx) => tx.query('select 1 as n'));
    expect((await run<{ n: number }>('select 1 as n')).rows).toEqual([{ n: 1 }]);
  });

  it('gives rows, NULLs, text in any script, counts and errors exactly as PGlite query() does', async () => {
    await client.query("insert into notes (id, body, tags, meta) values (1, 'ação — 東京 🍞', '{a,null}', '{\"k\": [1, null]}'), (2, null, null, null)");
    const select = 'select id, body, tags, meta from notes where id = any($1::int[]) order by id';
    for (const rowMode of ['object', 'array'] as const) {
      const ours = await statements.query(select, [[1, 2]], { rowMode }, client.parsers);
      const theirs = await client.query(select, [[1, 2]], { rowMode });
      expect(ours).toEqual(theirs);
    }
    const update = 'update notes set body = $1 where id > $2';
    expect(await run(update, ['x', 0])).toEqual(await client.query(update, ['x', 0]));
    await client.exec('alter table notes add constraint short check (length(body) < 3)');
    const failing = (query: (text: string, params: unknown[]) => Promise<unknown>) => query('update notes set body = $1 where id = $2', ['too long', 1]).catch((error: unknown) => error);
    const ours = (await failing(run)) as Record<string, unknown>;
    const theirs = (await failing((text, params) => client.query(text, params))) as Record<string, unknown>;
    expect(ours).toBeInstanceOf(Error);
    for (const field of ['message', 'severity', 'code', 'detail', 'schema', 'table', 'constraint', 'routine']) expect(ours[field]).toEqual(theirs[field]);
    expect(ours).toMatchObject({ code: '23514', constraint: 'short', table: 'notes' });
  });

  it('hands a notification that comes with its statements to the listeners once, as PGlite hands those of its own calls', async () => {
    const heard: string[] = [];
    const unlisten = await statements.listen('Wakeup', (payload) => heard.push(payload));
    await run("select pg_notify('wakeup', $1)", ['by a prepared statement']);
    await client.query("select pg_notify('wakeup', 'by PGlite')");
    await statements.transaction(async (tx) => tx.query("select pg_notify('wakeup', 'at commit')"));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(heard.sort()).toEqual(['at commit', 'by PGlite', 'by a prepared statement']);
    await unlisten();
    await run("select pg_notify('wakeup', 'after')");
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(heard).toHaveLength(3);
  });

  describe('transaction', () => {
    const count = 'select count(*)::int as count from notes';
    const counted = async () => (await run<{ count: number }>(count)).rows[0]?.count;
    /** How many times the instance is entered while `work` runs. */
    const crossings = async (work: () => Promise<unknown>) => {
      // Every way in (PGlite's parsed calls and the raw ones) goes through this synchronous call into WebAssembly.
      const enter = client.execProtocolRawSync.bind(client);
      let calls = 0;
      client.execProtocolRawSync = (message: Uint8Array) => {
        calls += 1;
        return enter(message);
      };
      try {
        await work();
      } finally {
        client.execProtocolRawSync = enter;
      }
      return calls;
    };

    it('commits what its statements wrote, entering the instance once per statement and once to commit', async () => {
      const write = (tx: Transaction, id: number) => statements.query('insert into notes (id) values ($1)', [id], undefined, client.parsers, tx);
      // Both statements and the transaction's control prepared beforehand, so only runs are counted.
      await statements.transaction(async (tx) => write(tx, 1));
      expect(await counted()).toBe(1);
      const entered = await crossings(() =>
        statements.transaction(async (tx) => {
          await write(tx, 2);
          const seen = await statements.query<{ count: number }>(count, [], undefined, client.parsers, tx);
          expect(seen.rows).toEqual([{ count: 2 }]);
        }),
      );
      expect(entered).toBe(3);
      expect(await counted()).toBe(2);
      expect(await crossings(() => statements.transaction(async () => 'nothing to do'))).toBe(0);
    });

    it('rolls back when its work throws, or when a statement fails, and the session goes on', async () => {
      const undo = statements.transaction(async (tx) => {
        await tx.query('insert into notes (id) values ($1)', [1]);
        throw new Error('undo');
      });
      await expect(undo).rejects.toThrow('undo');
      const duplicate = statements.transaction(async (tx) => {
        await tx.exec("insert into notes (id, body) values (2, 'kept until the failure')");
        await tx.query('insert into notes (id) values ($1)', [2]);
      });
      await expect(duplicate).rejects.toMatchObject({ code: '23505' });
      expect(await counted()).toBe(0);
      await statements.transaction(async (tx) => tx.query('insert into notes (id) values ($1)', [3]));
      expect(await counted()).toBe(1);
    });

    it('ends at rollback(), after which it refuses statements', async () => {
      let ended: Transaction | undefined;
      await statements.transaction(async (tx) => {
        ended = tx;
        await tx.sql`insert into notes (id) values (${4})`;
        await tx.rollback();
        expect(tx.closed).toBe(true);
      });
      expect(await counted()).toBe(0);
      await expect(ended?.query(count)).rejects.toThrow('Transaction is closed');
    });

    it('sends an unanswered statement with the statement after it, or with the COMMIT, and never after a rollback', async () => {
      const note = (tx: Transaction, id: number) => tx.query(`${unansweredMarker}insert into notes (id) values ($1)`, [id]);
      await statements.transaction(async (tx) => {
        await note(tx, 1);
        await tx.query(count);
      });
      expect(await counted()).toBe(1);
      const entered = await crossings(() =>
        statements.transaction(async (tx) => {
          expect((await note(tx, 2)).rows).toEqual([]);
          // It went in before this read, in the same call.
          expect((await tx.query<{ count: number }>(count)).rows).toEqual([{ count: 2 }]);
          await note(tx, 3);
        }),
      );
      expect(entered).toBe(2);
      expect(await counted()).toBe(3);
      await expect(
        statements.transaction(async (tx) => {
          await note(tx, 4);
          throw new Error('undo');
        }),
      ).rejects.toThrow('undo');
      expect(await counted()).toBe(3);
    });

    it('fails the COMMIT an unanswered statement went in with, rolls back, and the session goes on', async () => {
      const duplicate = `${unansweredMarker}insert into notes (id) values (1)`;
      await run('insert into notes (id) values (1)');
      await statements.transaction(async (tx) => tx.query(`${unansweredMarker}insert into notes (id) values (9)`));
      await expect(
        statements.transaction(async (tx) => {
          await tx.query('insert into notes (id) values ($1)', [2]);
          await tx.query(duplicate);
        }),
      ).rejects.toMatchObject({ code: '23505', query: expect.stringContaining(duplicate) });
      expect(await counted()).toBe(2);
      await statements.transaction(async (tx) => tx.query('insert into notes (id) values ($1)', [3]));
      expect(await counted()).toBe(3);
    });
  });
});
