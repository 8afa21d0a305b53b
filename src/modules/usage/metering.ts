import { and, eq, sql } from 'drizzle-orm';
import { newId } from '../../platform/db/new-id.ts';
import type { Database } from '../../platform/db/database.ts';
import { queryRows, type Tx } from '../../platform/db/tenancy.ts';
import { insertRows } from '../../platform/db/insert-rows.ts';
import { sendStatement } from '../../platform/db/send-sql.ts';
import { unanswered } from '../../platform/db/unanswered.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { usageRecords } from './usage.schema.ts';

/** One fact of usage: `quantity` of `meter` (tokens, generations, bytes, requests), with dimensions to split it by. */
export interface UsageInput {
  /** `ai.tokens`, `generation.count`, `storage.bytes`, `api.requests`: dotted lower-case words. */
  meter: string;
  /** A non-negative integer. */
  quantity: number;
  /** Up to 8 names (`model`, `module`, `user`) with string values. */
  dimensions?: Record<string, string>;
  /** Unique per workspace: a retry with the same key records nothing and answers the first record. */
  key: string;
  /** When it happened; defaults to the database's now(). */
  occurredAt?: Date;
}

export type UsageRecord = typeof usageRecords.$inferSelect;

export interface UsageHistoryQuery {
  meter: string;
  /** First and last day, `YYYY-MM-DD`, UTC, inclusive; at most 366 days. */
  from: string;
  to: string;
  /** A dimension name: one series per value of it (records without it form the `null` series). */
  groupBy?: string | undefined;
}

export interface UsageSeries {
  key: string | null;
  points: { day: string; quantity: number }[];
}

export interface UsageHistory {
  meter: string;
  from: string;
  to: string;
  groupBy: string | null;
  /** Largest total first; every day of the range in each, zero-filled. Without groupBy, one series. */
  series: UsageSeries[];
  /** Series beyond `maxSeries`, left out (smallest totals). */
  omittedSeries: number;
}

export const meterPattern = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
export const dimensionNamePattern = /^[a-zA-Z][a-zA-Z0-9_]{0,39}$/;
const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;
export const maxDimensions = 8;
export const maxDimensionValueLength = 200;
export const maxKeyLength = 200;
export const maxRangeDays = 366;
export const maxSeries = 100;
const dayMs = 86_400_000;

const invalid = (field: string, message: string) => new AppError('invalid_input', message, { field });

function assertMeter(meter: unknown): asserts meter is string {
  if (typeof meter !== 'string' || meter.length > 100 || !meterPattern.test(meter)) {
    throw invalid('meter', 'The meter must be dotted lower-case words (letters, digits, underscores), like ai.tokens, at most 100 characters');
  }
}

function validate(input: UsageInput): { meter: string; quantity: number; dimensions: Record<string, string>; key: string; occurredAt: Date | undefined } {
  assertMeter(input.meter);
  if (typeof input.quantity !== 'number' || !Number.isSafeInteger(input.quantity) || input.quantity < 0) {
    throw invalid('quantity', 'The quantity must be a non-negative whole number');
  }
  if (typeof input.key !== 'string' || input.key.length === 0 || input.key.length > maxKeyLength) {
    throw invalid('key', `The idempotency key must be 1 to ${maxKeyLength} characters`);
  }
  const dimensions = input.dimensions ?? {};
  if (typeof dimensions !== 'object' || dimensions === null || Array.isArray(dimensions)) throw invalid('dimensions', 'The dimensions must be an object of names to strings');
  const entries = Object.entries(dimensions);
  if (entries.length > maxDimensions) throw invalid('dimensions', `At most ${maxDimensions} dimensions per record`);
  for (const [name, value] of entries) {
    if (!dimensionNamePattern.test(name)) throw invalid('dimensions', `The dimension name "${name.slice(0, 50)}" must be a letter, then up to 39 letters, digits or underscores`);
    if (typeof value !== 'string' || value.length === 0 || value.length > maxDimensionValueLength) {
      throw invalid('dimensions', `The dimension ${name} must be a string of 1 to ${maxDimensionValueLength} characters`);
    }
  }
  if (input.occurredAt !== undefined && (!(input.occurredAt instanceof Date) || Number.isNaN(input.occurredAt.getTime()))) {
    throw invalid('occurredAt', 'occurredAt must be a valid date');
  }
  return { meter: input.meter, quantity: input.quantity, dimensions: Object.fromEntries(entries), key: input.key, occurredAt: input.occurredAt };
}

function sameDimensions(a: Record<string, string>, b: Record<string, string>): boolean {
  const aKeys = Object.keys(a);
  return aKeys.length === Object.keys(b).length && aKeys.every((name) => Object.hasOwn(b, name) && a[name] === b[name]);
}

/** Milliseconds since the epoch of a `YYYY-MM-DD` UTC day, or an error naming the field. */
export function parseDay(day: string, field: string): number {
  const match = dayPattern.exec(day);
  const time = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== day) throw invalid(field, `${field} must be a date, YYYY-MM-DD`);
  return time;
}

export const formatDay = (time: number): string => new Date(time).toISOString().slice(0, 10);

/** The default range of the usage API: the last 30 UTC days, today included (or the 30 days ending on `to`). */
export function defaultRange(query: { from?: string | undefined; to?: string | undefined }, now = new Date()): { from: string; to: string } {
  const to = query.to ?? formatDay(now.getTime());
  const from = query.from ?? formatDay(parseDay(to, 'to') - 29 * dayMs);
  return { from, to };
}

const recordValues = (workspaceId: string, fact: ReturnType<typeof validate>) => ({
  id: newId(),
  workspaceId,
  meter: fact.meter,
  quantity: fact.quantity,
  dimensions: fact.dimensions,
  key: fact.key,
  ...(fact.occurredAt ? { occurredAt: fact.occurredAt } : {}),
});

/**
 * Usage metering: idempotent usage facts (tokens, generations, bytes, requests) with dimensions,
 * and their history summed per UTC day for charts. Records live in `usage.usage_records`, a
 * tenant table: every read and write runs inside the workspace's `tenant()` transaction.
 */
export function createMetering(db: Database) {
  /**
   * Records `inputs` in the caller's open transaction of `workspaceId`, in one insert: they count
   * only if that transaction commits. Answers the records in the order of `inputs`.
   */
  async function recordAllIn(tx: Tx, workspaceId: string, inputs: readonly UsageInput[]): Promise<UsageRecord[]> {
    const facts = inputs.map(validate);
    if (facts.length === 0) return [];
    const inserted = await tx
      .insert(usageRecords)
      .values(facts.map((fact) => recordValues(workspaceId, fact)))
      .onConflictDoNothing({ target: [usageRecords.workspaceId, usageRecords.key] })
      .returning();
    const byKey = new Map(inserted.map((row) => [row.key, row]));
    const records: UsageRecord[] = [];
    for (const fact of facts) records.push(byKey.get(fact.key) ?? (await recordedBefore(tx, workspaceId, fact)));
    return records;
  }

  /**
   * Records `inputs` in the caller's open transaction of `workspaceId`, for a caller that is the
   * first to use their keys (keys made from a record that the same transaction has just claimed,
   * such as a generation's end): one insert whose answer nobody waits for (unanswered.ts), so on
   * PGlite it goes in with the transaction's next statement. A key used before is no replay here
   * but a bug: the transaction fails on it, with nothing recorded. A fact without its time
   * happened now by this process's clock, which also dates its id.
   */
  async function recordNewIn(tx: Tx, workspaceId: string, inputs: readonly UsageInput[]): Promise<void> {
    const facts = inputs.map(validate);
    if (facts.length === 0) return;
    const now = new Date();
    await sendStatement(tx, unanswered(insertRows(usageRecords, facts.map((fact) => ({ ...recordValues(workspaceId, fact), occurredAt: fact.occurredAt ?? now })))));
  }

  /** The key was used before (or by a concurrent transaction that has now committed): same fact, same answer. */
  async function recordedBefore(tx: Tx, workspaceId: string, fact: ReturnType<typeof validate>): Promise<UsageRecord> {
    const [existing] = await tx
      .select()
      .from(usageRecords)
      .where(and(eq(usageRecords.workspaceId, workspaceId), eq(usageRecords.key, fact.key)));
    if (!existing) throw new Error(`usage record with key ${fact.key} conflicted but cannot be read back`);
    const differs = [
      ...(existing.meter === fact.meter ? [] : ['meter']),
      ...(existing.quantity === fact.quantity ? [] : ['quantity']),
      ...(sameDimensions(existing.dimensions, fact.dimensions) ? [] : ['dimensions']),
    ];
    if (differs.length > 0) {
      throw new AppError('conflict', `The usage key "${fact.key}" was already used for a different record (${differs.join(', ')} differ)`, { key: fact.key, differs });
    }
    return existing;
  }

  /** Records `input` in the caller's open transaction of `workspaceId`: it counts only if that transaction commits. */
  async function recordIn(tx: Tx, workspaceId: string, input: UsageInput): Promise<UsageRecord> {
    const [record] = await recordAllIn(tx, workspaceId, [input]);
    return record as UsageRecord;
  }

  return {
    recordIn,
    recordAllIn,
    recordNewIn,

    /** Records one usage fact in its own transaction (or joins an open one of the same workspace). */
    record(workspaceId: string, input: UsageInput): Promise<UsageRecord> {
      return db.tenant(workspaceId, (tx) => recordIn(tx, workspaceId, input));
    },

    /**
     * `meter`'s quantities summed per UTC day from `from` to `to` (inclusive, at most 366 days),
     * one series per value of `groupBy` (largest total first, at most 100), each with every day
     * of the range (0 where nothing was recorded), so a chart has no gaps.
     */
    async usageByDay(workspaceId: string, query: UsageHistoryQuery): Promise<UsageHistory> {
      assertMeter(query.meter);
      const from = parseDay(query.from, 'from');
      const to = parseDay(query.to, 'to');
      if (from > to) throw invalid('from', `from (${query.from}) is after to (${query.to})`);
      const days = (to - from) / dayMs + 1;
      if (days > maxRangeDays) throw invalid('to', `The range is ${days} days; at most ${maxRangeDays}`);
      const groupBy = query.groupBy ?? null;
      if (groupBy !== null && !dimensionNamePattern.test(groupBy)) throw invalid('groupBy', 'groupBy must be a dimension name');

      const key = groupBy === null ? sql`null::text` : sql`dimensions ->> ${groupBy}`;
      // Without groupBy there is always the one series, zero-filled even when nothing was recorded.
      const series =
        groupBy === null
          ? sql`select null::text as key, 0::numeric as total, 1::bigint as series_count`
          : sql`select key, sum(quantity) as total, count(*) over () as series_count
                from totals group by key
                order by total desc, key asc nulls last
                limit ${maxSeries}`;
      const rows = await db.tenant(workspaceId, (tx) =>
        queryRows<{ day: string; key: string | null; quantity: string; series_count: string | number }>(
          tx,
          sql`with totals as (
                select date_trunc('day', occurred_at at time zone 'UTC')::date as day, ${key} as key, sum(quantity) as quantity
                from usage.usage_records
                where workspace_id = ${workspaceId} and meter = ${query.meter}
                  and occurred_at >= (${query.from}::date)::timestamp at time zone 'UTC'
                  and occurred_at < (${query.to}::date + 1)::timestamp at time zone 'UTC'
                group by 1, 2
              ),
              series as (${series}),
              days as (select generated::date as day from generate_series(${query.from}::date, ${query.to}::date, interval '1 day') as generated)
              select to_char(days.day, 'YYYY-MM-DD') as day, series.key, coalesce(totals.quantity, 0)::text as quantity, series.series_count
              from series cross join days
              left join totals on totals.day = days.day and totals.key is not distinct from series.key
              order by series.total desc, series.key asc nulls last, days.day`,
        ),
      );

      const byKey = new Map<string | null, UsageSeries>();
      for (const row of rows) {
        let entry = byKey.get(row.key);
        if (!entry) byKey.set(row.key, (entry = { key: row.key, points: [] }));
        entry.points.push({ day: row.day, quantity: Number(row.quantity) });
      }
      const seriesCount = rows.length > 0 ? Number(rows[0]?.series_count) : 0;
      return { meter: query.meter, from: query.from, to: query.to, groupBy, series: [...byKey.values()], omittedSeries: Math.max(0, seriesCount - byKey.size) };
    },

    /** The meters this workspace has records of, by name, with when each was last recorded. */
    async meters(workspaceId: string): Promise<{ meter: string; lastOccurredAt: Date }[]> {
      const rows = await db.tenant(workspaceId, (tx) =>
        queryRows<{ meter: string; last_occurred_at: Date | string }>(
          tx,
          sql`select meter, max(occurred_at) as last_occurred_at from usage.usage_records
              where workspace_id = ${workspaceId}
              group by meter order by meter`,
        ),
      );
      return rows.map((row) => ({ meter: row.meter, lastOccurredAt: new Date(row.last_occurred_at) }));
    },
  };
}

export type Metering = ReturnType<typeof createMetering>;
