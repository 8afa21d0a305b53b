/**
 * The credit ledger under real concurrency: many connections debiting one workspace at once on
 * PostgreSQL (on PGlite transactions run one at a time, so only the end balance is checked
 * there, in src/modules/usage/ledger.db.test.ts).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedger, type Ledger } from '../../src/modules/usage/ledger.ts';
import { queryRows } from '../../src/platform/db/tenancy.ts';
import { isAppError } from '../../src/platform/errors/app-error.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

/** The sweepers report a failed item and go on; a test wants to see it. */
const failOnError = (_id: string, error: unknown) => {
  throw error;
};

let test: TestDatabase;
let ledger: Ledger;
beforeAll(async () => {
  test = await createTestDatabase({ poolSize: 20 });
  ledger = createLedger(test.db, { lowThreshold: () => 10 });
});
afterAll(() => test?.drop());

async function tables(workspaceId: string) {
  const [row] = await test.db.system((tx) =>
    queryRows<{ balance: number; ledger: number; remaining: number; consumes: number; reserves: number; low: number }>(
      tx,
      sql`select (select balance from usage.credit_balances where workspace_id = ${workspaceId}) as balance,
                 (select coalesce(sum(amount), 0)::bigint from usage.credit_entries where workspace_id = ${workspaceId}) as ledger,
                 (select coalesce(sum(remaining), 0)::bigint from usage.credit_grants where workspace_id = ${workspaceId}) as remaining,
                 (select count(*)::int from usage.credit_entries where workspace_id = ${workspaceId} and type = 'consume') as consumes,
                 (select count(*)::int from usage.credit_entries where workspace_id = ${workspaceId} and type = 'reserve') as reserves,
                 (select count(*)::int from platform.event_log where workspace_id = ${workspaceId} and type = 'credits.low') as low`,
    ),
  );
  return { balance: Number(row?.balance), ledger: Number(row?.ledger), remaining: Number(row?.remaining), consumes: row?.consumes, reserves: row?.reserves, low: row?.low };
}

function tally(outcomes: readonly PromiseSettledResult<unknown>[]) {
  const refusals = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
  const unexpected = refusals.filter((reason) => !(isAppError(reason) && reason.code === 'insufficient_credits' && reason.status === 402));
  if (unexpected.length > 0) throw unexpected[0];
  return { succeeded: outcomes.length - refusals.length, refused: refusals.length };
}

describe('the credit ledger on PostgreSQL with concurrent callers', () => {
  it('lets exactly 60 of 100 concurrent debits through against 60 credits; the other 40 get 402', async () => {
    const ws = randomUUID();
    // Two grants, one expiring: concurrent debits must also keep the grants' remainders exact.
    await ledger.grant(ws, { amount: 35, source: 'plan', expiresAt: new Date(Date.now() + 86_400_000), key: 'cycle' });
    await ledger.grant(ws, { amount: 25, source: 'purchase', key: 'pack' });
    const outcomes = await Promise.allSettled(Array.from({ length: 100 }, (_, n) => ledger.consume(ws, { amount: 1, key: `debit-${n}` })));
    expect(tally(outcomes)).toEqual({ succeeded: 60, refused: 40 });
    expect(await tables(ws)).toEqual({ balance: 0, ledger: 0, remaining: 0, consumes: 60, reserves: 0, low: 1 });
    expect(await ledger.balance(ws)).toMatchObject({ balance: 0, held: 0, grants: [] });
  });

  it('holds exactly 60 of 100 concurrent reservations against 60 credits, and gives them all back', async () => {
    const ws = randomUUID();
    await ledger.grant(ws, { amount: 60, source: 'purchase', key: 'pack' });
    const outcomes = await Promise.allSettled(Array.from({ length: 100 }, (_, n) => ledger.reserve(ws, { amount: 1, key: `hold-${n}` })));
    expect(tally(outcomes)).toEqual({ succeeded: 60, refused: 40 });
    expect(await tables(ws)).toMatchObject({ balance: 0, ledger: 0, remaining: 0, reserves: 60 });
    expect(await ledger.balance(ws)).toMatchObject({ balance: 0, held: 60 });

    const held = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value.reservationId] : []));
    await Promise.all(held.map((id, n) => (n % 2 === 0 ? ledger.settle(ws, id, { actual: 1, key: `settle-${n}` }) : ledger.release(ws, id, { key: `release-${n}` }))));
    expect(await tables(ws)).toMatchObject({ balance: 30, ledger: 30, remaining: 30 });
    expect(await ledger.balance(ws)).toMatchObject({ balance: 30, held: 0 });
  });

  it('charges once when 50 calls with the same key arrive together, and answers them all alike', async () => {
    const ws = randomUUID();
    await ledger.grant(ws, { amount: 100, source: 'purchase', key: 'pack' });
    const results = await Promise.all(Array.from({ length: 50 }, () => ledger.consume(ws, { amount: 7, key: 'generation-42' })));
    expect(new Set(results.map((result) => JSON.stringify(result))).size).toBe(1);
    expect(results[0]).toMatchObject({ balance: 93 });
    expect(await tables(ws)).toMatchObject({ balance: 93, ledger: 93, remaining: 93, consumes: 1 });
  });

  it('settles a reservation once when settlements with different keys race', async () => {
    const ws = randomUUID();
    await ledger.grant(ws, { amount: 50, source: 'purchase', key: 'pack' });
    const { reservationId } = await ledger.reserve(ws, { amount: 20, key: 'job' });
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, (_, n) => ledger.settle(ws, reservationId, { actual: 5 + (n % 3), key: `settle-${n}` })));
    const won = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    expect(won).toHaveLength(1);
    expect(outcomes.every((outcome) => outcome.status === 'fulfilled' || (isAppError(outcome.reason) && outcome.reason.code === 'conflict'))).toBe(true);
    expect(await tables(ws)).toMatchObject({ balance: 50 - won[0]!.charged, ledger: 50 - won[0]!.charged });
  });

  // Every movement locks the balance row before it claims its key. Claiming first, a lone call
  // would hold the key and wait for the row, while the transaction holding the row waits for the key.
  it.each([
    ['debits', (ws: string, key: string) => ledger.consume(ws, { amount: 2, key })],
    ['grants', (ws: string, key: string) => ledger.grant(ws, { amount: 2, source: 'promotion', key })],
  ])('never deadlocks a transaction of two %s with a lone call that shares its second key', async (_kind, move) => {
    const ws = randomUUID();
    await ledger.grant(ws, { amount: 100, source: 'purchase', key: 'pack' });
    let holding!: () => void;
    let release!: () => void;
    const holds = new Promise<void>((resolve) => (holding = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    const transaction = test.db.tenant(ws, async () => {
      await move(ws, 'first');
      holding();
      await released;
      return move(ws, 'shared');
    });
    await holds;
    const lone = move(ws, 'shared');
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    const [inTransaction, alone] = await Promise.all([transaction, lone]);
    expect(alone).toEqual(inTransaction);
    const after = await tables(ws);
    expect(after.balance).toBe(after.ledger);
    expect(await test.db.system((tx) => queryRows(tx, sql`select key from usage.credit_operations where workspace_id = ${ws} order by key`))).toEqual([
      { key: 'first' },
      { key: 'pack' },
      { key: 'shared' },
    ]);
  });

  it('keeps every workspace exact when debits, grants and the expiry job run together', async () => {
    const workspaces = Array.from({ length: 5 }, () => randomUUID());
    for (const ws of workspaces) await ledger.grant(ws, { amount: 40, source: 'purchase', key: 'pack' });
    await Promise.all(
      workspaces.flatMap((ws) => [
        ...Array.from({ length: 30 }, (_, n) => ledger.consume(ws, { amount: 2, key: `debit-${n}` }).catch((error: unknown) => {
          if (!(isAppError(error) && error.code === 'insufficient_credits')) throw error;
        })),
        ledger.grant(ws, { amount: 10, source: 'promotion', key: 'bonus' }),
        ledger.expireDue(failOnError),
      ]),
    );
    for (const ws of workspaces) {
      const after = await tables(ws);
      // 50 credits, 2 per debit: at most 25 fit; how many did depends on when the bonus landed.
      expect(after.consumes).toBeGreaterThanOrEqual(20);
      expect(after.consumes).toBeLessThanOrEqual(25);
      expect(after).toMatchObject({ balance: 50 - 2 * after.consumes!, ledger: 50 - 2 * after.consumes!, remaining: 50 - 2 * after.consumes! });
    }
  });
});
