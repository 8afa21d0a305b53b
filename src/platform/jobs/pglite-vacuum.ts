import { z } from 'zod';
import { defineJob, defineSchedule } from './define-job.ts';

/**
 * The tables autovacuum would vacuum now, by its own default rules: more dead row versions than
 * 50 + 20% of the live ones, or an oldest unfrozen transaction id older than
 * `vacuum_freeze_table_age` (where a plain VACUUM freezes the whole table).
 */
const tablesDueSql = `
  select format('%I.%I', s.schemaname, s.relname) as name
  from pg_stat_user_tables s join pg_class c on c.oid = s.relid
  where s.n_dead_tup > 50 + 0.2 * s.n_live_tup
     or age(c.relfrozenxid) > current_setting('vacuum_freeze_table_age')::bigint
  order by s.n_dead_tup desc`;

/** How much WAL since the last checkpoint makes one due: about a minute of steady generations. */
const checkpointAfterBytes = 16 * 1024 * 1024;

const walSinceCheckpointSql = `select pg_wal_lsn_diff(pg_current_wal_lsn(), redo_lsn)::bigint as bytes from pg_control_checkpoint()`;

/**
 * PGlite runs no background processes, and so no autovacuum. Without it, every update and delete
 * leaves its old row version behind: after 2,300 generations, the record, job and reservation
 * tables held two dead versions for every live one. Nothing would ever freeze old transaction
 * ids either, and after about two billion transactions PostgreSQL stops accepting writes to
 * protect against wraparound. This job does autovacuum's work on PGlite: it vacuums and analyses
 * the tables that are due, one at a time, so that requests run in between. PGlite runs one
 * statement at a time, so a request waits while a table is vacuumed.
 * There is no checkpointer either: PostgreSQL checkpoints on its own only once the WAL nears
 * `max_wal_size` (1 GB). Until then an instance keeps all the WAL written since its last
 * checkpoint, in memory or in the data directory, and a restart after a crash replays it (a
 * clean close checkpoints). So the job also checkpoints once 16 MB of WAL has been written since
 * the last checkpoint (some 1,500 generations), which lets PostgreSQL recycle the older segments.
 * On PostgreSQL, autovacuum and the checkpointer do this work and the job does nothing.
 */
export const vacuumPglite = defineJob(
  'platform.vacuum-pglite',
  z.object({}).strict() as z.ZodType<Record<string, never>>,
  async (_payload, { db, logger }) => {
    if (db.connection.engine !== 'pglite') return;
    const { pglite } = db.connection;
    // The counters read below are reported after a transaction, at most once a second; this one reports them.
    await pglite.query('select pg_stat_force_next_flush()');
    const due = await pglite.query<{ name: string }>(tablesDueSql);
    const begun = performance.now();
    for (const { name } of due.rows) await pglite.exec(`vacuum (analyze) ${name}`);
    if (due.rows.length > 0) logger.info({ tables: due.rows.length, ms: Math.round(performance.now() - begun) }, 'vacuumed PGlite tables');
    const [wal] = (await pglite.query<{ bytes: number }>(walSinceCheckpointSql)).rows;
    if (wal && Number(wal.bytes) > checkpointAfterBytes) {
      const started = performance.now();
      await pglite.exec('checkpoint');
      logger.info({ walBytes: Number(wal.bytes), ms: Math.round(performance.now() - started) }, 'checkpointed PGlite');
    }
  },
  { retryLimit: 1 },
);

export const vacuumPgliteSchedule = defineSchedule('platform.vacuum-pglite', '*/10 * * * *', vacuumPglite, {});
