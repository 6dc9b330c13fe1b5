import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from '../../../apps/api/src/app.module.js';
import { configureApp } from '../../../apps/api/src/app.setup.js';
import { loadConfig } from '../../../apps/api/src/config/app-config.js';

/**
 * The API as main.ts starts it, in a process of its own so that its resident set is its own: it tells
 * the parent its port once it listens, its peak RSS when asked ('rss'), and exits on 'stop'.
 */
async function serve(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(loadConfig(process.env)), { logger: false, abortOnError: false });
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
  process.on('message', (message: 'stop' | 'rss') => {
    // maxRSS is the peak of the whole process life in kilobytes, start-up included.
    if (message === 'rss') process.send?.({ peakRssMiB: process.resourceUsage().maxRSS / 1024 });
    else void app.close().then(() => process.exit(0));
  });
}

serve().catch((error: unknown) => {
  process.stderr.write(`API failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
