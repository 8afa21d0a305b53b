/**
 * The credit ledger against a model, under random sequences of grant, consume, reserve, settle,
 * release, expiry (time passes: grants' `expires_at` move into the past, then the expiry job
 * runs), the timeout sweep, retries of earlier calls with the same key (same arguments, other
 * arguments, another kind of call) and invalid calls. Each run uses a fresh workspace.
 *
 * The model is a list of grants (remaining, expiry) and reservations (what they drew from
 * which grant). It spends soonest-expiring first, gives a settlement's rest back to the grants
 * drawn last, lets past-expiry credits stay spendable until the expiry job takes them, and
 * announces `credits.low` once per fall below the threshold (re-armed when the balance rises back to it).
 * After every step the test compares the call's answer (or the AppError code it was refused
 * with) and `ledger.balance()` with the model, and checks the invariants on the tables: balance
 * = sum of the entries = sum of the grants' remaining, ≥ 0; each entry's balance_after follows
 * from the one before; no entry changed or vanished; no key charged twice; as many entries and
 * `credits.low` events as the model expects.
 *
 * The seed is random on each run; fast-check prints it (with the failing path) when a property
 * fails. Replay one with ATELIER_PROPERTY_SEED=<seed> (and ATELIER_PROPERTY_PATH=<path>).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { queryRows } from '../../platform/db/tenancy.ts';
import { isAppError, type ErrorCode } from '../../platform/errors/app-error.ts';
import { createLedger, type GrantSource, type Ledger } from './ledger.ts';

/** The sweepers report a failed item and go on; a test wants to see it. */
const failOnError = (_id: string, error: unknown) => {
  throw error;
};

const runs = 50;
const maxSteps = 30;
const threshold = 10;
const day = 86_400_000;
/** Grants expire a whole number of days after this, so two of them sometimes expire together. */
const startOfRun = Date.now();

let test: TestDatabase;
let ledger: Ledger;
beforeAll(async () => {
  test = await createTestDatabase();
  ledger = createLedger(test.db, { lowThreshold: () => threshold });
});
afterAll(() => test?.drop());

// ---------------------------------------------------------------------------------------------
// Operations, as generated: targets are indexes resolved against the state when the step runs.

type Invalid = 'zero-consume' | 'negative-reserve' | 'fractional-grant' | 'past-grant' | 'negative-settle' | 'empty-key' | 'long-key';
type Operation =
  | { kind: 'grant'; amount: number; source: GrantSource; expiresInDays: number | null }
  | { kind: 'consume'; amount: number }
  | { kind: 'reserve'; amount: number }
  | { kind: 'settle'; target: number; actual: 'zero' | 'part' | 'all' | 'over'; part: number }
  | { kind: 'release'; target: number }
  | { kind: 'expire'; target: number }
  | { kind: 'timeout'; target: number }
  | { kind: 'retry'; target: number; how: 'same' | 'reordered' | 'changed' | 'other-kind' }
  | { kind: 'invalid'; variant: Invalid };

const index = fc.nat({ max: 20 });
/** Each run opens with a grant, so most of its debits have something to draw on. */
const opening: fc.Arbitrary<Operation> = fc.record({
  kind: fc.constant('grant' as const),
  amount: fc.integer({ min: 20, max: 200 }),
  source: fc.constantFrom<GrantSource>('plan', 'purchase'),
  expiresInDays: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
});
const operation: fc.Arbitrary<Operation> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('grant' as const),
      amount: fc.integer({ min: 1, max: 100 }),
      source: fc.constantFrom<GrantSource>('plan', 'purchase', 'promotion', 'adjustment'),
      // A few distinct days, so two grants sometimes expire at the same instant.
      expiresInDays: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('consume' as const), amount: fc.integer({ min: 1, max: 25 }) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('reserve' as const), amount: fc.integer({ min: 1, max: 30 }) }) },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('settle' as const), target: index, actual: fc.constantFrom('zero' as const, 'part' as const, 'all' as const, 'over' as const), part: fc.integer({ min: 1, max: 99 }) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('release' as const), target: index }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('expire' as const), target: index }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('timeout' as const), target: index }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('retry' as const), target: index, how: fc.constantFrom('same' as const, 'reordered' as const, 'changed' as const, 'other-kind' as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('invalid' as const),
      variant: fc.constantFrom<Invalid>('zero-consume', 'negative-reserve', 'fractional-grant', 'past-grant', 'negative-settle', 'empty-key', 'long-key'),
    }),
  },
);

// ---------------------------------------------------------------------------------------------
// Calls, as made: concrete arguments and key, so a retry can repeat or vary one exactly.

type Call =
  | { kind: 'grant'; key: string; amount: number; source: GrantSource; expiresAt: number | null }
  | { kind: 'consume'; key: string; amount: number }
  | { kind: 'reserve'; key: string; amount: number }
  | { kind: 'settle'; key: string; reservationId: string; actual: number }
  | { kind: 'release'; key: string; reservationId: string };

type Outcome = { ok: true; result: Record<string, unknown> } | { ok: false; code: ErrorCode };

/** Makes the call; `reordered` spells its input with the properties in another order (the same arguments). */
async function perform(workspaceId: string, call: Call, reordered = false): Promise<Outcome> {
  try {
    const result = await (() => {
      switch (call.kind) {
        case 'grant': {
          const expiresAt = call.expiresAt === null ? null : new Date(call.expiresAt);
          return ledger.grant(
            workspaceId,
            reordered ? { key: call.key, expiresAt, source: call.source, amount: call.amount } : { amount: call.amount, source: call.source, expiresAt, key: call.key },
          );
        }
        case 'consume':
        case 'reserve':
          return ledger[call.kind](workspaceId, reordered ? { key: call.key, amount: call.amount } : { amount: call.amount, key: call.key });
        case 'settle':
          return ledger.settle(workspaceId, call.reservationId, { actual: call.actual, key: call.key });
        case 'release':
          return ledger.release(workspaceId, call.reservationId, { key: call.key });
      }
    })();
    return { ok: true, result: { ...result } };
  } catch (error) {
    if (isAppError(error)) return { ok: false, code: error.code };
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// The model.

interface ModelGrant {
  id: string;
  /** Creation order: the tie-break between grants expiring at the same instant. */
  seq: number;
  remaining: number;
  expiresAt: number | null;
}

interface ModelReservation {
  id: string;
  amount: number;
  allocations: { grant: ModelGrant; amount: number }[];
  status: 'held' | 'settled' | 'released';
}

interface Model {
  workspaceId: string;
  balance: number;
  grants: ModelGrant[];
  reservations: ModelReservation[];
  /** Keys of calls that succeeded: what they were and what they answered. */
  done: Map<string, { signature: string; result: Record<string, unknown> }>;
  lowAnnounced: boolean;
  lowEvents: number;
  entries: number;
}

const signatureOf = ({ key: _key, ...rest }: Call) => JSON.stringify(rest);
const wholeCredits = (value: number) => Number.isSafeInteger(value) && value > 0;
const validKey = (key: string) => key.length > 0 && key.length <= 200;
const refused = (code: ErrorCode): Outcome => ({ ok: false, code });
/** What the model answers when it accepts a call the ledger refused (so the comparison shows both). */
const acceptedByModel: Outcome = { ok: true, result: { expected: 'the model accepts this call' } };
const spendOrder = (a: ModelGrant, b: ModelGrant) => (a.expiresAt ?? Infinity) - (b.expiresAt ?? Infinity) || a.seq - b.seq;

function draw(model: Model, amount: number) {
  const allocations: ModelReservation['allocations'] = [];
  let left = amount;
  for (const grant of model.grants.filter((g) => g.remaining > 0).sort(spendOrder)) {
    if (left === 0) break;
    const take = Math.min(left, grant.remaining);
    grant.remaining -= take;
    left -= take;
    allocations.push({ grant, amount: take });
  }
  expect(left, 'the model drew from its grants what its balance promised').toBe(0);
  model.balance -= amount;
  return allocations;
}

/** A debit or an expiry that leaves the balance under the threshold announces it, once until it rises again. */
function afterDecrease(model: Model) {
  if (!model.lowAnnounced && model.balance < threshold) {
    model.lowAnnounced = true;
    model.lowEvents++;
  }
}

function afterIncrease(model: Model) {
  if (model.balance >= threshold) model.lowAnnounced = false;
}

/** Gives a reservation's unspent part back to the grants drawn last. */
function finish(model: Model, reservation: ModelReservation, actual: number, status: 'settled' | 'released') {
  const released = reservation.amount - actual;
  let left = released;
  for (const allocation of [...reservation.allocations].reverse()) {
    if (left === 0) break;
    const amount = Math.min(left, allocation.amount);
    allocation.grant.remaining += amount;
    left -= amount;
  }
  reservation.status = status;
  model.balance += released;
  if (status === 'settled') model.entries++;
  if (released > 0) {
    model.entries++;
    afterIncrease(model);
  }
  return released;
}

/** What the ledger must answer to `call`; on success the model takes the call's effect. */
function expected(model: Model, call: Call, actual: Outcome): Outcome {
  if (call.kind === 'grant' || call.kind === 'consume' || call.kind === 'reserve') {
    if (!wholeCredits(call.amount)) return refused('invalid_input');
  }
  if (call.kind === 'settle' && !(Number.isSafeInteger(call.actual) && call.actual >= 0)) return refused('invalid_input');
  if (!validKey(call.key)) return refused('invalid_input');
  const earlier = model.done.get(call.key);
  if (earlier) return earlier.signature === signatureOf(call) ? { ok: true, result: earlier.result } : refused('conflict');

  let result: Record<string, unknown>;
  switch (call.kind) {
    case 'grant': {
      if (call.expiresAt !== null && call.expiresAt <= Date.now()) return refused('invalid_input');
      if (!actual.ok) return acceptedByModel;
      const grantId = actual.result.grantId as string;
      model.grants.push({ id: grantId, seq: model.grants.length, remaining: call.amount, expiresAt: call.expiresAt });
      model.balance += call.amount;
      model.entries++;
      afterIncrease(model);
      result = { grantId, balance: model.balance };
      break;
    }
    case 'consume':
    case 'reserve': {
      if (call.amount > model.balance) return refused('insufficient_credits');
      if (!actual.ok) return acceptedByModel;
      const allocations = draw(model, call.amount);
      model.entries++;
      afterDecrease(model);
      if (call.kind === 'consume') {
        result = { entryId: actual.result.entryId, balance: model.balance };
      } else {
        const reservationId = actual.result.reservationId as string;
        model.reservations.push({ id: reservationId, amount: call.amount, allocations, status: 'held' });
        result = { reservationId, balance: model.balance };
      }
      break;
    }
    case 'settle':
    case 'release': {
      const reservation = model.reservations.find((r) => r.id === call.reservationId);
      if (!reservation) return refused('not_found');
      if (reservation.status !== 'held') return refused('conflict');
      const charged = call.kind === 'settle' ? call.actual : 0;
      if (charged > reservation.amount) return refused('conflict');
      const released = finish(model, reservation, charged, call.kind === 'settle' ? 'settled' : 'released');
      result = { reservationId: reservation.id, charged, released, balance: model.balance };
      break;
    }
  }
  model.done.set(call.key, { signature: signatureOf(call), result });
  return { ok: true, result };
}

/** The expiry job, as the model sees it: every grant past its expiry gives up what is left of it. */
function expireInModel(model: Model) {
  const now = Date.now();
  for (const grant of model.grants) {
    if (grant.expiresAt === null || grant.expiresAt > now || grant.remaining === 0) continue;
    model.balance -= grant.remaining;
    grant.remaining = 0;
    model.entries++;
    afterDecrease(model);
  }
}

/** The same call with other arguments. */
function varied(earlier: Call): Call {
  switch (earlier.kind) {
    case 'grant':
    case 'consume':
    case 'reserve':
      return { ...earlier, amount: earlier.amount + 1 };
    case 'settle':
      return { ...earlier, actual: earlier.actual + 1 };
    case 'release':
      return { ...earlier, reservationId: randomUUID() };
  }
}

// ---------------------------------------------------------------------------------------------
// One step.

interface Run {
  model: Model;
  history: Call[];
  keys: number;
  entriesSeen: Map<string, string>;
}

async function step(run: Run, op: Operation): Promise<void> {
  const { model } = run;
  const ws = model.workspaceId;
  const newKey = () => `op-${run.keys++}`;
  const pick = <T>(items: readonly T[], target: number): T | undefined => (items.length === 0 ? undefined : items[target % items.length]);

  let call: Call;
  switch (op.kind) {
    case 'grant':
      call = { kind: 'grant', key: newKey(), amount: op.amount, source: op.source, expiresAt: op.expiresInDays === null ? null : startOfRun + op.expiresInDays * day };
      break;
    case 'consume':
    case 'reserve':
      call = { kind: op.kind, key: newKey(), amount: op.amount };
      break;
    case 'settle':
    case 'release': {
      // Mostly a held reservation, sometimes any of the run's (settled or released ones are
      // refused), now and then one that does not exist.
      const held = model.reservations.filter((r) => r.status === 'held');
      const reservation = op.target % 7 === 6 ? undefined : op.target % 7 >= 4 || held.length === 0 ? pick(model.reservations, op.target) : pick(held, op.target);
      const reservationId = reservation?.id ?? randomUUID();
      if (op.kind === 'release') {
        call = { kind: 'release', key: newKey(), reservationId };
      } else {
        const amount = reservation?.amount ?? 5;
        const actual = { zero: 0, part: Math.floor((amount * op.part) / 100), all: amount, over: amount + 1 }[op.actual];
        call = { kind: 'settle', key: newKey(), reservationId, actual };
      }
      break;
    }
    case 'retry': {
      const earlier = pick(run.history, op.target);
      if (!earlier) return;
      if (op.how === 'same' || op.how === 'reordered') call = earlier;
      else if (op.how === 'other-kind') call = earlier.kind === 'consume' ? { kind: 'reserve', key: earlier.key, amount: earlier.amount } : { kind: 'consume', key: earlier.key, amount: 1 };
      else call = varied(earlier);
      break;
    }
    case 'invalid': {
      const key = newKey();
      const some = model.reservations[0]?.id ?? randomUUID();
      call = {
        'zero-consume': { kind: 'consume', key, amount: 0 },
        'negative-reserve': { kind: 'reserve', key, amount: -3 },
        'fractional-grant': { kind: 'grant', key, amount: 2.5, source: 'promotion', expiresAt: null },
        'past-grant': { kind: 'grant', key, amount: 5, source: 'plan', expiresAt: Date.now() - day },
        'negative-settle': { kind: 'settle', key, reservationId: some, actual: -1 },
        'empty-key': { kind: 'consume', key: '', amount: 1 },
        'long-key': { kind: 'grant', key: 'k'.repeat(201), amount: 1, source: 'purchase', expiresAt: null },
      }[op.variant] as Call;
      break;
    }
    case 'expire': {
      // Time passes until one of the grants that expire expires: every grant expiring by then
      // moves into the past by the same offset (their order kept), then the job runs.
      const pending = model.grants.filter((g) => g.expiresAt !== null && g.expiresAt > Date.now());
      const until = pick(pending, op.target);
      if (until?.expiresAt) {
        const cutoff = until.expiresAt;
        const shift = cutoff - Date.now() + 60_000;
        await test.db.system((tx) =>
          tx.execute(sql`update usage.credit_grants set expires_at = expires_at - ${shift} * interval '1 millisecond'
                         where workspace_id = ${ws} and expires_at <= ${new Date(cutoff)}`),
        );
        for (const grant of model.grants) if (grant.expiresAt !== null && grant.expiresAt <= cutoff) grant.expiresAt -= shift;
      }
      const expiring = model.grants.filter((g) => g.expiresAt !== null && g.expiresAt <= Date.now() && g.remaining > 0).length;
      const swept = await ledger.expireDue(failOnError);
      expect(swept, 'the expiry job took (at least) this workspace\'s expired grants').toBeGreaterThanOrEqual(expiring);
      expireInModel(model);
      return;
    }
    case 'timeout': {
      const reservation = pick(
        model.reservations.filter((r) => r.status === 'held'),
        op.target,
      );
      if (reservation) {
        await test.db.system((tx) => tx.execute(sql`update usage.credit_reservations set expires_at = now() - interval '1 minute' where id = ${reservation.id}`));
      }
      const swept = await ledger.releaseTimedOut(failOnError);
      expect(swept).toBe(reservation ? 1 : 0);
      if (reservation) finish(model, reservation, 0, 'released');
      return;
    }
  }

  const actual = await perform(ws, call, op.kind === 'retry' && op.how === 'reordered');
  const want = expected(model, call, actual);
  expect(actual, `${call.kind} ${JSON.stringify(call)}`).toEqual(want);
  if (op.kind !== 'retry') run.history.push(call);
}

// ---------------------------------------------------------------------------------------------
// The checks after every step.

interface EntryRow {
  id: string;
  type: string;
  amount: number;
  balance_after: number;
  grant_id: string | null;
  reservation_id: string | null;
  operation_key: string | null;
  description: string | null;
  created_at: string;
}

async function check(run: Run): Promise<void> {
  const { model } = run;
  const ws = model.workspaceId;

  const view = await ledger.balance(ws);
  expect(view.balance, 'balance').toBe(model.balance);
  expect(view.held, 'held').toBe(model.reservations.filter((r) => r.status === 'held').reduce((sum, r) => sum + r.amount, 0));
  expect(
    view.grants.map((g) => ({ id: g.id, remaining: g.remaining, expiresAt: g.expiresAt })),
    'the grants with credits left, in spending order',
  ).toEqual(
    model.grants
      .filter((g) => g.remaining > 0)
      .sort(spendOrder)
      .map((g) => ({ id: g.id, remaining: g.remaining, expiresAt: g.expiresAt === null ? null : new Date(g.expiresAt).toISOString() })),
  );

  const { tables, entries } = await test.db.system(async (tx) => {
    const [tables] = await queryRows<{ balance: number | null; ledger: number; remaining: number; low_events: number; doubled: number }>(
      tx,
      sql`select (select balance from usage.credit_balances where workspace_id = ${ws}) as balance,
                 (select coalesce(sum(amount), 0)::bigint from usage.credit_entries where workspace_id = ${ws}) as ledger,
                 (select coalesce(sum(remaining), 0)::bigint from usage.credit_grants where workspace_id = ${ws}) as remaining,
                 (select count(*)::int from platform.event_log where workspace_id = ${ws} and type = 'credits.low') as low_events,
                 (select count(*)::int from (select 1 from usage.credit_entries where workspace_id = ${ws} and operation_key is not null
                                             group by operation_key, type having count(*) > 1) as d) as doubled`,
    );
    const entries = await queryRows<EntryRow>(
      tx,
      sql`select id, type, amount, balance_after, grant_id, reservation_id, operation_key, description, created_at::text
          from usage.credit_entries where workspace_id = ${ws} order by id`,
    );
    return { tables, entries };
  });
  const balance = Number(tables?.balance ?? 0);
  expect(balance, 'the balance row').toBe(model.balance);
  expect(balance, 'balance ≥ 0').toBeGreaterThanOrEqual(0);
  expect(Number(tables?.ledger), 'balance = the sum of the ledger').toBe(balance);
  expect(Number(tables?.remaining), 'balance = the sum of the grants\' remaining').toBe(balance);
  expect(tables?.doubled, 'no key charged twice').toBe(0);
  expect(tables?.low_events, 'credits.low once per crossing').toBe(model.lowEvents);

  expect(entries.length, 'entries written').toBe(model.entries);
  let running = 0;
  for (const entry of entries) {
    running += Number(entry.amount);
    expect(Number(entry.balance_after), `balance_after of entry ${entry.id} (${entry.type})`).toBe(running);
  }
  const current = new Map(entries.map((entry) => [entry.id, JSON.stringify(entry)]));
  for (const [id, seen] of run.entriesSeen) expect(current.get(id), `entry ${id} unchanged`).toBe(seen);
  run.entriesSeen = current;
}

describe('the credit ledger against a model', () => {
  it('agrees with the model on every answer, refusal and balance, and keeps its invariants, whatever the sequence', { timeout: 120_000 }, async () => {
    const seed = process.env.ATELIER_PROPERTY_SEED;
    const replayPath = process.env.ATELIER_PROPERTY_PATH;
    await fc.assert(
      fc.asyncProperty(opening, fc.array(operation, { minLength: 1, maxLength: maxSteps - 1, size: 'max' }), async (first, rest) => {
        const operations = [first, ...rest];
        const run: Run = {
          model: { workspaceId: randomUUID(), balance: 0, grants: [], reservations: [], done: new Map(), lowAnnounced: false, lowEvents: 0, entries: 0 },
          history: [],
          keys: 0,
          entriesSeen: new Map(),
        };
        for (const op of operations) {
          await step(run, op);
          await check(run);
        }
      }),
      {
        numRuns: runs,
        ...(seed === undefined ? {} : { seed: Number(seed) }),
        ...(replayPath === undefined ? {} : { path: replayPath }),
      },
    );
  });
});
