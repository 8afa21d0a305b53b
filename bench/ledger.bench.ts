/**
 * Credit debits per second through the ledger (`ledger.consume(workspace, 1, unique key)`: one
 * autocommit call of usage.debit, which locks the balance row, claims the key, draws on the
 * grants, writes the entry and appends the event) against the physical floor of this design on
 * the same PostgreSQL in the same run: a bare autocommit `update bench_balances set amount =
 * amount - 1 where workspace_id = $1 and amount >= 1` on a table holding the same balance rows,
 * through a bare pg pool of the same size.
 *
 * The ledger sends the debits that arrive together as one statement, at most three such
 * statements at once from a process (tenantCall's batches, decision 0017); the bare pool sends
 * twenty updates, which on the hot workspace then wait on the row in PostgreSQL. So that the
 * headline cannot hide that difference, the floor is also measured on the hot workspace through
 * a pool of three connections, and the ledger's ratio to it is printed beside the headline, as
 * are the statements per debit under each load.
 *
 * Two loads, each side measured under both, by 50 concurrent clients in a closed loop for a
 * fixed time: hot (every client on one workspace with a huge balance: debits serialise on its
 * row, so this is bound by how long a debit holds the row) and spread (each debit on one of
 * 1,000 workspaces at random: bound by the machine). Rounds alternate which side goes first;
 * each figure is the median round, after a warm-up. The headline is hot; spread is extra.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { createLedger } from '../src/modules/usage/ledger.ts';
import { queryRows } from '../src/platform/db/tenancy.ts';
import { createScratchPostgres, perSecond, quantile, skipped } from './bench-databases.ts';
import { defineBenchmark, formatFigure, median, type Figure, type Measurement } from './harness.ts';
import { countRoundTrips, statementHead } from './ledger/round-trips.ts';
import { batchLimits } from '../src/platform/db/tenancy.ts';

const modes = {
  full: { seconds: 5, rounds: 3, warmupSeconds: 1 },
  smoke: { seconds: 0.5, rounds: 1, warmupSeconds: 0.2 },
};
const clients = 50;
/** Connections per side (both pools are open at once; the server allows 100). */
const poolSize = 20;
const spreadWorkspaces = 1000;
/** Enough that no benchmark ever runs a balance dry. */
const hugeBalance = 1_000_000_000_000;
const unit = 'debits/s';

interface Round {
  count: number;
  ms: number;
  latencies: number[];
}

export const benchmark = defineBenchmark({
  name: 'ledger',
  peer: 'bare autocommit UPDATE … SET amount = amount - 1 WHERE amount >= 1 on a balances table (physical floor, same server, same pool size)',
  goal: { ratio: 0.5, description: '≥ 0.50× the bare UPDATE floor, debits/s on one hot workspace with 50 concurrent clients' },
  async run(options) {
    const mode = options.smoke ? modes.smoke : modes.full;
    const created = await createScratchPostgres('ledger', poolSize);
    if (!created.ok) return skipped(created.reason);
    const scratch = created.scratch;
    const bare = new pg.Pool({ connectionString: scratch.url, max: poolSize, application_name: 'atelier-bench-floor' });
    const barePaced = new pg.Pool({ connectionString: scratch.url, max: batchLimits.inFlight, application_name: 'atelier-bench-floor-paced' });
    bare.on('error', () => {});
    barePaced.on('error', () => {});
    try {
      const ledger = createLedger(scratch.db, { lowThreshold: () => 10 });
      const hot = randomUUID();
      const spread = Array.from({ length: spreadWorkspaces }, () => randomUUID());
      const everyWorkspace = [hot, ...spread];
      for (let first = 0; first < everyWorkspace.length; first += poolSize) {
        await Promise.all(everyWorkspace.slice(first, first + poolSize).map((workspaceId) => ledger.grant(workspaceId, { amount: hugeBalance, source: 'purchase', key: 'bench-pack' })));
      }
      await bare.query('create table public.bench_balances (workspace_id uuid primary key, amount bigint not null)');
      await bare.query('insert into public.bench_balances select unnest($1::uuid[]), $2::bigint', [everyWorkspace, hugeBalance]);
      await bare.query('vacuum analyze public.bench_balances');

      let keys = 0;
      let hotDebits = 0;
      const consume = (workspaceId: string) => ledger.consume(workspaceId, { amount: 1, key: `bench-${keys++}` });
      const floorUpdate = 'update public.bench_balances set amount = amount - 1 where workspace_id = $1 and amount >= 1';
      const floor = (workspaceId: string) => bare.query(floorUpdate, [workspaceId]);
      const anyOf = () => spread[Math.floor(Math.random() * spread.length)]!;
      const sides = {
        subjectHot: async () => {
          await consume(hot);
          hotDebits++;
        },
        peerHot: () => floor(hot),
        peerHotPaced: () => barePaced.query(floorUpdate, [hot]),
        subjectSpread: () => consume(anyOf()),
        peerSpread: () => floor(anyOf()),
      };

      // Round trips of one debit, counted at the driver (no other query runs meanwhile).
      const trips = await countRoundTrips(sides.subjectHot);
      const floorTrips = await countRoundTrips(() => floor(hot));

      for (const work of Object.values(sides)) await closedLoop(work, mode.warmupSeconds);
      // Under load the ledger's statements each carry the debits that arrived together.
      const statementsPerDebit = async (work: () => Promise<unknown>) => {
        let debits = 0;
        const statements = await countRoundTrips(async () => {
          debits = (await closedLoop(work, mode.warmupSeconds)).count;
        });
        return statements.length / Math.max(1, debits);
      };
      const hotStatements = await statementsPerDebit(sides.subjectHot);
      const spreadStatements = await statementsPerDebit(sides.subjectSpread);
      const rounds: Record<keyof typeof sides, Round[]> = { subjectHot: [], peerHot: [], peerHotPaced: [], subjectSpread: [], peerSpread: [] };
      for (let round = 0; round < mode.rounds; round++) {
        const order: (keyof typeof sides)[] =
          round % 2 === 0
            ? ['subjectHot', 'peerHot', 'peerHotPaced', 'subjectSpread', 'peerSpread']
            : ['peerHotPaced', 'peerHot', 'subjectHot', 'peerSpread', 'subjectSpread'];
        for (const side of order) rounds[side].push(await closedLoop(sides[side], mode.seconds));
      }

      const [row] = await scratch.db.system((tx) => queryRows<{ balance: string }>(tx, sql`select balance from usage.credit_balances where workspace_id = ${hot}`));
      if (Number(row?.balance) !== hugeBalance - hotDebits) {
        throw new Error(`the hot workspace's balance is ${row?.balance} after ${hotDebits} debits of 1 from ${hugeBalance}`);
      }
      const subjectHot = summarise(rounds.subjectHot);
      const peerHot = summarise(rounds.peerHot);
      const peerHotPaced = summarise(rounds.peerHotPaced);
      const subjectSpread = summarise(rounds.subjectSpread);
      const peerSpread = summarise(rounds.peerSpread);
      const subject: Measurement = {
        ...subjectHot.rate,
        extra: {
          'hot p50': subjectHot.p50,
          'hot p99': subjectHot.p99,
          spread: subjectSpread.rate,
          'spread p99': subjectSpread.p99,
          'spread / its floor': { value: subjectSpread.rate.value / peerSpread.rate.value, unit: '×' },
        },
      };
      const peer: Measurement = {
        ...peerHot.rate,
        extra: {
          'hot p50': peerHot.p50,
          'hot p99': peerHot.p99,
          [`hot, ${batchLimits.inFlight} in flight`]: peerHotPaced.rate,
          spread: peerSpread.rate,
          'spread p99': peerSpread.p99,
        },
      };
      return {
        subject,
        peer,
        notes: [
          `${clients} concurrent clients in a closed loop, pool of ${poolSize} connections per side, ${mode.seconds} s per side per round, ` +
            `${mode.rounds} round(s) alternating which side goes first, median round; PostgreSQL ${await serverVersion(bare)}`,
          `hot (one workspace): ledger ${formatFigure(subjectHot.rate)} vs floor ${formatFigure(peerHot.rate)}; like for like, the floor with ` +
            `${batchLimits.inFlight} updates in flight as the ledger sends its statements: ${formatFigure(peerHotPaced.rate)} ` +
            `(ledger ${(subjectHot.rate.value / peerHotPaced.rate.value).toFixed(2)}× that)`,
          `spread (${spreadWorkspaces.toLocaleString('en-US')} workspaces): ledger ${formatFigure(subjectSpread.rate)} vs floor ${formatFigure(peerSpread.rate)} ` +
            `(${(subjectSpread.rate.value / peerSpread.rate.value).toFixed(2)}×)`,
          `round trips per debit: ledger ${trips.length} (${trips.map(statementHead).join(' → ')}), ${underLock(trips)} of them while holding ` +
            `the workspace's balance row (from the statement that locks it to the commit); floor ${floorTrips.length}, with the commit in it`,
          `statements per debit under load (batches and their shared wake-ups): hot ${hotStatements.toFixed(2)}, spread ${spreadStatements.toFixed(2)}`,
          `checked: the hot workspace's balance fell by exactly its ${hotDebits.toLocaleString('en-US')} debits`,
        ],
      };
    } finally {
      await bare.end().catch(() => {});
      await barePaced.end().catch(() => {});
      await scratch.drop();
    }
  },
});

/** `clients` loops each awaiting `work()` back to back until the time is up; every call is counted and timed. */
async function closedLoop(work: () => Promise<unknown>, seconds: number): Promise<Round> {
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline) {
        const begun = performance.now();
        await work();
        latencies.push(performance.now() - begun);
      }
    }),
  );
  return { count: latencies.length, ms: performance.now() - started, latencies };
}

function summarise(rounds: readonly Round[]): { rate: Figure; p50: Figure; p99: Figure } {
  const rates = rounds.map((round) => perSecond(round.count, round.ms));
  const middle = rounds[rates.indexOf(median(rates))] ?? rounds[0]!;
  return {
    rate: { value: median(rates), unit },
    p50: { value: quantile(middle.latencies, 0.5), unit: 'ms' },
    p99: { value: quantile(middle.latencies, 0.99), unit: 'ms' },
  };
}

/**
 * How many of a debit's statements run while it holds the balance row: from the one that locks
 * it (an update of the row, or the call of usage.debit, which locks and commits in one) to the commit.
 */
function underLock(statements: readonly string[]): number {
  const locking = statements.findIndex((statement) => /^update "?usage"?\."?credit_balances"?|usage\.debit\(/i.test(statement));
  if (locking < 0) return 0;
  // An autocommit call commits as it returns; an explicit transaction holds the row to its COMMIT.
  const commit = /usage\.debit\(/i.test(statements[locking] ?? '') ? locking : statements.findIndex((statement, at) => at > locking && /^commit/i.test(statement));
  return (commit < 0 ? statements.length - 1 : commit) - locking + 1;
}

async function serverVersion(pool: pg.Pool): Promise<string> {
  const { rows } = await pool.query<{ server_version: string }>('show server_version');
  return rows[0]?.server_version ?? 'unknown';
}
