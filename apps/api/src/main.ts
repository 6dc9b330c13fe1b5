import 'reflect-metadata';
import { setTimeout as delay } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { EventStoreUnavailableError, translateUnavailable } from '#event-store';
import { AppModule } from './app.module.js';
import { configureApp } from './app.setup.js';
import { ConfigError, loadConfig, type AppConfig } from './config/app-config.js';
import { seedExampleOnStart } from './example/seed-on-start.js';
import { LiveFeedHub } from './events/live-feed.hub.js';
import { HttpDrain } from './shutdown/graceful-shutdown.js';
import { STORAGE } from './storage/storage.module.js';
import type { Storage } from './storage/open-storage.js';

const logger = new Logger('goal-ledger');

async function bootstrap(): Promise<void> {
  const config = loadConfig(process.env);
  const app = await createApp(config);
  configureApp(app);
  await app.listen(config.port, config.host);
  const drain = new HttpDrain(app.getHttpServer());
  stopOnSignals(app, drain, config.shutdownTimeoutMs);
  const url = (await app.getUrl()).replace('[::1]', 'localhost');
  logger.log(`serving on ${url} (Swagger console at ${url}/docs) with ${app.get<Storage>(STORAGE).description}`);
  // In the background: the API serves meanwhile, and the data shows in the console as it is written.
  if (config.seedExample) void seedExampleOnStart(app, localUrl(url), logger);
}

/** The server's own address, for writing to itself: a wildcard host is not an address to connect to. */
function localUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.hostname === '0.0.0.0' || parsed.hostname === '[::]') parsed.hostname = '127.0.0.1';
  return parsed.origin;
}

/** Creates the app; while the database is unreachable, retries until GOAL_LEDGER_STORE_WAIT_MS has passed. */
async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const deadline = Date.now() + config.storeWaitMs;
  for (let attempt = 1; ; attempt += 1) {
    try {
      // A failing start-up throws here rather than Nest logging a stack trace; configureApp installs the logger.
      return await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { logger: false, abortOnError: false });
    } catch (error) {
      const unreachable = translateUnavailable(error) instanceof EventStoreUnavailableError;
      if (!unreachable) throw error;
      if (Date.now() >= deadline) throw new DatabaseUnreachable(config, error);
      const pause = Math.min(1000 * attempt, 5000, Math.max(0, deadline - Date.now()));
      process.stderr.write(`${new DatabaseUnreachable(config, error).message}; retrying in ${pause} ms\n`);
      await delay(pause);
    }
  }
}

/**
 * SIGTERM or SIGINT: stop accepting connections, answer the requests in flight, stop the read-model
 * runners and close the store, then exit 0. After `timeoutMs` the process exits with 1 regardless.
 */
function stopOnSignals(app: NestExpressApplication, drain: HttpDrain, timeoutMs: number): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: no new connections; finishing ${drain.requestsInFlight} requests in flight`);
    // Live feeds never finish by themselves: end them first, with a comment telling clients to reconnect.
    void app.get(LiveFeedHub).close();
    const deadline = setTimeout(() => {
      logger.error(`shutdown did not finish within ${timeoutMs} ms (${drain.requestsInFlight} requests in flight); exiting`);
      process.exit(1);
    }, timeoutMs);
    drain
      .drain()
      .then(() => app.close())
      .then(
        () => {
          clearTimeout(deadline);
          logger.log('stopped');
          process.exit(0);
        },
        (error: unknown) => {
          logger.error(`shutdown failed: ${String(error)}`);
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

class DatabaseUnreachable extends Error {
  constructor(config: AppConfig, error: unknown) {
    // The driver's own message ("connect ECONNREFUSED …") says more than the store's wrapper around it.
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    super(`cannot reach PostgreSQL at ${whereIs(config.databaseUrl)}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/** Host, port and database of a connection URL, without the user and password. */
function whereIs(url: string | undefined): string {
  try {
    const parsed = new URL(url ?? '');
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return 'the configured DATABASE_URL';
  }
}

bootstrap().catch((error: unknown) => {
  // The operator has something to fix: say what, in one line, without a stack trace.
  const reason = error instanceof ConfigError || error instanceof DatabaseUnreachable ? error.message : String(error);
  process.stderr.write(`goal-ledger cannot start: ${reason.replaceAll('\n', '; ')}\n`);
  process.exit(1);
});
