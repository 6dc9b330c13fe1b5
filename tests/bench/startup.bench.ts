import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../apps/api/src/app.module.js';
import { loadConfig, type AppConfig } from '../../apps/api/src/config/app-config.js';
import { timed } from './bench-kit.js';
import { interleaved, type Contender, type ScenarioResult } from './stats.js';

/** Seconds from creating the Nest application to having it initialised (projections started, routes mapped). */
function startingUp(name: string, config: AppConfig): Contender {
  return {
    name,
    measure: async () => {
      const { seconds, result: app } = await timed(async () => {
        const created = await NestFactory.create(AppModule.forRoot(config), { logger: false });
        await created.init();
        return created;
      });
      await app.close();
      return { value: seconds };
    },
  };
}

/** Start-up on a store holding `total` events with up-to-date read models, against an empty store. */
export async function startup(adapter: string, loaded: Partial<AppConfig>, empty: Partial<AppConfig>, total: number, rounds: number): Promise<ScenarioResult> {
  Logger.overrideLogger(false);
  const base = loadConfig({});
  return interleaved(
    {
      group: 'start-up',
      name: `${adapter}, ${total.toLocaleString('en-US')} events, read models up to date`,
      unit: 's',
      better: 'lower',
      contenders: [startingUp('ours', { ...base, ...loaded }), startingUp('the same start-up on an empty store', { ...base, ...empty })],
    },
    rounds,
  );
}
