import 'reflect-metadata';
import { ConsoleLogger, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module.js';
import { configureApp } from './app.setup.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { STORAGE } from './storage/storage.module.js';
import type { Storage } from './storage/open-storage.js';

async function bootstrap(): Promise<void> {
  const config = loadConfig(process.env);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger: new ConsoleLogger({ json: config.logFormat === 'json' }),
  });
  configureApp(app);
  await app.listen(config.port, config.host);
  const url = (await app.getUrl()).replace('[::1]', 'localhost');
  new Logger('goal-ledger').log(`serving on ${url} (Swagger console at ${url}/docs) with ${app.get<Storage>(STORAGE).description}`);
}

bootstrap().catch((error: unknown) => {
  // A bad configuration is the operator's to fix: say what is wrong, without a stack trace.
  process.stderr.write(error instanceof ConfigError ? `${error.message}\n` : `goal-ledger failed to start: ${String(error)}\n`);
  process.exit(1);
});
