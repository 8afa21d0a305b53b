/**
 * The credit ledger's guarantees one at a time, on both engines: concurrent debits from one
 * process, the append-only entries, expiry by the job only, the timeout sweep, and settlements
 * (never more than reserved, once per reservation, a retry answered as the first time).
 * Concurrency across many connections is proven on PostgreSQL in test/engines/ledger-concurrency.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { runWithContext } from '../../platform/context/request-context.ts';
import { queryRows } from '../../platform/db/tenancy.ts';
import { isAppError } from '../../platform/errors/app-error.ts';
import { readPayload } from '../../platform/events/define-event.ts';
import { creditsConsumed, creditsLow, creditsReserved } from './events.ts';
import { createLedger, type Ledger } from './ledger.ts';

/** The sweepers report a failed item and go on; a test wants to see it. */
const failOnError = (_id: string, error: unknown) => {
  throw error;
};

let test: TestDatabase;
let ledger: Ledger;
beforeAll(async () => {
  test = await createTestDatabase();
  ledger = createLedger(test.db, { lowThreshold: () => 10 });
});
afterAll(() => test?.drop());

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000);

/** What a call was refused with: the AppError, or the database's error with its causes' messages. */
async function refusal(promise: Promise<unknown>): Promise<{ code?: string; status?: number; text: string }> {
  try {
    await promise;
  } catch (error) {
    const messages: string[] = [];
    for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) messages.push(cause.message);
    return isAppError(error) ? { code: error.code, status: error.status, text: messages.join(' ← ') } : { text: messages.join(' ← ') };
  }
  throw new Error('expected the call to be refused');
}

async function entries(workspaceId: string) {
  const rows = await test.db.system((tx) =>
    queryRows<{ type: string; amount: number; balance_after: number; grant_id: string | null; operation_key: string | null }>(
      tx,
      sql`select type, amount, balance_after, grant_id, operation_key from usage.credit_entries where workspace_id = ${workspaceId} order by id`,
    ),
  );
  return rows.map((row) => ({ ...row, amount: Number(row.amount), balance_after: Number(row.balance_after) }));
}

async function events(workspaceId: string, type: string) {
  return test.db.system((tx) =>
    queryRows<{ payload: Record<string, unknown> }>(tx, sql`select payload from platform.event_log where workspace_id = ${workspaceId} and type = ${type} order by position`),
  );
}

describe('concurrent debits from one process', () => {
  it('lets exactly as many of 100 debits through as the balance covers, and ends at the exact balance', async () => {
    const ws = randomUUID();
    await ledger.grant(ws, { amount: 60, source: 'purchase', key: 'pack' });
    const outcomes = await Promise.allSettled(Array.from({ length: 100 }, (_, n) => ledger.consume(ws, { amount: 1, key: `debit-${n}` })));
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(60);
    const refusals = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
    expect(refusals).toHaveLength(40);
    expect(refusals.every((reason) => isAppError(reason) && reason.code === 'insufficient_credits' && reason.status === 402)).toBe(true);
    const view = await ledger.balance(ws);
    expect(view).toMatchObject({ balance: 0, held: 0, grants: [] });
    const written = await entries(ws);
    expect(written.filter((entry) => entry.type === 'consume')).toHaveLength(60);
    expect(written.reduce((sum, entry) => sum + entry.amount, 0)).toBe(0);
  });

  it('charges a key once however many calls carry it at the same time', async () => {
    const ws = randomUUID();
    await ledger.grant(ws, { amount: 10, source: 'purchase', key: 'pack' });
    const results = await Promise.all(Array.from({ length: 20 }, () => ledger.consume(ws, { amount: 3, key: 'one-generation' })));
    expect(new Set(results.map((result) => result.entryId)).size).toBe(1);
    expect(results.every((result) => result.balance === 7)).toBe(true);
    expect((await ledger.balance(ws)).balance).toBe(7);
    expect((await entries(ws)).filter((entry) => entry.type === 'consume')).toHaveLength(1);
  });
});

describe('idempotency keys', () => {
  it('answers a retry with the first answer, and refuses the key with other arguments or for another operation (409)', async () => {
    const ws = randomUUID();
    const renewal = inDays(30);
    const granted = await ledger.grant(ws, { amount: 50, source: 'plan', expiresAt: renewal, key: 'cycle-1' });
    expect(await ledger.grant(ws, { amount: 50, source: 'plan', expiresAt: new Date(renewal), key: 'cycle-1' })).toEqual(granted);
    const first = await ledger.consume(ws, { amount: 5, key: 'c' });
    await ledger.consume(ws, { amount: 1, key: 'd' });
    expect(await ledger.consume(ws, { amount: 5, key: 'c' })).toEqual(first);
    expect(await refusal(ledger.consume(ws, { amount: 6, key: 'c' }))).toMatchObject({ code: 'conflict', status: 409 });
    expect(await refusal(ledger.reserve(ws, { amount: 5, key: 'c' }))).toMatchObject({ code: 'conflict' });
    expect(await refusal(ledger.grant(ws, { amount: 50, source: 'plan', expiresAt: inDays(31), key: 'cycle-1' }))).toMatchObject({ code: 'conflict' });
    expect((await ledger.balance(ws)).balance).toBe(44);
  });

  it('records nothing for a refused debit, so the key may be used again once the balance covers it', async () => {
    const ws = randomUUID();
    await ledger.grant(ws, { amount: 2, source: 'purchase', key: 'small' });
    expect(await refusal(ledger.consume(ws, { amount: 5, key: 'big' }))).toMatchObject({ code: 'insufficient_credits', status: 402 });
    await ledger.grant(ws, { amount: 10, source: 'purchase', key: 'more' });
    expect(await ledger.consume(ws, { amount: 5, key: 'big' })).toMatchObject({ balance: 7 });
  });
});

describe('debits in one statement (usage.debit)', () => {
  it('appends the event rows appendEvent would: type and version of the definition, actor and trace from the context, a valid payload', async () => {
    const ws = randomUUID();
    const userId = randomUUID();
    await ledger.grant(ws, { amount: 12, source: 'purchase', key: 'pack' });
    const { consumed, reserved } = await runWithContext({ userId, traceId: 'trace-1', requestId: 'request-1' }, async () => ({
      consumed: await ledger.consume(ws, { amount: 1, key: 'a' }),
      reserved: await ledger.reserve(ws, { amount: 2, key: 'b' }),
    }));
    const rows = await test.db.system((tx) =>
      queryRows<{ id: string; type: string; version: number; payload: unknown; actor: string | null; trace_id: string | null }>(
        tx,
        sql`select id, type, version, payload, actor, trace_id from platform.event_log where workspace_id = ${ws} and type <> 'credits.granted' order by position`,
      ),
    );
    const definitions = [creditsConsumed, creditsReserved, creditsLow];
    expect(rows.map((row) => [row.type, row.version, row.actor, row.trace_id])).toEqual(
      definitions.map((definition) => [definition.type, definition.version, `user:${userId}`, 'trace-1']),
    );
    const [consumedEvent, reservedEvent, lowEvent] = rows;
    expect([
      readPayload(creditsConsumed, consumedEvent!.version, consumedEvent!.payload),
      readPayload(creditsReserved, reservedEvent!.version, reservedEvent!.payload),
      readPayload(creditsLow, lowEvent!.version, lowEvent!.payload),
    ]).toEqual([
      { entryId: consumed.entryId, amount: 1, balance: 11 },
      { reservationId: reserved.reservationId, amount: 2, balance: 9 },
      { balance: 9, threshold: 10 },
    ]);
    expect(new Set(rows.map((row) => row.id)).size).toBe(3);
  });

  it("joins the caller's transaction: sees its uncommitted grant, and rolls back with it", async () => {
    const ws = randomUUID();
    const inside = await test.db
      .tenant(ws, async (tx) => {
        await ledger.grantIn(tx, ws, { amount: 5, source: 'purchase', key: 'pack' });
        const consumed = await ledger.consume(ws, { amount: 3, key: 'in-the-transaction' });
        throw Object.assign(new Error('rollback'), { consumed });
      })
      .catch((error: { consumed: unknown }) => error.consumed);
    expect(inside).toMatchObject({ balance: 2 });
    expect(await ledger.balance(ws)).toMatchObject({ balance: 0, grants: [] });
    expect(await entries(ws)).toEqual([]);
  });

  it("refuses a debit inside the caller's transaction without spoiling it", async () => {
    const ws = randomUUID();
    await ledger.grant(ws, { amount: 5, source: 'purchase', key: 'pack' });
    const outcome = await test.db.tenant(ws, async () => {
      const refused = await refusal(ledger.consume(ws, { amount: 6, key: 'too-much' }));
      return { refused, consumed: await ledger.consume(ws, { amount: 4, key: 'enough' }) };
    });
    expect(outcome).toMatchObject({ refused: { code: 'insufficient_credits', status: 402 }, consumed: { balance: 1 } });
    expect((await entries(ws)).map((entry) => entry.operation_key)).toEqual(['pack', 'enough']);
  });

  it('draws across several grants, soonest-expiring first, when the first does not cover the debit', async () => {
    const ws = randomUUID();
    const soon = await ledger.grant(ws, { amount: 3, source: 'plan', expiresAt: inDays(2), key: 'cycle' });
    const later = await ledger.grant(ws, { amount: 4, source: 'promotion', expiresAt: inDays(9), key: 'promo' });
    await ledger.grant(ws, { amount: 10, source: 'purchase', key: 'pack' });
    const { reservationId } = await ledger.reserve(ws, { amount: 9, key: 'job' });
    const [held] = await test.db.system((tx) => queryRows<{ allocations: unknown }>(tx, sql`select allocations from usage.credit_reservations where id = ${reservationId}`));
    expect(held?.allocations).toEqual([
      { grantId: soon.grantId, amount: 3 },
      { grantId: later.grantId, amount: 4 },
      { grantId: expect.any(String), amount: 2 },
    ]);
    expect((await ledger.balance(ws)).grants.map((grant) => [grant.source, grant.remaining])).toEqual([['purchase', 8]]);
  });
});

describe('the append-only ledger', () => {
  it('refuses to update, delete or truncate an entry, even as the system', async () => {
    const ws = randomUUID();
    await ledger.grant(ws, { amount: 5, source: 'purchase', key: 'pack' });
    const change = (statement: ReturnType<typeof sql>) => refusal(test.db.system((tx) => tx.execute(statement)));
    expect((await change(sql`update usage.credit_entries set amount = 500 where workspace_id = ${ws}`)).text).toContain('append-only');
    expect((await change(sql`delete from usage.credit_entries where workspace_id = ${ws}`)).text).toContain('append-only');
    expect((await change(sql`truncate usage.credit_entries`)).text).toContain('append-only');
    expect((await refusal(test.db.tenant(ws, (tx) => tx.execute(sql`delete from usage.credit_entries where workspace_id = ${ws}`)))).text).toContain('append-only');
    expect(await entries(ws)).toEqual([expect.objectContaining({ type: 'purchase', amount: 5, balance_after: 5 })]);
  });
});

describe('expiry', () => {
  it('keeps credits past their expiry in the balance (spent first) until the job writes their expire entry', async () => {
    const ws = randomUUID();
    const monthly = await ledger.grant(ws, { amount: 30, source: 'plan', expiresAt: inDays(3), key: 'cycle' });
    await ledger.grant(ws, { amount: 20, source: 'purchase', key: 'pack' });
    await ledger.consume(ws, { amount: 5, key: 'a' });
    await test.db.system((tx) => tx.execute(sql`update usage.credit_grants set expires_at = now() - interval '1 minute' where id = ${monthly.grantId}`));

    // Not before the job: the balance still holds them, and a debit still spends them first.
    expect((await ledger.balance(ws)).balance).toBe(45);
    await ledger.consume(ws, { amount: 3, key: 'b' });
    expect((await ledger.balance(ws)).grants.map((grant) => [grant.source, grant.remaining])).toEqual([
      ['plan', 22],
      ['purchase', 20],
    ]);

    expect(await ledger.expireDue(failOnError)).toBeGreaterThanOrEqual(1);
    const view = await ledger.balance(ws);
    expect(view.balance).toBe(20);
    expect(view.grants.map((grant) => grant.source)).toEqual(['purchase']);
    expect((await entries(ws)).at(-1)).toMatchObject({ type: 'expire', amount: -22, balance_after: 20, grant_id: monthly.grantId });
    expect((await events(ws, 'credits.expired')).map((event) => event.payload)).toEqual([{ grantId: monthly.grantId, amount: 22, balance: 20 }]);

    // Once is enough: the job finds nothing left of the grant next time.
    await ledger.expireDue(failOnError);
    expect((await entries(ws)).filter((entry) => entry.type === 'expire')).toHaveLength(1);
    expect((await ledger.balance(ws)).balance).toBe(20);
  });

  it('announces credits.low when an expiry takes the balance below the threshold', async () => {
    const ws = randomUUID();
    const monthly = await ledger.grant(ws, { amount: 100, source: 'plan', expiresAt: inDays(3), key: 'cycle' });
    await ledger.grant(ws, { amount: 4, source: 'purchase', key: 'pack' });
    await test.db.system((tx) => tx.execute(sql`update usage.credit_grants set expires_at = now() - interval '1 minute' where id = ${monthly.grantId}`));
    await ledger.expireDue(failOnError);
    expect((await events(ws, 'credits.low')).map((event) => event.payload)).toEqual([{ balance: 4, threshold: 10 }]);
    await ledger.consume(ws, { amount: 1, key: 'a' });
    expect(await events(ws, 'credits.low')).toHaveLength(1);
  });
});

describe('reservations', () => {
  it('releases a reservation held past its timeout, and then refuses to settle or release it (409)', async () => {
    const ws = randomUUID();
    await ledger.grant(ws, { amount: 40, source: 'purchase', key: 'pack' });
    const { reservationId } = await ledger.reserve(ws, { amount: 15, key: 'job-1' });
    expect(await ledger.releaseTimedOut(failOnError)).toBe(0);
    expect(await ledger.balance(ws)).toMatchObject({ balance: 25, held: 15 });

    await test.db.system((tx) => tx.execute(sql`update usage.credit_reservations set expires_at = now() - interval '1 minute' where id = ${reservationId}`));
    expect(await ledger.releaseTimedOut(failOnError)).toBe(1);
    expect(await ledger.balance(ws)).toMatchObject({ balance: 40, held: 0, grants: [expect.objectContaining({ remaining: 40 })] });
    expect((await events(ws, 'credits.released')).map((event) => event.payload)).toEqual([{ reservationId, amount: 15, balance: 40, reason: 'timed_out' }]);
    expect(await refusal(ledger.settle(ws, reservationId, { actual: 10, key: 'late-settle' }))).toMatchObject({ code: 'conflict', status: 409 });
    expect(await refusal(ledger.release(ws, reservationId, { key: 'late-release' }))).toMatchObject({ code: 'conflict' });
    expect(await ledger.releaseTimedOut(failOnError)).toBe(0);
    expect((await ledger.balance(ws)).balance).toBe(40);
  });

  it('refuses to settle more than was reserved (409) and leaves the reservation held', async () => {
    const ws = randomUUID();
    await ledger.grant(ws, { amount: 100, source: 'purchase', key: 'pack' });
    const { reservationId } = await ledger.reserve(ws, { amount: 20, key: 'job' });
    expect(await refusal(ledger.settle(ws, reservationId, { actual: 21, key: 'settle-over' }))).toMatchObject({ code: 'conflict', status: 409 });
    expect(await ledger.balance(ws)).toMatchObject({ balance: 80, held: 20 });
    expect(await ledger.settle(ws, reservationId, { actual: 20, key: 'settle' })).toEqual({ reservationId, charged: 20, released: 0, balance: 80 });
    expect(await refusal(ledger.settle(ws, randomUUID(), { actual: 1, key: 'nothing' }))).toMatchObject({ code: 'not_found', status: 404 });
  });

  it('settles once: a second settlement is a 409, a retry of the first gets the first answer', async () => {
    const ws = randomUUID();
    await ledger.grant(ws, { amount: 50, source: 'plan', expiresAt: inDays(10), key: 'cycle' });
    await ledger.grant(ws, { amount: 50, source: 'purchase', key: 'pack' });
    const { reservationId } = await ledger.reserve(ws, { amount: 70, key: 'job' });
    const settled = await ledger.settle(ws, reservationId, { actual: 45, key: 'settle' });
    expect(settled).toEqual({ reservationId, charged: 45, released: 25, balance: 55 });
    // What was charged came from the soonest-expiring grant: the rest went back to the pack.
    expect((await ledger.balance(ws)).grants.map((grant) => [grant.source, grant.remaining])).toEqual([
      ['plan', 5],
      ['purchase', 50],
    ]);

    expect(await refusal(ledger.settle(ws, reservationId, { actual: 45, key: 'settle-again' }))).toMatchObject({ code: 'conflict', status: 409 });
    expect(await refusal(ledger.release(ws, reservationId, { key: 'release-after' }))).toMatchObject({ code: 'conflict' });
    await ledger.consume(ws, { amount: 7, key: 'later' });
    expect(await ledger.settle(ws, reservationId, { actual: 45, key: 'settle' })).toEqual(settled);
    expect(await refusal(ledger.settle(ws, reservationId, { actual: 44, key: 'settle' }))).toMatchObject({ code: 'conflict' });
    expect((await entries(ws)).filter((entry) => entry.operation_key === 'settle').map((entry) => [entry.type, entry.amount])).toEqual([
      ['settle', 0],
      ['release', 25],
    ]);
    expect((await ledger.balance(ws)).balance).toBe(48);
  });
});
