import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from '../app.module.js';
import { configureApp } from '../app.setup.js';
import { loadConfig } from '../config/app-config.js';
import { EXAMPLE_IDENTITY, loadExample } from '../example/load-example.js';
import { ProcessCredentials } from '../access/process-credentials.js';

/**
 * `npm run seed:example`: loads the example data set into the configured store (the same environment as
 * `npm start`). It runs the API on a free local port for the duration and writes through it, so every
 * write takes the path a client's would. Running it again writes nothing.
 */
async function main(): Promise<void> {
  const configured = loadConfig(process.env);
  // Only warnings: the few hundred writes would otherwise each log a line.
  const config = { ...configured, host: '127.0.0.1', port: 0, metricsPort: undefined, seedExample: false, logLevel: process.env.LOG_LEVEL ? configured.logLevel : 'warn' } as const;
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { logger: false, abortOnError: false });
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  try {
    const url = (await app.getUrl()).replace('[::1]', 'localhost');
    const { written, alreadyThere } = await loadExample(url, app.get(ProcessCredentials).issue(EXAMPLE_IDENTITY));
    process.stdout.write(`example data set loaded into the ${config.store} store: ${written} writes recorded, ${alreadyThere} were there already\n`);
  } finally {
    await app.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`seed:example failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
