import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../src/platform/config/config.ts';
import { openPostgres } from '../../src/platform/db/postgres.ts';
import type { Database } from '../../src/platform/db/database.ts';
import { wrapPglite } from '../../src/platform/db/pglite.ts';
import { createJobQueue } from '../../src/platform/jobs/job-queue.ts';
import { createLogger } from '../../src/platform/logging/logger.ts';
import { adminQuery, postgresTestUrl, withDatabase } from './postgres-admin.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    testEngine: 'pglite' | 'postgres';
    /** PGlite: a dump of a migrated cluster that each test file loads into memory. */
    pgliteTemplate: string;
    /** PostgreSQL: a migrated database each test file copies with CREATE DATABASE … TEMPLATE. */
    postgresTemplate: string;
  }
}

/** Our migrations and pg-boss's own schema, so no test file installs either again. */
async function prepareTemplate(db: Database): Promise<void> {
  await db.migrate();
  const queue = await createJobQueue({ config: loadConfig({}), db, role: 'client', jobs: [], logger: createLogger('silent') });
  await queue.stop(0);
}

/**
 * Migrates once per run, so each test file starts from a copy instead of migrating again:
 * a PGlite dump on disk, and on PostgreSQL a template database.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const engine = process.env.ATELIER_TEST_ENGINE === 'postgres' ? 'postgres' : 'pglite';
  project.provide('testEngine', engine);

  const folder = await mkdtemp(path.join(os.tmpdir(), 'atelier-test-'));
  const pglite = await PGlite.create();
  await prepareTemplate(wrapPglite(pglite));
  const dump = await pglite.dumpDataDir('none');
  await pglite.close();
  const dumpFile = path.join(folder, 'pglite-template.tar');
  await writeFile(dumpFile, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', dumpFile);

  let templateName = '';
  if (engine === 'postgres') {
    templateName = `atelier_tpl_${process.pid}_${Date.now()}`;
    await adminQuery(`create database ${templateName}`);
    const db = await openPostgres({ url: withDatabase(postgresTestUrl(), templateName), poolSize: 2 });
    await prepareTemplate(db);
    await db.close();
  }
  project.provide('postgresTemplate', templateName);

  return async () => {
    if (templateName) await adminQuery(`drop database if exists ${templateName} with (force)`);
    await rm(folder, { recursive: true, force: true });
  };
}
