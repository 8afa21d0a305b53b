import { and, eq, sql } from 'drizzle-orm';
import { newId } from '../../platform/db/new-id.ts';
import type { Database } from '../../platform/db/database.ts';
import { queryRows, type Tx } from '../../platform/db/tenancy.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { appendEvent, eventEnvelope } from '../../platform/events/append-event.ts';
import { creditsExpired, creditsGranted, creditsLow, creditsReleased, creditsSettled } from './events.ts';
import { debit } from './ledger-debit.ts';
import { argumentsHash, assertKey, keyConflict } from './ledger-keys.ts';
import { creditBalances, creditEntries, creditGrants, creditOperations, creditReservations } from './usage.schema.ts';

export type GrantSource = 'plan' | 'purchase' | 'promotion' | 'adjustment';
type EntryType = (typeof creditEntries.$inferInsert)['type'];

interface FinishRow {
  outcome: 'finished' | 'replayed' | 'key_conflict' | 'not_found' | 'not_held' | 'over_reserved';
  charged: number | string | null;
  released: number | string | null;
  balance: number | string | null;
  status: string | null;
  reserved: number | string | null;
}

/** How long a reservation may stay held before the sweeper gives it back (above a job's 15 min × retries). */
export const reservationTimeoutSeconds = 2 * 3600;

export interface LedgerOptions {
  /** The threshold below which `credits.low` is announced, per workspace (its plan decides). */
  lowThreshold?: (workspaceId: string) => number | Promise<number>;
}

const positive = (value: number, field: string) => {
  if (!Number.isSafeInteger(value) || value <= 0) throw new AppError('invalid_input', `${field} must be a positive whole number of credits`, { field });
};

/**
 * The credit ledger. Every movement locks the workspace's balance row first (one writer per
 * workspace at a time), then claims its key, changes the grants it draws on, writes one
 * append-only entry with the balance after it and appends its event, in one transaction. Every
 * call names a key, unique per workspace: the same key with the same arguments answers as the
 * first call did. Debits (consume, reserve) are one database function each call (ledger-debit.ts).
 */
export function createLedger(db: Database, options: LedgerOptions = {}) {
  /**
   * Locks the workspace's balance row (making it on a first grant) and returns the balance. Every
   * movement takes this lock before its key, so two movements in one transaction never wait on a
   * key that waits on their balance row.
   */
  async function lockBalance(tx: Tx, workspaceId: string): Promise<number> {
    const [row] = await queryRows<{ balance: number }>(
      tx,
      sql`insert into usage.credit_balances as b (workspace_id) values (${workspaceId})
          on conflict (workspace_id) do update set balance = b.balance
          returning balance`,
    );
    return Number(row?.balance);
  }

  /**
   * Claims the operation's key, under the balance row's lock. Returns 'new', or 'replay' when this
   * key already did exactly this; another use of the key is a 409.
   */
  async function claim(tx: Tx, workspaceId: string, key: string, kind: string, args: unknown): Promise<'new' | 'replay'> {
    assertKey(key);
    const hash = argumentsHash(kind, args);
    const [inserted] = await tx.insert(creditOperations).values({ workspaceId, key, kind, argumentsHash: hash }).onConflictDoNothing().returning({ key: creditOperations.key });
    if (inserted) return 'new';
    const [existing] = await tx.select().from(creditOperations).where(and(eq(creditOperations.workspaceId, workspaceId), eq(creditOperations.key, key)));
    if (existing?.argumentsHash !== hash) throw keyConflict(key);
    return 'replay';
  }

  async function entryOf(tx: Tx, workspaceId: string, key: string, type: EntryType) {
    const [entry] = await tx
      .select()
      .from(creditEntries)
      .where(and(eq(creditEntries.workspaceId, workspaceId), eq(creditEntries.operationKey, key), eq(creditEntries.type, type)));
    if (!entry) throw new Error(`operation ${key} has no ${type} entry`);
    return entry;
  }

  /** Adds credits to the locked balance row; a balance back at the threshold re-arms `credits.low`. */
  async function creditBalance(tx: Tx, workspaceId: string, amount: number): Promise<number> {
    const threshold = await lowThreshold(workspaceId);
    const [row] = await queryRows<{ balance: number }>(
      tx,
      sql`update usage.credit_balances
          set balance = balance + ${amount}, updated_at = now(), low_announced = low_announced and balance + ${amount} < ${threshold}
          where workspace_id = ${workspaceId}
          returning balance`,
    );
    return Number(row?.balance);
  }

  type NewEntry = Omit<typeof creditEntries.$inferInsert, 'id'>;

  /** Entries of one movement in one insert, in the order given (their ids are time-ordered). */
  async function writeEntries(tx: Tx, entries: readonly NewEntry[]) {
    if (entries.length === 0) return [];
    const rows = await tx
      .insert(creditEntries)
      .values(entries.map((entry) => ({ id: newId(), ...entry })))
      .returning();
    if (rows.length !== entries.length) throw new Error('the ledger entries were not written');
    return rows;
  }

  async function writeEntry(tx: Tx, entry: NewEntry) {
    const [row] = await writeEntries(tx, [entry]);
    if (!row) throw new Error('the ledger entry was not written');
    return row;
  }

  async function lowThreshold(workspaceId: string): Promise<number> {
    return (await options.lowThreshold?.(workspaceId)) ?? 0;
  }

  /** Announces `credits.low` once per crossing, when an expiry takes the balance below the threshold (usage.debit does it for debits). */
  async function announceIfLow(tx: Tx, workspaceId: string, after: { balance: number; lowAnnounced: boolean }): Promise<void> {
    if (after.lowAnnounced) return;
    const threshold = await lowThreshold(workspaceId);
    if (after.balance >= threshold) return;
    await tx.update(creditBalances).set({ lowAnnounced: true }).where(eq(creditBalances.workspaceId, workspaceId));
    await appendEvent(tx, creditsLow, { workspaceId, payload: { balance: after.balance, threshold } });
  }

  const ledger = {
    /** Adds credits from a source, optionally expiring. */
    grant(workspaceId: string, input: { amount: number; source: GrantSource; expiresAt?: Date | null; key: string; description?: string }) {
      positive(input.amount, 'amount');
      return db.tenant(workspaceId, (tx) => ledger.grantIn(tx, workspaceId, input));
    },

    async grantIn(tx: Tx, workspaceId: string, input: { amount: number; source: GrantSource; expiresAt?: Date | null; key: string; description?: string }) {
      positive(input.amount, 'amount');
      const expiresAt = input.expiresAt ?? null;
      const type: EntryType = input.source === 'purchase' ? 'purchase' : input.source === 'adjustment' ? 'adjust' : 'grant';
      const args = { amount: input.amount, source: input.source, expiresAt: expiresAt?.toISOString() ?? null, description: input.description ?? null };
      await lockBalance(tx, workspaceId);
      if ((await claim(tx, workspaceId, input.key, 'grant', args)) === 'replay') {
        const entry = await entryOf(tx, workspaceId, input.key, type);
        return { grantId: entry.grantId as string, balance: entry.balanceAfter };
      }
      if (expiresAt && expiresAt.getTime() <= Date.now()) throw new AppError('invalid_input', 'A grant cannot expire in the past', { field: 'expiresAt' });
      const grantId = newId();
      await tx.insert(creditGrants).values({ id: grantId, workspaceId, source: input.source, amount: input.amount, remaining: input.amount, expiresAt });
      const balance = await creditBalance(tx, workspaceId, input.amount);
      await writeEntry(tx, { workspaceId, type, amount: input.amount, balanceAfter: balance, grantId, operationKey: input.key, description: input.description ?? null });
      await appendEvent(tx, creditsGranted, {
        workspaceId,
        payload: { grantId, source: input.source, amount: input.amount, expiresAt: expiresAt?.toISOString() ?? null, balance },
      });
      return { grantId, balance };
    },

    /** An instant charge. */
    async consume(workspaceId: string, input: { amount: number; key: string; description?: string }) {
      positive(input.amount, 'amount');
      const { entryId, balance } = await debit(db, workspaceId, { ...input, kind: 'consume', lowThreshold: await lowThreshold(workspaceId) });
      return { entryId, balance };
    },

    /** Sets credits aside for long work; settle or release it later (the sweeper releases it after the timeout). */
    async reserve(workspaceId: string, input: { amount: number; key: string; description?: string }) {
      positive(input.amount, 'amount');
      const { reservationId, balance } = await debit(db, workspaceId, {
        ...input,
        kind: 'reserve',
        lowThreshold: await lowThreshold(workspaceId),
        reservationExpiresAt: new Date(Date.now() + reservationTimeoutSeconds * 1000),
      });
      return { reservationId: reservationId as string, balance };
    },

    /** Charges the actual cost (0 ≤ actual ≤ reserved) and gives the rest back. */
    settle(workspaceId: string, reservationId: string, input: { actual: number; key: string }) {
      assertActual(input.actual);
      return db.tenant(workspaceId, (tx) => ledger.settleIn(tx, workspaceId, reservationId, input));
    },

    /** `settle` in the caller's open transaction of `workspaceId`: it happens only if that transaction commits. */
    settleIn(tx: Tx, workspaceId: string, reservationId: string, input: { actual: number; key: string }) {
      assertActual(input.actual);
      return finish(tx, workspaceId, reservationId, input.actual, input.key, 'settle');
    },

    /**
     * Keeps a held reservation from the sweeper for another full timeout, from now: for work that
     * starts long after it reserved (a generation that waited in a queue). False when it is no
     * longer held (the sweeper gave it back, or it ended).
     */
    async holdIn(tx: Tx, reservationId: string): Promise<boolean> {
      const held = await tx
        .update(creditReservations)
        .set({ expiresAt: new Date(Date.now() + reservationTimeoutSeconds * 1000) })
        .where(and(eq(creditReservations.id, reservationId), eq(creditReservations.status, 'held')))
        .returning({ id: creditReservations.id });
      return held.length > 0;
    },

    /** Whether a reservation is still held: not settled, released, or given back by the sweeper. */
    async isHeldIn(tx: Tx, reservationId: string): Promise<boolean> {
      const [row] = await tx.select({ status: creditReservations.status }).from(creditReservations).where(eq(creditReservations.id, reservationId));
      return row?.status === 'held';
    },

    /** Gives a whole reservation back. */
    release(workspaceId: string, reservationId: string, input: { key: string }) {
      return db.tenant(workspaceId, (tx) => ledger.releaseIn(tx, workspaceId, reservationId, input));
    },

    /** `release` in the caller's open transaction of `workspaceId`: it happens only if that transaction commits. */
    releaseIn(tx: Tx, workspaceId: string, reservationId: string, input: { key: string }) {
      return finish(tx, workspaceId, reservationId, 0, input.key, 'release');
    },

    /** The balance, and what it is made of: each grant's remainder and expiry, and what is held. */
    async balance(workspaceId: string) {
      return db.tenant(workspaceId, async (tx) => {
        const [row] = await tx.select().from(creditBalances).where(eq(creditBalances.workspaceId, workspaceId));
        const grants = await queryRows<{ id: string; source: GrantSource; amount: number; remaining: number; expires_at: Date | string | null; created_at: Date | string }>(
          tx,
          sql`select id, source, amount, remaining, expires_at, created_at from usage.credit_grants
              where workspace_id = ${workspaceId} and remaining > 0 order by expires_at asc nulls last, created_at`,
        );
        const [held] = await queryRows<{ held: number }>(
          tx,
          sql`select coalesce(sum(amount), 0)::bigint as held from usage.credit_reservations where workspace_id = ${workspaceId} and status = 'held'`,
        );
        return {
          balance: row?.balance ?? 0,
          held: Number(held?.held ?? 0),
          grants: grants.map((grant) => ({
            id: grant.id,
            source: grant.source,
            amount: Number(grant.amount),
            remaining: Number(grant.remaining),
            expiresAt: grant.expires_at ? new Date(grant.expires_at).toISOString() : null,
            createdAt: new Date(grant.created_at).toISOString(),
          })),
        };
      });
    },

    /** Writes `expire` entries for grants past their expiry (the scheduled job); returns how many grants. */
    async expireDue(onError: (grantId: string, error: unknown) => void): Promise<number> {
      const due = await db.system((tx) =>
        queryRows<{ id: string; workspace_id: string }>(tx, sql`select id, workspace_id from usage.credit_grants where remaining > 0 and expires_at <= now() limit 1000`),
      );
      let expired = 0;
      for (const grant of due) {
        const expiry = db.tenant(grant.workspace_id, async (tx) => {
          await tx.execute(sql`select 1 from usage.credit_balances where workspace_id = ${grant.workspace_id} for update`);
          const [expired] = await queryRows<{ remaining: number }>(tx, sql`select remaining from usage.credit_grants where id = ${grant.id}`);
          const amount = Number(expired?.remaining ?? 0);
          if (amount === 0) return;
          await tx.execute(sql`update usage.credit_grants set remaining = 0 where id = ${grant.id}`);
          const [row] = await queryRows<{ balance: number; low_announced: boolean }>(
            tx,
            sql`update usage.credit_balances set balance = balance - ${amount}, updated_at = now() where workspace_id = ${grant.workspace_id} returning balance, low_announced`,
          );
          const balance = Number(row?.balance);
          await writeEntry(tx, { workspaceId: grant.workspace_id, type: 'expire', amount: -amount, balanceAfter: balance, grantId: grant.id });
          await appendEvent(tx, creditsExpired, { workspaceId: grant.workspace_id, payload: { grantId: grant.id, amount, balance } });
          // Expiry is a fall like a debit: a workspace whose allowance lapsed hears that it is low.
          await announceIfLow(tx, grant.workspace_id, { balance, lowAnnounced: row?.low_announced ?? false });
        });
        // One grant's failure must not hold back the rest of the sweep.
        await expiry.then(
          () => expired++,
          (error: unknown) => onError(grant.id, error),
        );
      }
      return expired;
    },

    /** Releases reservations held past their timeout: a worker that crashed never strands credits. */
    async releaseTimedOut(onError: (reservationId: string, error: unknown) => void): Promise<number> {
      const stale = await db.system((tx) =>
        queryRows<{ id: string; workspace_id: string }>(tx, sql`select id, workspace_id from usage.credit_reservations where status = 'held' and expires_at <= now() limit 1000`),
      );
      let released = 0;
      for (const reservation of stale) {
        await db
          .tenant(reservation.workspace_id, (tx) => finish(tx, reservation.workspace_id, reservation.id, 0, `timeout:${reservation.id}`, 'timeout'))
          .then(
            () => released++,
            (error: unknown) => onError(reservation.id, error),
          );
      }
      return released;
    },
  };

  function assertActual(actual: number): void {
    if (!Number.isSafeInteger(actual) || actual < 0) throw new AppError('invalid_input', 'actual must be a whole number of credits, 0 or more', { field: 'actual' });
  }

  /**
   * Ends a reservation: `usage.finish_reservation` (migration 0016) locks the balance row, checks
   * the key, gives the unspent part back to the grants drawn last, writes the entries and the
   * event, in the caller's transaction and in one statement. The ids and the event envelope are
   * made here, where appendEvent would make them.
   */
  async function finish(tx: Tx, workspaceId: string, reservationId: string, actual: number, key: string, how: 'settle' | 'release' | 'timeout') {
    assertKey(key);
    const request = {
      how,
      key,
      argumentsHash: argumentsHash(how === 'timeout' ? 'release' : how, { reservationId, actual }),
      reservationId,
      actual,
      lowThreshold: await lowThreshold(workspaceId),
      settleEntryId: newId(),
      releaseEntryId: newId(),
      event: eventEnvelope(how === 'settle' ? creditsSettled : creditsReleased),
    };
    const [row] = await queryRows<FinishRow>(tx, sql`select * from usage.finish_reservation(${workspaceId}::uuid, ${JSON.stringify(request)}::jsonb)`);
    if (!row) throw new Error('usage.finish_reservation answered no row');
    const answer = { reservationId, charged: Number(row.charged), released: Number(row.released), balance: Number(row.balance) };
    switch (row.outcome) {
      case 'finished':
      case 'replayed':
        return answer;
      case 'key_conflict':
        throw keyConflict(key);
      case 'not_found':
        throw new AppError('not_found', 'No such reservation');
      case 'not_held':
        if (how === 'timeout') return answer;
        throw new AppError('conflict', `This reservation was already ${row.status}`, { status: row.status });
      case 'over_reserved':
        throw new AppError('conflict', `The actual cost (${actual}) is more than was reserved (${row.reserved}); reserve more first`, { reserved: Number(row.reserved), actual });
    }
  }

  return ledger;
}

export type Ledger = ReturnType<typeof createLedger>;
