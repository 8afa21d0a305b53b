import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgSchema, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const usageSchema = pgSchema('usage');

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const credits = (name: string) => bigint(name, { mode: 'number' });

/** The workspace's spendable credits: always the sum of its ledger, never below zero. */
export const creditBalances = usageSchema.table(
  'credit_balances',
  {
    workspaceId: uuid('workspace_id').primaryKey(),
    balance: credits('balance').notNull().default(0),
    /** Whether `credits.low` was announced since the balance last rose above the threshold. */
    lowAnnounced: boolean('low_announced').notNull().default(false),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [check('credit_balances_not_negative', sql`${table.balance} >= 0`)],
);

/** Where credits came from, and how much of each is left to spend (soonest-expiring first). */
export const creditGrants = usageSchema.table(
  'credit_grants',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull(),
    source: text('source', { enum: ['plan', 'purchase', 'promotion', 'adjustment'] }).notNull(),
    amount: credits('amount').notNull(),
    remaining: credits('remaining').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (table) => [
    index('credit_grants_spendable_idx').on(table.workspaceId, table.expiresAt),
    check('credit_grants_remaining_in_range', sql`${table.remaining} >= 0 and ${table.remaining} <= ${table.amount}`),
  ],
);

/** The append-only ledger: a signed amount per movement, and the balance after it. */
export const creditEntries = usageSchema.table(
  'credit_entries',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull(),
    type: text('type', { enum: ['grant', 'purchase', 'reserve', 'settle', 'release', 'expire', 'adjust', 'consume'] }).notNull(),
    amount: credits('amount').notNull(),
    balanceAfter: credits('balance_after').notNull(),
    grantId: uuid('grant_id'),
    reservationId: uuid('reservation_id'),
    operationKey: text('operation_key'),
    description: text('description'),
    createdAt: createdAt(),
  },
  (table) => [index('credit_entries_workspace_created_idx').on(table.workspaceId, table.createdAt)],
);

/** Credits set aside for long work, settled or released later; `held` until then. */
export const creditReservations = usageSchema.table(
  'credit_reservations',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull(),
    amount: credits('amount').notNull(),
    status: text('status', { enum: ['held', 'settled', 'released'] }).notNull().default('held'),
    charged: credits('charged'),
    /** Which grants the held credits came from, so a release gives them back where they were. */
    allocations: jsonb('allocations').$type<{ grantId: string; amount: number }[]>().notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('credit_reservations_held_idx').on(table.status, table.expiresAt)],
);

/**
 * Every grant and debit names a key, unique per workspace: a retry with the same arguments gets
 * the first answer (read back from the entries that carry the key), other arguments a 409.
 */
export const creditOperations = usageSchema.table(
  'credit_operations',
  {
    workspaceId: uuid('workspace_id').notNull(),
    key: text('key').notNull(),
    kind: text('kind').notNull(),
    argumentsHash: text('arguments_hash').notNull(),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.workspaceId, table.key] })],
);

/** Each workspace's plan and billing cycle; the allowance job grants on `next_allowance_at`. */
export const workspacePlans = usageSchema.table(
  'workspace_plans',
  {
    workspaceId: uuid('workspace_id').primaryKey(),
    plan: text('plan').notNull(),
    /** Whose verified email unlocks the first allowance (sign-ups cannot farm credits). */
    ownerId: uuid('owner_id').notNull(),
    /** Day of the month the cycle renews (1–28, so every month has it). */
    cycleDay: integer('cycle_day').notNull(),
    /** Null until the first allowance (granted once the owner's email is verified). */
    nextAllowanceAt: timestamp('next_allowance_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('workspace_plans_next_allowance_idx').on(table.nextAllowanceAt)],
);

/** Idempotent usage facts for history and charts (tokens, generations, storage, requests). */
export const usageRecords = usageSchema.table(
  'usage_records',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull(),
    meter: text('meter').notNull(),
    quantity: bigint('quantity', { mode: 'number' }).notNull(),
    dimensions: jsonb('dimensions').$type<Record<string, string>>().notNull().default({}),
    key: text('key').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('usage_records_key_idx').on(table.workspaceId, table.key),
    index('usage_records_meter_time_idx').on(table.workspaceId, table.meter, table.occurredAt),
  ],
);
