import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { EVENT_CATALOGUE } from '#domain';
import { CheckedEventStore, EVENT_STORE } from '#event-store';
import { READ_MODELS } from '#projections';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config.js';
import { InstrumentedEventStore } from '../metrics/instrumented-event-store.js';
import { Metrics } from '../metrics/metrics.js';
import { openStorage, type Storage } from './open-storage.js';

export const APP_CONFIG = Symbol('AppConfig');
export const STORAGE = Symbol('Storage');
/** The server's clock, injectable so that tests can pin "now". */
export const CLOCK = Symbol('Clock');
export type Clock = () => Date;

class StorageLifecycle implements OnApplicationShutdown {
  constructor(@Inject(STORAGE) private readonly storage: Storage) {}

  // onApplicationShutdown runs after every onModuleDestroy, i.e. after the projection runners stopped.
  async onApplicationShutdown(): Promise<void> {
    await this.storage.close();
  }
}

@Global()
@Module({})
export class StorageModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: StorageModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        // Durability warnings go into the application's log, where operators look: the Nest logger is not
        // in place yet while the modules start.
        { provide: STORAGE, useFactory: (logger: Logger) => openStorage(config, (message) => logger.warn(message, 'EventStore')), inject: [Logger] },
        {
          // The application appends and reads through the event catalogue (checked writes, upcast reads);
          // the metrics measure what reaches the store.
          provide: EVENT_STORE,
          useFactory: (storage: Storage, metrics: Metrics) =>
            new CheckedEventStore(new InstrumentedEventStore(storage.events, metrics, config.store), EVENT_CATALOGUE),
          inject: [STORAGE, Metrics],
        },
        { provide: READ_MODELS, useFactory: (storage: Storage) => storage.readModels, inject: [STORAGE] },
        { provide: CLOCK, useValue: () => new Date() },
        StorageLifecycle,
      ],
      exports: [APP_CONFIG, STORAGE, EVENT_STORE, READ_MODELS, CLOCK],
    };
  }
}
