/**
 * The peer of the sites benchmark, run in its own process: bare Fastify (no logger) with
 * `@fastify/static` serving the directory named by BENCH_SITES_STATIC_ROOT, where the benchmark
 * wrote the published page's HTML as `<slug>/index.html` — the same bytes at the same path.
 */
import type { AddressInfo } from 'node:net';
import fastifyStatic from '@fastify/static';
import Fastify from 'fastify';
import { serveForParent } from '../http-load.ts';

// Named in bench/sites.bench.ts too (a server file is not imported: it would start serving).
const rootVariable = 'BENCH_SITES_STATIC_ROOT';

serveForParent(async () => {
  const root = process.env[rootVariable];
  if (!root) throw new Error(`${rootVariable} is not set`);
  const app = Fastify();
  await app.register(fastifyStatic, { root });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    port: (app.server.address() as AddressInfo).port,
    close: () => app.close(),
  };
});
