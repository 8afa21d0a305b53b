/**
 * The subject of the sites benchmark, run in its own process: Atelier's public origin as
 * `atelier start` builds it (`createPublicApp` with every module of the product, beside the
 * dashboard's app on the same database), serving one published ten-page site.
 *
 * The site is made the way a member makes one, through the API (by `inject`, so only the public
 * origin listens): sign up, a site from a prompt (the `site.generate` generation run by the
 * local provider, as in the API tests), `addPage` edits up to ten pages, publish. The workspace
 * is moved to the Pro plan first (the free plan allows five pages), once the event subscribers
 * have run as a worker would run them. The database is an
 * in-memory PGlite, migrated; the logger runs at info, as in production, writing to /dev/null.
 *
 * Tells the parent the published home page's path (`details.path`) and the site's page count.
 */
import type { AddressInfo } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { pino } from 'pino';
import { atelier } from '../../src/app.ts';
import { generationParts } from '../../src/modules/generation/index.ts';
import { runGeneration } from '../../src/modules/generation/run-generation.ts';
import type { SiteDocument } from '../../src/modules/sites/contract.ts';
import { createUsage } from '../../src/modules/usage/index.ts';
import { loadConfig } from '../../src/platform/config/config.ts';
import { wrapPglite } from '../../src/platform/db/pglite.ts';
import { createDispatcher } from '../../src/platform/events/dispatcher.ts';
import { createHttpApp } from '../../src/platform/http/create-http-app.ts';
import { createPublicApp } from '../../src/platform/http/create-public-app.ts';
import { createMetricsRegistry } from '../../src/platform/http/metrics.ts';
import { createJobQueue } from '../../src/platform/jobs/job-queue.ts';
import { createLogger } from '../../src/platform/logging/logger.ts';
import { call, signUp } from '../../test/support/identity-client.ts';
import { serveForParent } from '../http-load.ts';
import { pagesToAdd, siteBrief, sitePageCount } from './ten-page-site.ts';

serveForParent(async () => {
  const db = wrapPglite(new PGlite());
  await db.migrate();
  // Synchronous writes, like pino's default stdout destination in production.
  const logger = createLogger('info', pino.destination({ dest: '/dev/null', sync: true }));
  const config = loadConfig({});
  const jobs = await createJobQueue({ config, db, role: 'client', jobs: atelier.jobs, logger });
  const modules = [...atelier.modules];
  const app = await createHttpApp({ config, db, jobs, logger, metrics: createMetricsRegistry(), modules });
  const publicApp = await createPublicApp({ config, db, jobs, logger, modules });
  if (!publicApp) throw new Error('no module serves the public origin');
  const close = async () => {
    await publicApp.close();
    await app.close();
    await jobs.stop(0);
    await db.close();
  };

  try {
    const owner = await signUp(app, 'bench@example.com');
    // What a worker does next: the usage module's subscriber gives the new workspace its plan.
    await createDispatcher({ db, subscribers: atelier.subscribers, logger }).drain();
    const usage = createUsage(db, config);
    await usage.plans.changePlan(owner.workspaceId, 'pro');
    await usage.ledger.grant(owner.workspaceId, { amount: 1000, source: 'purchase', key: 'bench' });
    const base = `/api/workspaces/${owner.workspaceId}/sites`;
    const expect = async (response: Promise<{ statusCode: number; body: string }>, status: number, what: string) => {
      const answered = await response;
      if (answered.statusCode !== status) throw new Error(`${what} answered ${answered.statusCode}: ${answered.body}`);
      return JSON.parse(answered.body || 'null') as Record<string, unknown>;
    };

    const created = (await expect(call(app, 'POST', base, { cookie: owner.cookie, body: { prompt: siteBrief } }), 202, 'creating the site')) as {
      site: { id: string; slug: string };
      generation: { id: string };
    };
    await runGeneration(
      generationParts(db, config, atelier.contributions),
      { generationId: created.generation.id, workspaceId: owner.workspaceId },
      { signal: new AbortController().signal, logger, lastAttempt: true },
    );
    const site = `${base}/${created.site.id}`;
    const generated = (await expect(call(app, 'GET', site, { cookie: owner.cookie }), 200, 'reading the generated site')) as { revision: { id: string }; document: SiteDocument };
    const operations = pagesToAdd(generated.document, siteBrief);
    const edited = (await expect(
      call(app, 'POST', `${site}/edits`, { cookie: owner.cookie, body: { baseRevisionId: generated.revision.id, operations } }),
      200,
      'adding pages',
    )) as { document: SiteDocument };
    if (edited.document.pages.length !== sitePageCount) throw new Error(`the site has ${edited.document.pages.length} pages, not ${sitePageCount}`);
    await expect(call(app, 'POST', `${site}/publish`, { cookie: owner.cookie }), 200, 'publishing');

    await publicApp.listen({ host: '127.0.0.1', port: 0 });
    return {
      port: (publicApp.server.address() as AddressInfo).port,
      details: { path: `/${created.site.slug}/`, pages: String(edited.document.pages.length) },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
});
