import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { defineJob, defineSchedule } from '../../platform/jobs/define-job.ts';
import { queryRows } from '../../platform/db/tenancy.ts';
import type { Config } from '../../platform/config/config.ts';
import type { Database } from '../../platform/db/database.ts';
import type { Contributions } from '../../platform/extension-points.ts';
import { generationParts, type GenerationParts } from './generation-parts.ts';
import { abandonedAfterSeconds, expireInSeconds, retryLimit } from './run-budget.ts';
import { failGeneration, runGeneration } from './run-generation.ts';

/**
 * The parts a worker's jobs use, built once per database rather than once per job: the model
 * registry's cache ("an edit reaches every process within a few seconds") only saves its query
 * when it outlives one job.
 */
const workerParts = new WeakMap<Database, { config: Config; contributions: Contributions; parts: GenerationParts }>();
function partsFor(db: Database, config: Config, contributions: Contributions): GenerationParts {
  const known = workerParts.get(db);
  if (known && known.config === config && known.contributions === contributions) return known.parts;
  const parts = generationParts(db, config, contributions);
  workerParts.set(db, { config, contributions, parts });
  return parts;
}

/**
 * One generation, in the background. Fair per workspace (the plan caps how many of a workspace's
 * generations run at once); a worker killed mid-run leaves the job to be retried, and the run
 * picks the generation up from its record.
 */
export const runGenerationJob = defineJob(
  'generation.run',
  z.object({ generationId: z.uuid() }),
  async ({ generationId }, { db, config, contributions, workspaceId, signal, logger, attempt }) => {
    if (!workspaceId) throw new Error('a generation job must carry its workspace');
    await runGeneration(partsFor(db, config, contributions), { generationId, workspaceId }, { signal, logger, lastAttempt: attempt >= retryLimit });
  },
  { fairPerWorkspace: true, retryLimit, retryDelaySeconds: 2, expireInSeconds, heartbeatSeconds: 10 },
);

/**
 * Ends generations whose job died on every attempt (workers killed each time): they fail with a
 * message and their credits go back, instead of showing "running" forever.
 */
export const failAbandonedGenerations = defineJob('generation.fail-abandoned', z.object({}), async (_payload, { db, config, contributions, logger }) => {
  const parts = partsFor(db, config, contributions);
  const abandoned = await db.system((tx) =>
    queryRows<{ id: string; workspace_id: string }>(
      tx,
      sql`select id, workspace_id from generation.generations
          where status = 'running' and started_at < now() - make_interval(secs => ${abandonedAfterSeconds}) limit 500`,
    ),
  );
  for (const row of abandoned) {
    try {
      await failGeneration(parts, { generationId: row.id, workspaceId: row.workspace_id }, { code: 'abandoned', message: 'The generation stopped answering and was ended; your credits were returned' });
    } catch (error) {
      logger.error({ err: error, generationId: row.id }, 'could not end an abandoned generation; will try again');
    }
  }
  if (abandoned.length > 0) logger.warn({ count: abandoned.length }, 'ended abandoned generations');
});

export const generationSchedules = [defineSchedule('generation.fail-abandoned', '*/5 * * * *', failAbandonedGenerations, {})];
