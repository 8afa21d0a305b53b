import { newId } from '../../platform/db/new-id.ts';
import type { Database } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { eventEnvelope } from '../../platform/events/append-event.ts';
import { creditsConsumed, creditsLow, creditsReserved } from './events.ts';
import { argumentsHash, assertKey, debitArguments, keyConflict } from './ledger-keys.ts';

export type DebitRequest = {
  amount: number;
  key: string;
  description?: string;
  /** Below this balance `credits.low` is announced (once per fall). */
  lowThreshold: number;
} & ({ kind: 'consume' } | { kind: 'reserve'; reservationExpiresAt: Date });

interface DebitRow {
  outcome: 'debited' | 'replayed' | 'conflict' | 'insufficient';
  entry_id: string | null;
  reservation_id: string | null;
  balance: number | string | null;
}

/**
 * Takes credits off a workspace, for consume and reserve: `usage.debit` (migration
 * 0010_usage_debit.sql) locks the balance row, checks the key, takes the credits, draws on the
 * grants soonest-expiring first, writes the entry (and the reservation) and appends the events.
 * It is one statement through tenantCall: with no transaction open, one autocommit round trip,
 * so the balance row is held only while the statement runs and commits, and the debits that
 * arrive while others run go together in one such statement (batched: usage.debit answers a
 * refusal with a row, and a retry of its key replays). Inside a caller's transaction it joins
 * that transaction. The ids and event envelopes are made here, where
 * appendEvent would make them.
 */
export async function debit(db: Database, workspaceId: string, request: DebitRequest): Promise<{ entryId: string; reservationId: string | null; balance: number }> {
  assertKey(request.key);
  const reserve = request.kind === 'reserve';
  const argument = {
    kind: request.kind,
    key: request.key,
    argumentsHash: argumentsHash(request.kind, debitArguments(request)),
    amount: request.amount,
    description: request.description ?? null,
    entryId: newId(),
    reservationId: reserve ? newId() : null,
    reservationExpiresAt: reserve ? request.reservationExpiresAt : null,
    lowThreshold: request.lowThreshold,
    event: eventEnvelope(reserve ? creditsReserved : creditsConsumed),
    lowEvent: eventEnvelope(creditsLow),
  };
  const [row] = await db.tenantCall<DebitRow>(workspaceId, 'usage.debit', argument, { batched: true });
  if (!row) throw new Error('usage.debit answered no row');
  const balance = Number(row.balance);
  switch (row.outcome) {
    case 'conflict':
      throw keyConflict(request.key);
    case 'insufficient':
      throw new AppError('insufficient_credits', `This needs ${request.amount} credits; the workspace has ${balance}`, { required: request.amount, balance });
    case 'debited':
    case 'replayed':
      return { entryId: row.entry_id as string, reservationId: row.reservation_id, balance };
  }
}
