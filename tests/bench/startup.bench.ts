import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../apps/api/src/app.module.js';
import { loadConfig, type AppConfig } from '../../apps/api/src/config/app-config.js';
import { measurement, timed, type Measurement } from './bench-kit.js';

/** Seconds from creating the Nest application to having it initialised (projections started, routes mapped). */
async function startUp(config: AppConfig): Promise<number> {
  const { seconds, result: app } = await timed(async () => {
    const created = await NestFactory.create(AppModule.forRoot(config), { logger: false });
    await created.init();
    return created;
  });
  await app.close();
  return seconds;
}

/** Start-up on a store holding `total` events with up-to-date read models, against an empty store. */
export async function startup(adapter: string, loaded: Partial<AppConfig>, empty: Partial<AppConfig>, total: number): Promise<Measurement> {
  Logger.overrideLogger(false);
  const base = loadConfig({});
  await startUp({ ...base, ...empty }); // Warms module loading, so neither side pays for it.
  const emptySeconds = await startUp({ ...base, ...empty });
  const loadedSeconds = await startUp({ ...base, ...loaded });
  return measurement(
    'start-up',
    `${adapter}, ${total.toLocaleString('en-US')} events, read models up to date`,
    's',
    loadedSeconds,
    'the same start-up on an empty store',
    emptySeconds,
  );
}
