/**
 * What Atelier's platform stack costs on a request that does no work: a no-database route
 * through every platform plugin and hook (request context, error handling, helmet, metrics,
 * idempotency, request logging at info, zod response serialisation) against a bare Fastify
 * hello-world. Each server runs in its own process; the load (autocannon, same connections and
 * duration) alternates peer, subject, peer, subject… and each side's figure is its median round.
 */
import path from 'node:path';
import { defineBenchmark, formatFigure } from './harness.ts';
import { expectJson, loadTest, roundList, startServerProcess, summarise, type LoadResult, type ServerProcess } from './http-load.ts';

const connections = 50;
const modes = {
  full: { rounds: 5, seconds: 10, warmupSeconds: 3 },
  smoke: { rounds: 1, seconds: 2, warmupSeconds: 1 },
};

const subjectEntry = path.join(import.meta.dirname, 'http-overhead', 'atelier-hello.server.ts');
const peerEntry = path.join(import.meta.dirname, 'http-overhead', 'fastify-hello.server.ts');
const subjectPath = '/api/bench/hello';
const peerPath = '/hello';
const expectedBody = { hello: 'world' };

export const benchmark = defineBenchmark({
  name: 'http-overhead',
  peer: 'bare Fastify hello-world',
  goal: { ratio: 0.9, description: '≥ 0.90× bare Fastify req/s for a no-database route through the full plugin stack' },
  async run(options) {
    const mode = options.smoke ? modes.smoke : modes.full;
    const servers = await Promise.allSettled([startServerProcess(peerEntry), startServerProcess(subjectEntry)]);
    try {
      const [peerServer, subjectServer] = servers.map((started) => {
        if (started.status === 'rejected') throw started.reason;
        return started.value;
      }) as [ServerProcess, ServerProcess];
      const peerUrl = peerServer.origin + peerPath;
      const subjectUrl = subjectServer.origin + subjectPath;
      await expectJson(peerUrl, expectedBody);
      await expectJson(subjectUrl, expectedBody);

      // Warm-up: JIT, connection pools, lazily built serialisers. Not counted.
      await loadTest(peerServer, { url: peerUrl, connections, seconds: mode.warmupSeconds });
      await loadTest(subjectServer, { url: subjectUrl, connections, seconds: mode.warmupSeconds });

      const peerRounds: LoadResult[] = [];
      const subjectRounds: LoadResult[] = [];
      for (let round = 0; round < mode.rounds; round++) {
        peerRounds.push(await loadTest(peerServer, { url: peerUrl, connections, seconds: mode.seconds }));
        subjectRounds.push(await loadTest(subjectServer, { url: subjectUrl, connections, seconds: mode.seconds }));
      }

      const subject = summarise(subjectRounds);
      const peer = summarise(peerRounds);
      const notes = [
        `${mode.rounds} round(s) of ${mode.seconds} s per side, ${connections} connections, after ${mode.warmupSeconds} s of warm-up each`,
        `req/s by round: peer ${roundList(peerRounds)}; subject ${roundList(subjectRounds)}`,
        `server CPU per request: subject ${formatFigure(subject.extra!['server CPU/req']!)}, peer ` +
          `${formatFigure(peer.extra!['server CPU/req']!)} (CPU ratio peer/subject ` +
          `${(peer.extra!['server CPU/req']!.value / subject.extra!['server CPU/req']!.value).toFixed(2)}×)`,
      ];
      const loaderPercent = Math.max(...[...peerRounds, ...subjectRounds].map((round) => round.loaderCpuPercent));
      notes.push(`load generator used up to ${loaderPercent.toFixed(0)}% of a core`);
      if (loaderPercent > 90) {
        notes.push('the load generator was near one full core: the peer figure may be capped by it, flattering the ratio');
      }
      return { subject, peer, notes };
    } finally {
      await Promise.all(servers.map((started) => (started.status === 'fulfilled' ? started.value.stop() : undefined)));
    }
  },
});
