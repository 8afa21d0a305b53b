/**
 * Scratch databases for the benchmarks that need one: a fresh PostgreSQL database with a unique
 * name (dropped afterwards) on the server at ATELIER_BENCH_DATABASE_URL, or an in-memory PGlite.
 * Both are migrated. When PostgreSQL does not answer, the caller gets the reason instead of an
 * error, so it can skip its PostgreSQL figures with a note.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { BenchmarkOutcome } from './harness.ts';
import type { Database } from '../src/platform/db/database.ts';
import { wrapPglite } from '../src/platform/db/pglite.ts';
import { openPostgres } from '../src/platform/db/postgres.ts';

export function benchPostgresUrl(): string {
  return process.env.ATELIER_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export interface ScratchPostgres {
  db: Database;
  /** Connection string of the scratch database (for bare clients: pg, pg-boss). */
  url: string;
  poolSize: number;
  /** Closes `db` and drops the database. */
  drop(): Promise<void>;
}

export type ScratchPostgresResult = { ok: true; scratch: ScratchPostgres } | { ok: false; reason: string };

/** A migrated database of its own on the benchmark server, or why there is none. */
export async function createScratchPostgres(label: string, poolSize: number): Promise<ScratchPostgresResult> {
  const maintenanceUrl = benchPostgresUrl();
  const name = `atelier_bench_${label.replaceAll(/[^a-z0-9]/g, '_')}_${process.pid}_${Date.now()}`;
  try {
    await maintenanceQuery(maintenanceUrl, `create database ${name}`);
  } catch (error) {
    return { ok: false, reason: `PostgreSQL at ${redact(maintenanceUrl)} did not answer (${describe(error)})` };
  }
  const url = withDatabase(maintenanceUrl, name);
  const drop = () => maintenanceQuery(maintenanceUrl, `drop database if exists ${name} with (force)`);
  try {
    const db = await openPostgres({ url, poolSize, applicationName: 'atelier-bench' });
    try {
      await db.migrate();
    } catch (error) {
      await db.close();
      throw error;
    }
    return {
      ok: true,
      scratch: {
        db,
        url,
        poolSize,
        async drop() {
          await db.close().catch(() => {});
          await drop();
        },
      },
    };
  } catch (error) {
    await drop().catch(() => {});
    throw error;
  }
}

/** A migrated in-memory PGlite, with its client for bare queries. */
export async function createMemoryPglite(): Promise<{ db: Database; client: PGlite }> {
  const client = await PGlite.create();
  const db = wrapPglite(client);
  await db.migrate();
  return { db, client };
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function maintenanceQuery(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

function describe(error: unknown): string {
  if (error instanceof AggregateError) return error.errors.map(describe).join('; ') || 'connection failed';
  return error instanceof Error ? error.message : String(error);
}

/** Events (or jobs) per second. */
export function perSecond(count: number, ms: number): number {
  return (count * 1000) / ms;
}

/** The q-quantile (0…1) of `values`, nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new Error('quantile of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * What a PostgreSQL-only benchmark reports when the server does not answer: no figures (NaN, so
 * the ratio is NaN and the goal shows as not met) and the reason, instead of failing the run.
 */
export function skipped(reason: string): BenchmarkOutcome {
  const none = { value: Number.NaN, unit: 'n/a' };
  return { subject: none, peer: none, notes: [`skipped: ${reason}; set ATELIER_BENCH_DATABASE_URL to a reachable server`] };
}
