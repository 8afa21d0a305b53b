/**
 * What authentication and authorisation cost on a route that does real work: a workspace route
 * that reads one row (needs workspace:read, called with a session cookie and with an API key)
 * against a public route doing the same one-row read, on the same server in the same run. The
 * caller is resolved by the identity module's request hooks: SHA-256 of the token, a per-process
 * cache of sessions, keys and memberships (5 s, so a revocation reaches other processes within
 * that), last-use writes batched.
 *
 * One server process (the real app, see identity-auth/atelier-identity.server.ts), loaded by
 * autocannon with the same connections and duration as http-overhead; the three sides take
 * turns, in an order that rotates each round, and each side's figure is its median round. The
 * headline subject is the slower of cookie and key. Runs on in-memory PGlite, then again on a
 * scratch PostgreSQL database when one answers (ATELIER_BENCH_DATABASE_URL).
 */
import path from 'node:path';
import { createScratchPostgres } from './bench-databases.ts';
import { defineBenchmark, formatFigure, type Figure, type Measurement } from './harness.ts';
import { expectJson, loadTest, startServerProcess, summarise, type LoadResult, type ServerProcess } from './http-load.ts';

const connections = 50;
const modes = {
  full: { rounds: 5, seconds: 10, warmupSeconds: 3 },
  smoke: { rounds: 1, seconds: 2, warmupSeconds: 1 },
};
type Mode = (typeof modes)[keyof typeof modes];

const serverEntry = path.join(import.meta.dirname, 'identity-auth', 'atelier-identity.server.ts');
/** Read by the server file: where its database is (unset: in-memory PGlite). */
const databaseUrlVariable = 'BENCH_IDENTITY_DATABASE_URL';

const sides = ['public', 'cookie', 'key'] as const;
type Side = (typeof sides)[number];

interface EngineRun {
  rounds: Record<Side, LoadResult[]>;
  summary: Record<Side, Measurement>;
}

export const benchmark = defineBenchmark({
  name: 'identity-auth',
  peer: 'the same one-row read on a public route, same server',
  goal: { ratio: 0.7, description: '≥ 0.70× the public route req/s for a one-row workspace route, signed in by session cookie or API key' },
  async run(options) {
    const mode = options.smoke ? modes.smoke : modes.full;
    const pglite = await runOnEngine(mode, {});
    const slower = slowerSide(pglite);
    const subject: Measurement = {
      ...pglite.summary[slower],
      extra: {
        ...pglite.summary[slower].extra,
        'session cookie': figure(pglite.summary.cookie),
        'API key': figure(pglite.summary.key),
      },
    };
    const peer = pglite.summary.public;
    const notes = [
      `PGlite in memory: ${mode.rounds} round(s) of ${mode.seconds} s per side, ${connections} connections, after ${mode.warmupSeconds} s of warm-up each; ` +
        `side order rotates each round; headline subject = the slower of cookie and key (${slower === 'cookie' ? 'session cookie' : 'API key'})`,
      ...describeRun('PGlite', pglite),
    ];

    const created = await createScratchPostgres('identity_auth', 1);
    if (!created.ok) {
      notes.push(`PostgreSQL: skipped: ${created.reason}; set ATELIER_BENCH_DATABASE_URL to a reachable server`);
    } else {
      try {
        // The server opens its own pool (10); the scratch helper's own connection only migrated it.
        const postgres = await runOnEngine(mode, { [databaseUrlVariable]: created.scratch.url });
        const postgresSlower = slowerSide(postgres);
        subject.extra!['on PostgreSQL'] = figure(postgres.summary[postgresSlower]);
        peer.extra!['on PostgreSQL'] = figure(postgres.summary.public);
        notes.push(
          `PostgreSQL (same rounds, pool of 10): ratio ${(postgres.summary[postgresSlower].value / postgres.summary.public.value).toFixed(2)}× ` +
            `(${postgresSlower === 'cookie' ? 'session cookie' : 'API key'} the slower)`,
          ...describeRun('PostgreSQL', postgres),
        );
      } finally {
        await created.scratch.drop();
      }
    }
    return { subject, peer, notes };
  },
});

async function runOnEngine(mode: Mode, env: Record<string, string>): Promise<EngineRun> {
  const server = await startServerProcess(serverEntry, { env });
  try {
    const urls = await prepare(server);
    const load = (side: Side, seconds: number) => loadTest(server, { url: urls[side].url, headers: urls[side].headers, connections, seconds });

    // Warm-up: JIT, caches, lazily built serialisers. Not counted.
    for (const side of sides) await load(side, mode.warmupSeconds);

    const rounds: Record<Side, LoadResult[]> = { public: [], cookie: [], key: [] };
    for (let round = 0; round < mode.rounds; round++) {
      // public, cookie, key; then cookie, key, public; …: no side always runs first or last.
      for (let turn = 0; turn < sides.length; turn++) {
        const side = sides[(round + turn) % sides.length]!;
        rounds[side].push(await load(side, mode.seconds));
      }
    }
    return { rounds, summary: { public: summarise(rounds.public), cookie: summarise(rounds.cookie), key: summarise(rounds.key) } };
  } finally {
    await server.stop();
  }
}

/** Signs a user up through the API, makes an API key with workspace:read, and checks each side answers the same row. */
async function prepare(server: ServerProcess): Promise<Record<Side, { url: string; headers: Record<string, string> }>> {
  const signUp = await fetch(`${server.origin}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench@example.com', password: 'a good long password', name: 'Bench' }),
  });
  if (signUp.status !== 201) throw new Error(`sign-up answered ${signUp.status}: ${await signUp.text()}`);
  const { workspace } = (await signUp.json()) as { workspace: { id: string; name: string } };
  const session = signUp.headers.getSetCookie().find((entry) => entry.startsWith('atelier_session='));
  if (!session) throw new Error('sign-up set no session cookie');
  const cookie = session.split(';')[0]!;

  // A change made with the cookie must say it comes from the app's own origin.
  const confirmed = await fetch(`${server.origin}/api/bench/confirm-email`, { method: 'POST', headers: { cookie, origin: server.origin } });
  if (confirmed.status !== 204) throw new Error(`confirming the address answered ${confirmed.status}: ${await confirmed.text()}`);
  const created = await fetch(`${server.origin}/api/workspaces/${workspace.id}/api-keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, origin: server.origin },
    body: JSON.stringify({ name: 'bench', permissions: ['workspace:read'] }),
  });
  if (created.status !== 201) throw new Error(`creating the API key answered ${created.status}: ${await created.text()}`);
  const { secret } = (await created.json()) as { secret: string };

  const workspaceRow = `${server.origin}/api/workspaces/${workspace.id}/bench-row`;
  const sideUrls = {
    public: { url: `${server.origin}/api/bench/public-row?workspaceId=${workspace.id}`, headers: {} },
    cookie: { url: workspaceRow, headers: { cookie } },
    key: { url: workspaceRow, headers: { authorization: `Bearer ${secret}` } },
  };
  const expected = { id: workspace.id, name: workspace.name };
  for (const side of sides) await expectJson(sideUrls[side].url, expected, sideUrls[side].headers);
  // And the workspace route really is closed to a caller without credentials.
  const anonymous = await fetch(workspaceRow);
  if (anonymous.status !== 401) throw new Error(`the workspace route answered ${anonymous.status} to an anonymous caller`);
  return sideUrls;
}

function slowerSide(run: EngineRun): 'cookie' | 'key' {
  return run.summary.cookie.value <= run.summary.key.value ? 'cookie' : 'key';
}

function figure(measurement: Measurement): Figure {
  return { value: measurement.value, unit: measurement.unit };
}

function describeRun(engine: string, run: EngineRun): string[] {
  const list = (side: Side) => run.rounds[side].map((round) => Math.round(round.requestsPerSecond).toLocaleString('en-US')).join(', ');
  const cpu = (side: Side) => formatFigure(run.summary[side].extra!['server CPU/req']!);
  const ratio = (side: Side) => (run.summary[side].value / run.summary.public.value).toFixed(2);
  const loaderPercent = Math.max(...sides.flatMap((side) => run.rounds[side].map((round) => round.loaderCpuPercent)));
  const notes = [
    `${engine} req/s by round: public ${list('public')}; cookie ${list('cookie')}; key ${list('key')}`,
    `${engine} ratios: cookie ${ratio('cookie')}×, key ${ratio('key')}×; server CPU per request: public ${cpu('public')}, cookie ${cpu('cookie')}, key ${cpu('key')}`,
    `${engine}: load generator used up to ${loaderPercent.toFixed(0)}% of a core`,
  ];
  if (loaderPercent > 90) notes.push(`${engine}: the load generator was near one full core: the public figure may be capped by it, flattering the ratio`);
  return notes;
}
