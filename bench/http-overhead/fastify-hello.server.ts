/** The peer of http-overhead, run in its own process by the benchmark: bare Fastify, no logger. */
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { serveForParent } from '../http-load.ts';

serveForParent(async () => {
  const app = Fastify();
  app.get('/hello', async () => ({ hello: 'world' }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    port: (app.server.address() as AddressInfo).port,
    close: () => app.close(),
  };
});
