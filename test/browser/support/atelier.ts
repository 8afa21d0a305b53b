import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generationModule } from '../../../src/modules/generation/index.ts';
import { identityModule } from '../../../src/modules/identity/index.ts';
import { sitesModule } from '../../../src/modules/sites/index.ts';
import { usageModule } from '../../../src/modules/usage/index.ts';
import { webhooksModule } from '../../../src/modules/webhooks/index.ts';
import { compose } from '../../../src/platform/compose.ts';
import { loadConfig, type Config } from '../../../src/platform/config/config.ts';
import type { Database } from '../../../src/platform/db/database.ts';
import { createLogger } from '../../../src/platform/logging/logger.ts';
import { executeCommand } from '../../../src/platform/process/command.ts';
import { runAtelier } from '../../../src/platform/process/run-atelier.ts';

/**
 * The modules the dashboard has pages for, composed as src/app.ts composes the product. Listing
 * them here (not importing src/app.ts) keeps this test about the dashboard while other modules
 * are being built beside it.
 */
const dashboard = compose([identityModule, usageModule]);

/** The dashboard's modules and the website generator with the generation layer it runs on. */
const withSites = compose([identityModule, usageModule, generationModule, sitesModule]);

/** The dashboard's modules and outgoing webhooks. */
const withWebhooks = compose([identityModule, usageModule, webhooksModule]);

export const repositoryRoot = path.resolve(import.meta.dirname, '../../..');
export const resultsDir = path.join(repositoryRoot, 'test-results');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Builds web/dist when it is missing or older than its sources (what `npm start` does first). */
export function ensureWebBuilt(): void {
  const build = spawnSync(process.execPath, [path.join(repositoryRoot, 'web/build-if-stale.ts')], { cwd: repositoryRoot, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('building the web app failed');
}

/**
 * The whole product in this process, as `atelier start` runs it (runAtelier: HTTP and worker,
 * migrations, jobs, event subscribers, the built dashboard at /), on a fresh PGlite data
 * directory, listening on a loopback port, sending email through `smtpUrl`. Its log goes to
 * test-results/browser-server.log. With `webhooks`, deliveries may reach the networks it names
 * (WEBHOOKS_ALLOWED_NETWORKS: a receiver of the test's own on loopback).
 */
export async function startAtelier(smtpUrl: string, options: { sites?: boolean; webhooks?: { allowedNetworks: string } } = {}) {
  const atelier = options.sites ? withSites : options.webhooks ? withWebhooks : dashboard;
  const logName = options.sites ? 'browser-server-sites.log' : options.webhooks ? 'browser-server-webhooks.log' : 'browser-server.log';
  const port = await freePort();
  // The public origin of published sites: its own loopback listener.
  const sitesPort = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'atelier-browser-'));
  const url = `http://127.0.0.1:${port}`;
  const config: Config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    PUBLIC_URL: url,
    SMTP_URL: smtpUrl,
    MAIL_FROM: 'Atelier <no-reply@atelier.test>',
    LOG_LEVEL: 'info',
    SITES_PORT: String(sitesPort),
    SITES_ORIGIN: `http://127.0.0.1:${sitesPort}`,
    ...(options.webhooks ? { WEBHOOKS_ALLOWED_NETWORKS: options.webhooks.allowedNetworks } : {}),
  });
  mkdirSync(resultsDir, { recursive: true });
  const logFile = createWriteStream(path.join(resultsDir, logName));
  const logger = createLogger('info', logFile);
  const running = await runAtelier({ config, logger, composition: atelier, roles: { http: true, worker: true } });
  const app = running.app;
  if (!app) throw new Error('the HTTP role did not start');
  const db: Database = app.identity.db;
  return {
    url,
    config,
    db,
    /** Runs an operator command (`['operator', 'grant', 'ann@example.com']`) as `npx atelier` would. */
    async command(argv: string[]): Promise<string> {
      const result = await executeCommand(atelier.commands, { config, db, jobs: running.jobs, logger, subscribers: atelier.subscribers }, argv);
      if (!result.ok) throw new Error(`atelier ${argv.join(' ')} failed: ${result.error}`);
      return result.output;
    },
    async stop() {
      await running.stop();
      logFile.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
