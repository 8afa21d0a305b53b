import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/config.ts';
import { openDatabase, type OpenedDatabase } from '../db/open-database.ts';
import { createHttpApp } from '../http/create-http-app.ts';
import type { Logger } from '../logging/logger.ts';
import type { AtelierModule } from '../module.ts';
import { executeCommand, type CommandDefinition } from './command.ts';
import { serveCommands } from './command-socket.ts';

export interface ServerOptions {
  config: Config;
  logger: Logger;
  modules: readonly AtelierModule[];
  commands: readonly CommandDefinition[];
}

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  /** Stops taking requests, lets in-flight ones finish, closes the database. */
  stop(): Promise<void>;
}

/**
 * The `serve` role: opens and migrates the database, listens for HTTP, and on the embedded
 * database also answers operator commands over the data directory's socket.
 */
export async function runServer(options: ServerOptions): Promise<RunningServer> {
  const { config, logger } = options;
  const opened: OpenedDatabase = await openDatabase(config);
  let app: FastifyInstance | undefined;
  try {
    await opened.db.migrate();
    app = await createHttpApp({ config, db: opened.db, logger, modules: options.modules });
    const commandSocket = opened.lock
      ? await serveCommands(config.DATA_DIR, (name, args) =>
          executeCommand(options.commands, { config, db: opened.db, logger }, [...name.split(' '), ...args]),
        )
      : undefined;
    const address = await app.listen({ host: config.HOST, port: config.PORT });
    logger.info({ url: address, engine: opened.db.engine }, `Atelier is listening on ${address}`);
    const listening = app;
    let stopping: Promise<void> | undefined;
    return {
      app: listening,
      url: address,
      stop() {
        stopping ??= (async () => {
          await commandSocket?.close();
          await listening.close();
          await opened.close();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await app?.close();
    await opened.close();
    throw error;
  }
}

/** SIGTERM and SIGINT stop the server gracefully; exit 0 when done, 1 if it takes too long. */
export function stopOnSignals(server: RunningServer, logger: Logger, timeoutMs: number): void {
  const onSignal = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    const timer = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown took too long; exiting');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    server.stop().then(
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
