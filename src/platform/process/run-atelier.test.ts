import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../../test/support/test-app.ts';
import { loadConfig } from '../config/config.ts';
import { defineModule } from '../module.ts';
import { compose } from '../compose.ts';
import { runAtelier } from './run-atelier.ts';

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'atelier-server-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

let releaseSlow: () => void = () => {};
let slowStarted: () => void = () => {};
const started = new Promise<void>((resolve) => (slowStarted = resolve));

const slowModule = defineModule({
  name: 'slow',
  async routes(app) {
    app.get('/slow', async () => {
      slowStarted();
      await new Promise<void>((resolve) => (releaseSlow = resolve));
      return { finished: true };
    });
  },
});

describe('stopping the server', () => {
  it('finishes in-flight requests, then refuses new connections', async () => {
    const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' });
    const server = await runAtelier({
      config,
      logger: memoryLogger().logger,
      composition: compose([slowModule]),
      roles: { http: true, worker: true },
    });
    const inFlight = fetch(`${server.url}/api/slow`);
    await started;
    const stopped = server.stop();
    await new Promise((resolve) => setTimeout(resolve, 100));
    releaseSlow();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ finished: true });
    await stopped;
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });
});
