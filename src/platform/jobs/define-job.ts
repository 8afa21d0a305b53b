import type { z } from 'zod';
import type { Config } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import type { Contributions } from '../extension-points.ts';
import type { Logger } from '../logging/logger.ts';
import type { Tx } from '../db/tenancy.ts';

export interface JobContext {
  config: Config;
  db: Database;
  /** To enqueue follow-up work. */
  jobs: JobQueue;
  jobId: string;
  /** 0 on the first attempt. */
  attempt: number;
  workspaceId: string | null;
  /** Aborted when the job expires or the worker shuts down; long handlers should stop on it. */
  signal: AbortSignal;
  logger: Logger;
  /** What the modules plug into each other's extension points (a task registry, say). */
  contributions: Contributions;
  /**
   * Records how far the job has got, replacing the previous report; readable at once through
   * `JobQueue.progress` (call it outside any transaction of the handler's, or it shows only
   * when that commits).
   */
  progress(update: JobProgress): Promise<void>;
}

/** What a job says about itself while it runs: a step name and, when countable, done of total. */
export interface JobProgress {
  step?: string;
  done?: number;
  total?: number;
  message?: string;
}

export interface JobProgressReport {
  jobId: string;
  job: string;
  workspaceId: string | null;
  progress: JobProgress;
  updatedAt: Date;
}

export interface JobOptions {
  /** Attempts after the first, with exponential backoff and jitter. Default 5. */
  retryLimit?: number;
  /** First retry delay; doubled each attempt. Default 2 s. */
  retryDelaySeconds?: number;
  /** Longest a run may take. Default 15 min. */
  expireInSeconds?: number;
  /**
   * A running job's worker proves it is alive this often; a job whose worker died is retried
   * once it misses one (and the next supervision pass, every 5 s, notices), not after the
   * expiry. Default 10 s (pg-boss's minimum).
   */
  heartbeatSeconds?: number;
  /** Cap each workspace's running jobs of this kind (the cap comes from the composition root). */
  fairPerWorkspace?: boolean;
}

/**
 * A kind of background work. Handlers must be idempotent: a job whose worker was killed runs
 * again, so its effect must not happen twice.
 */
export interface JobDefinition<TPayload = unknown> {
  readonly name: string;
  readonly payload: z.ZodType<TPayload>;
  readonly options: Required<Omit<JobOptions, 'fairPerWorkspace'>> & { fairPerWorkspace: boolean };
  handle(payload: TPayload, context: JobContext): Promise<void>;
}

/** A list of jobs holds jobs of different payloads; each is checked by its own schema at run time. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyJob = JobDefinition<any>;

export function defineJob<TSchema extends z.ZodType>(
  name: string,
  payload: TSchema,
  handle: (payload: z.output<TSchema>, context: JobContext) => Promise<void>,
  options: JobOptions = {},
): JobDefinition<z.output<TSchema>> {
  if (!/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/.test(name)) {
    throw new Error(`job name "${name}" must be dotted lower-case words, like "identity.send-email"`);
  }
  return {
    name,
    payload: payload as z.ZodType<z.output<TSchema>>,
    handle,
    options: {
      retryLimit: options.retryLimit ?? 5,
      retryDelaySeconds: options.retryDelaySeconds ?? 2,
      expireInSeconds: options.expireInSeconds ?? 15 * 60,
      heartbeatSeconds: options.heartbeatSeconds ?? 10,
      fairPerWorkspace: options.fairPerWorkspace ?? false,
    },
  };
}

/** Runs a job on a cron schedule, once per tick across every worker. */
export interface ScheduleDefinition {
  /** Unique name of the schedule. */
  name: string;
  cron: string;
  job: JobDefinition<Record<string, unknown>>;
  payload: Record<string, unknown>;
}

export function defineSchedule<TPayload extends Record<string, unknown>>(
  name: string,
  cron: string,
  job: JobDefinition<TPayload>,
  payload: TPayload,
): ScheduleDefinition {
  return { name, cron, job: job as unknown as JobDefinition<Record<string, unknown>>, payload };
}

export interface EnqueueOptions {
  workspaceId?: string | null;
  /** The same key for the same job name enqueues at most one job. */
  idempotencyKey?: string;
  runAt?: Date;
  /** Higher runs first. */
  priority?: number;
}

export interface DeadLetter {
  id: string;
  job: string;
  workspaceId: string | null;
  attempts: number;
  error: unknown;
  failedAt: Date;
}

/** The job port: what the rest of Atelier uses to enqueue and inspect background work. */
export interface JobQueue {
  /**
   * Enqueues inside `tx` when given: the job exists if and only if that transaction commits.
   * Returns the job id, or null when the idempotency key was already used.
   */
  enqueue<TPayload>(tx: Tx | null, job: JobDefinition<TPayload>, payload: TPayload, options?: EnqueueOptions): Promise<string | null>;
  /** Starts running jobs and schedules (the worker role). */
  work(): Promise<void>;
  deadLetters(limit?: number): Promise<DeadLetter[]>;
  /** Sends a dead letter back to its queue for another round of attempts. */
  retryDeadLetter(id: string): Promise<boolean>;
  /** The job's latest progress report, or null if it has reported none. */
  progress(jobId: string): Promise<JobProgressReport | null>;
  /** Stops taking jobs, lets running ones finish (up to `graceMs`), then closes. */
  stop(graceMs?: number): Promise<void>;
}

