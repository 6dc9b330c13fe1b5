import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import type { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from '../../../apps/api/src/app.module.js';
import { configureApp } from '../../../apps/api/src/app.setup.js';
import { loadConfig } from '../../../apps/api/src/config/app-config.js';
import { BareModule } from './bare-app.js';
import { bareSseServer } from './bare-sse.js';

/**
 * A server for the HTTP benchmark, run as a child process so that the load generator does not share its
 * event loop: `app` is the real API configured from the environment as main.ts does, `bare` the ceiling
 * (`bare-sse` the ceiling of the live feed).
 * It tells the parent its port over IPC, profiles its CPU between 'profile' and { profileTo: file } (the
 * inspector's profiler, so that start-up is not in the profile), and exits on 'stop'.
 */
async function serve(kind: string): Promise<void> {
  if (kind === 'bare-sse') return serveBareSse();
  const config = loadConfig(process.env);
  const module: Type | DynamicModule = kind === 'bare' ? BareModule.forRoot(config) : AppModule.forRoot(config);
  const app = await NestFactory.create<NestExpressApplication>(module, { logger: ['error'] });
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
  const profiler = new Session();
  profiler.connect();
  process.on('message', (message: 'stop' | 'profile' | { profileTo: string }) => {
    if (message === 'stop') void app.close().then(() => process.exit(0));
    else if (message === 'profile') void startProfiling(profiler).then(() => process.send?.('profiling'));
    else void stopProfiling(profiler, message.profileTo).then(() => process.send?.('profiled'));
  });
}

async function serveBareSse(): Promise<void> {
  const server = await bareSseServer();
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
  });
  process.on('message', (message) => {
    if (message === 'stop') server.close(() => process.exit(0));
  });
}

async function startProfiling(profiler: Session): Promise<void> {
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.start');
}

async function stopProfiling(profiler: Session, file: string): Promise<void> {
  const { profile } = await profiler.post('Profiler.stop');
  writeFileSync(file, JSON.stringify(profile));
}

serve(process.argv[2] ?? 'app').catch((error: unknown) => {
  process.stderr.write(`bench server failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
