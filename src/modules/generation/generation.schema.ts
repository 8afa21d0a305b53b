import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, jsonb, pgSchema, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { AttemptRecord, GenerationError, GenerationProgress, ModelDefinition } from './contract.ts';

export const generationSchema = pgSchema('generation');

const at = (name: string) => timestamp(name, { withTimezone: true });

/** One AI request of a workspace, from queued to its end: what was asked, what was tried, what it cost. */
export const generations = generationSchema.table(
  'generations',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull(),
    task: text('task').notNull(),
    status: text('status', { enum: ['queued', 'running', 'succeeded', 'failed', 'cancelled'] }).notNull(),
    requestedBy: uuid('requested_by'),
    /** The caller's key: the same key asks for the same generation once. */
    requestKey: text('request_key'),
    /** The models to try, in order, fixed when the generation was requested. */
    modelChain: jsonb('model_chain').$type<string[]>().notNull(),
    attempts: jsonb('attempts').$type<AttemptRecord[]>().notNull().default([]),
    input: jsonb('input').notNull(),
    output: jsonb('output'),
    error: jsonb('error').$type<GenerationError>(),
    progress: jsonb('progress').$type<GenerationProgress>(),
    tokensIn: integer('tokens_in').notNull().default(0),
    tokensOut: integer('tokens_out').notNull().default(0),
    creditsReserved: bigint('credits_reserved', { mode: 'number' }).notNull(),
    creditsCharged: bigint('credits_charged', { mode: 'number' }),
    /** What the provider charges us for every attempt, in millionths of a US dollar (margins). */
    costUsdMicros: bigint('cost_usd_micros', { mode: 'number' }).notNull().default(0),
    reservationId: uuid('reservation_id').notNull(),
    latencyMs: integer('latency_ms'),
    cancelRequestedAt: at('cancel_requested_at'),
    createdAt: at('created_at').notNull().defaultNow(),
    startedAt: at('started_at'),
    finishedAt: at('finished_at'),
  },
  (table) => [
    index('generations_workspace_created_idx').on(table.workspaceId, table.createdAt),
    uniqueIndex('generations_request_key_idx').on(table.workspaceId, table.requestKey),
    index('generations_unfinished_idx').on(table.status, table.createdAt).where(sql`status in ('queued', 'running')`),
    check('generations_charge_within_reservation', sql`${table.creditsCharged} is null or ${table.creditsCharged} <= ${table.creditsReserved}`),
  ],
);

/**
 * How many generations a workspace requested on each UTC day, counted as they are requested: the
 * plan's daily limit reads one row instead of counting the day's records, which grows with every
 * request (and the count stays the day's even when old records are deleted).
 */
export const dailyRequests = generationSchema.table(
  'daily_requests',
  {
    workspaceId: uuid('workspace_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    requested: integer('requested').notNull(),
  },
  (table) => [primaryKey({ columns: [table.workspaceId, table.day] })],
);

/**
 * The operators' edits to the model registry: a row replaces the built-in model of the same id,
 * or adds one. Deleting the row returns to the built-in definition.
 */
export const modelOverrides = generationSchema.table('model_overrides', {
  id: text('id').primaryKey(),
  definition: jsonb('definition').$type<ModelDefinition>().notNull(),
  updatedBy: uuid('updated_by'),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

/** A workspace's choices: the model it prefers for each task. */
export const taskDefaults = generationSchema.table(
  'task_defaults',
  {
    workspaceId: uuid('workspace_id').notNull(),
    task: text('task').notNull(),
    model: text('model').notNull(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.workspaceId, table.task] })],
);

/** A workspace's own key for a provider, sealed with the deployment's secret box; never returned. */
export const providerKeys = generationSchema.table(
  'provider_keys',
  {
    workspaceId: uuid('workspace_id').notNull(),
    provider: text('provider', { enum: ['openai', 'anthropic', 'compatible'] }).notNull(),
    sealedKey: text('sealed_key').notNull(),
    updatedBy: uuid('updated_by'),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.workspaceId, table.provider] })],
);
