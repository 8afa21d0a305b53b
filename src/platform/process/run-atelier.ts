import type { FastifyInstance } from 'fastify';
import type { Composition } from '../compose.ts';
import type { Config } from '../config/config.ts';
import { openDatabase, type OpenedDatabase } from '../db/open-database.ts';
import { createDispatcher, type Dispatcher } from '../events/dispatcher.ts';
import { installEventMetrics } from '../events/event-metrics.ts';
import { createHttpApp } from '../http/create-http-app.ts';
import { createPublicApp } from '../http/create-public-app.ts';
import { createMetricsRegistry } from '../http/metrics.ts';
import { createJobQueue, type JobQueue } from '../jobs/job-queue.ts';
import type { Logger } from '../logging/logger.ts';
import { limitsOf } from '../module.ts';
import { executeCommand } from './command.ts';
import { serveCommands } from './command-socket.ts';

export interface Roles {
  /** Serve HTTP. */
  http: boolean;
  /** Run jobs and event subscribers. */
  worker: boolean;
}

export interface AtelierOptions {
  config: Config;
  logger: Logger;
  composition: Composition;
  roles: Roles;
}

export interface RunningAtelier {
  /** Set when the HTTP role runs. */
  app: FastifyInstance | undefined;
  url: string | undefined;
  /** Where the public origin (published sites) listens, when a module serves anything there. */
  sitesUrl: string | undefined;
  jobs: JobQueue;
  /** Stops taking requests and jobs, lets in-flight ones finish, closes the database. */
  stop(): Promise<void>;
}

/**
 * One process of Atelier in the roles asked for: `serve` (HTTP), `worker` (jobs and event
 * subscribers) or both (`start`). On the embedded database it also answers operator commands
 * over the data directory's socket, since no other process can open the database.
 */
export async function runAtelier(options: AtelierOptions): Promise<RunningAtelier> {
  const { config, logger, composition, roles } = options;
  const opened: OpenedDatabase = await openDatabase(config);
  const { db } = opened;
  const stops: (() => Promise<void>)[] = [() => opened.close()];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  };
  try {
    await db.migrate();
    const metrics = createMetricsRegistry();
    const limits = limitsOf(composition.modules, { db, config });
    const jobs = await createJobQueue({
      config,
      db,
      role: roles.worker ? 'worker' : 'client',
      jobs: composition.jobs,
      schedules: composition.schedules,
      contributions: composition.contributions,
      logger,
      // The plan decides how many of a workspace's fair jobs run at once.
      workspaceConcurrency: (workspaceId) => limits.jobConcurrency(workspaceId),
    });
    stops.push(() => jobs.stop(config.SHUTDOWN_TIMEOUT_MS / 2));

    let dispatcher: Dispatcher | undefined;
    if (roles.worker) {
      dispatcher = createDispatcher({ db, subscribers: composition.subscribers, logger, jobs });
      installEventMetrics(metrics, db, composition.subscribers);
      await jobs.work();
      await dispatcher.start();
      stops.push(() => (dispatcher as Dispatcher).stop());
    }

    if (opened.lock) {
      const context = { config, db, jobs, logger, subscribers: composition.subscribers };
      const socket = await serveCommands(config.DATA_DIR, (name, args) =>
        executeCommand(composition.commands, context, [...name.split(' '), ...args]),
      );
      stops.push(() => socket.close());
    }

    let app: FastifyInstance | undefined;
    let url: string | undefined;
    let sitesUrl: string | undefined;
    if (roles.http) {
      const http = await createHttpApp({ config, db, jobs, logger, metrics, modules: composition.modules });
      app = http;
      stops.push(() => http.close());
      url = await http.listen({ host: config.HOST, port: config.PORT });
      logger.info({ url, engine: db.engine, roles }, `Atelier is listening on ${url}`);
      const publicApp = await createPublicApp({ config, db, jobs, logger, modules: composition.modules });
      if (publicApp) {
        stops.push(() => publicApp.close());
        sitesUrl = await publicApp.listen({ host: config.HOST, port: config.SITES_PORT });
        logger.info({ url: sitesUrl, origin: config.SITES_ORIGIN }, `Published sites are served on ${sitesUrl}`);
      }
    } else {
      logger.info({ engine: db.engine, roles }, 'Atelier worker is running');
    }
    let stopping: Promise<void> | undefined;
    return {
      app,
      url,
      sitesUrl,
      jobs,
      stop() {
        stopping ??= stopAll();
        return stopping;
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/**
 * SIGTERM and SIGINT stop the process gracefully; exit 0 when done, 1 if it takes too long.
 * Installed before start-up finishes, so a signal during start-up stops it once it has started.
 */
export function stopOnSignals(starting: Promise<RunningAtelier>, logger: Logger, timeoutMs: number): void {
  const onSignal = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'shutting down: finishing in-flight work');
    const timer = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown took too long; exiting');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    starting.then((running) => running.stop()).then(
      () => {
        logger.info('stopped');
        logger.flush?.();
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
