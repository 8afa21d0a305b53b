import { z } from 'zod';
import { and, desc, eq, getTableColumns, lt, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import { insertRows, withDefaults } from '../../platform/db/insert-rows.ts';
import { rowOf } from '../../platform/db/row-of.ts';
import { sendSql, sendStatement } from '../../platform/db/send-sql.ts';
import { unanswered } from '../../platform/db/unanswered.ts';
import { queryRows, type Tx } from '../../platform/db/tenancy.ts';
import { generatedImageSchema, imagesOutputSchema, type AttemptRecord, type GenerationError, type GenerationProgress, type GenerationView } from './contract.ts';
import { generations } from './generation.schema.ts';
import { pageOf } from '../../platform/db/page.ts';

export type GenerationRow = typeof generations.$inferSelect;

/** A record as its end answers it: everything but what was asked and what came back. */
export type EndedGeneration = Omit<GenerationRow, 'input' | 'output'>;

const { input: _input, output: _output, ...endedColumns } = getTableColumns(generations);

const countRequestText = `insert into generation.daily_requests as counted (workspace_id, day, requested) values ($1, (now() at time zone 'utc')::date, 1)
  on conflict (workspace_id, day) do update set requested = counted.requested + 1
  returning counted.requested - 1 as before, (select d.model from generation.task_defaults d where d.task = $2) as task_default`;

/**
 * The record's end, as fixed text rather than drizzle's update builder, which made a generation
 * 5% slower (decision 0018). Only a success writes an output, and it ends the record, so a
 * failure's NULL output is the one the record already had.
 */
const finishText = `update generation.generations g
  set attempts = g.attempts || $2::jsonb, tokens_in = g.tokens_in + $3::int, tokens_out = g.tokens_out + $4::int,
    cost_usd_micros = g.cost_usd_micros + $5::bigint, status = $6, finished_at = now(),
    latency_ms = (extract(epoch from now() - coalesce(g.started_at, g.created_at)) * 1000)::int,
    output = $7::jsonb, credits_charged = $8::bigint, error = $9::jsonb
  where g.id = $1 and g.status in ('queued', 'running')
  returning ${Object.values(endedColumns).map((column) => `g."${column.name}"`).join(', ')}`;

/** A call attempt as the record keeps it, with what the provider charges for it (millionths of a dollar). */
export interface LoggedAttempt {
  attempt: AttemptRecord;
  costUsdMicros: number;
}

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** An image task's output as the views read it: with its images' bytes, or without (viewColumns). */
const listedImagesSchema = z.object({ images: z.array(generatedImageSchema.partial({ base64: true })).min(1) });

/**
 * A record's columns for the API's views: the output without its images' bytes, which no view
 * shows, so a page of image generations reads kilobytes, not megabytes, from the database.
 */
const viewColumns = {
  ...getTableColumns(generations),
  output: sql<unknown>`case when jsonb_typeof(${generations.output}->'images') = 'array'
    then jsonb_set(${generations.output}, '{images}', (select coalesce(jsonb_agg(image - 'base64' order by n), '[]'::jsonb) from jsonb_array_elements(${generations.output}->'images') with ordinality as listed(image, n)))
    else ${generations.output} end`,
};

/**
 * The output as the API shows it: an image's bytes stay in the record, and the view says where
 * to fetch them (the images route), so a list of image generations stays a few kilobytes.
 */
function outputView(row: GenerationRow): unknown {
  const withImages = listedImagesSchema.safeParse(row.output);
  if (!withImages.success) return row.output ?? null;
  return {
    ...(row.output as Record<string, unknown>),
    images: withImages.data.images.map(({ base64: _bytes, ...image }, index) => ({ ...image, url: `/api/workspaces/${row.workspaceId}/generations/${row.id}/images/${index}` })),
  };
}

/** The API's view of a record: everything but the input, the image bytes and the reservation's internals. */
export function viewOf(row: GenerationRow): GenerationView {
  return {
    id: row.id,
    task: row.task,
    status: row.status,
    modelChain: row.modelChain,
    attempts: row.attempts,
    progress: row.progress ?? null,
    output: outputView(row),
    error: row.error ?? null,
    tokensIn: row.tokensIn,
    tokensOut: row.tokensOut,
    creditsReserved: row.creditsReserved,
    creditsCharged: row.creditsCharged ?? null,
    latencyMs: row.latencyMs ?? null,
    requestedBy: row.requestedBy ?? null,
    createdAt: row.createdAt.toISOString(),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
  };
}

export const terminalStatuses: ReadonlySet<GenerationRow['status']> = new Set(['succeeded', 'failed', 'cancelled']);

/** The generation table's reads and writes, each in the record's workspace: in the caller's transaction, or one statement of its own. */
export const generationRecords = {
  async find(tx: Tx, id: string): Promise<GenerationRow | undefined> {
    const [row] = await tx.select().from(generations).where(eq(generations.id, id));
    return row;
  },

  async findByKey(tx: Tx, workspaceId: string, key: string): Promise<GenerationRow | undefined> {
    const [row] = await tx.select(viewColumns).from(generations).where(and(eq(generations.workspaceId, workspaceId), eq(generations.requestKey, key)));
    return row;
  },

  /** A record for a view (viewOf): everything but its images' bytes. */
  async findForView(tx: Tx, id: string): Promise<GenerationRow | undefined> {
    const [row] = await tx.select(viewColumns).from(generations).where(eq(generations.id, id));
    return row;
  },

  /** One image of a succeeded generation, with its bytes, or nothing. */
  async image(tx: Tx, id: string, index: number) {
    const [row] = await queryRows<{ image: unknown }>(tx, sql`select ${generations.output}->'images'->${index}::int as image from ${generations} where ${generations.id} = ${id} and ${generations.status} = 'succeeded'`);
    return imagesOutputSchema.shape.images.element.safeParse(row?.image).data;
  },

  async list(tx: Tx, filter: { limit: number; cursor?: string | undefined; task?: string | undefined; status?: GenerationRow['status'] | undefined }) {
    const rows = await tx
      .select(viewColumns)
      .from(generations)
      .where(
        and(
          filter.cursor ? lt(generations.id, filter.cursor) : undefined,
          filter.task ? eq(generations.task, filter.task) : undefined,
          filter.status ? eq(generations.status, filter.status) : undefined,
        ),
      )
      .orderBy(desc(generations.id))
      .limit(filter.limit + 1);
    return pageOf(rows, filter.limit, (row) => row);
  },

  /**
   * Counts one more generation requested this UTC day and answers how many came before it, with
   * the model the workspace chose for `task` (if it chose one), in one statement. The count is
   * undone with the transaction, and its row stays locked to the commit, so concurrent requests
   * of the workspace count one after another.
   */
  async countRequest(tx: Tx, workspaceId: string, task: string): Promise<{ before: number; taskDefault: string | undefined }> {
    const [row] = await sendSql<{ before: number; task_default: string | null }>(tx, countRequestText, [workspaceId, task], 'generation.count_request');
    if (!row) throw new Error('the daily count answered no row');
    return { before: row.before, taskDefault: row.task_default ?? undefined };
  },

  /**
   * Writes a new generation's record, queued, and answers it as the table would: the statement
   * is unanswered (unanswered.ts), so on PGlite it goes in with the transaction's next one. Its
   * creation time is this process's clock, as its id's is (uuidv7).
   */
  async insertQueued(
    tx: Tx,
    values: Pick<GenerationRow, 'id' | 'workspaceId' | 'task' | 'requestedBy' | 'requestKey' | 'modelChain' | 'input' | 'creditsReserved' | 'reservationId'>,
  ): Promise<GenerationRow> {
    const row = withDefaults(generations, { ...values, status: 'queued', createdAt: new Date() });
    await sendStatement(tx, unanswered(insertRows(generations, [row])));
    return row;
  },

  /**
   * Marks a queued generation running and answers its record, in one autocommit statement; a
   * generation that ended, is running or was asked to cancel is answered as it is.
   */
  async start(db: Database, workspaceId: string, id: string): Promise<GenerationRow | undefined> {
    const [row] = await db.tenantCall<Record<string, unknown>>(workspaceId, 'generation.start_run', { generationId: id }, { appendsEvents: false });
    return row && rowOf(generations, row);
  },

  /** Adds one call attempt and what it used (tokens, provider cost), in one autocommit statement of its own (or of the caller's open transaction). */
  async addAttempt(db: Database, workspaceId: string, id: string, { attempt, costUsdMicros }: LoggedAttempt): Promise<void> {
    await db.tenantCall(workspaceId, 'generation.add_attempt', { generationId: id, attempt, costUsdMicros }, { appendsEvents: false });
  },

  async setProgress(tx: Tx, id: string, progress: GenerationProgress): Promise<void> {
    await tx.update(generations).set({ progress }).where(eq(generations.id, id));
  },

  async requestCancel(tx: Tx, id: string): Promise<void> {
    await tx.update(generations).set({ cancelRequestedAt: sql`coalesce(${generations.cancelRequestedAt}, now())` }).where(eq(generations.id, id));
  },

  async cancelRequested(tx: Tx, id: string): Promise<boolean> {
    const [row] = await tx.select({ at: generations.cancelRequestedAt }).from(generations).where(eq(generations.id, id));
    return Boolean(row?.at);
  },

  /**
   * Ends an unfinished generation and answers its record without its input and output (an image
   * task's output holds its images' bytes), with `attempts` added to it (the accepted answers'
   * attempts that waited for this statement, attempt-log.ts); undefined if it had already ended
   * (another run got there first), and then nothing is added.
   */
  async finish(
    tx: Tx,
    id: string,
    outcome: { status: 'succeeded'; output: unknown; creditsCharged: number } | { status: 'failed' | 'cancelled'; error: GenerationError },
    attempts: readonly LoggedAttempt[] = [],
  ): Promise<EndedGeneration | undefined> {
    const sum = (of: (entry: LoggedAttempt) => number) => attempts.reduce((total, entry) => total + of(entry), 0);
    const succeeded = outcome.status === 'succeeded';
    const [sent] = await sendSql<Record<string, unknown>>(tx, finishText, [
      id,
      JSON.stringify(attempts.map((entry) => entry.attempt)),
      sum((entry) => entry.attempt.tokensIn),
      sum((entry) => entry.attempt.tokensOut),
      sum((entry) => entry.costUsdMicros),
      outcome.status,
      succeeded ? JSON.stringify(outcome.output) : null,
      succeeded ? outcome.creditsCharged : 0,
      succeeded ? null : JSON.stringify(outcome.error),
    ], 'generation.finish');
    if (!sent) return undefined;
    const { input: _sentInput, output: _sentOutput, ...ended } = rowOf(generations, sent);
    return ended;
  },
};
