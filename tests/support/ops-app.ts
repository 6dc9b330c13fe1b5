import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { EVENT_CATALOGUE } from '#domain';
import { CheckedEventStore, EVENT_STORE, type EventStore, type SubscribeOptions, type Subscription } from '#event-store';
import { AppModule } from '../../apps/api/src/app.module.js';
import { configureApp } from '../../apps/api/src/app.setup.js';
import type { AppConfig } from '../../apps/api/src/config/app-config.js';
import { InstrumentedEventStore } from '../../apps/api/src/metrics/instrumented-event-store.js';
import { Metrics } from '../../apps/api/src/metrics/metrics.js';
import type { Storage } from '../../apps/api/src/storage/open-storage.js';
import { STORAGE } from '../../apps/api/src/storage/storage.module.js';
import { postTo, testConfig } from './app.js';
import { actAsAdminByDefault } from './test-admin.js';
import { registerTestRegistry } from './test-registry.js';

export interface OpsAppOptions {
  readonly config: Partial<AppConfig> & { dataDir: string };
  /** Wraps the (instrumented) event store the app uses, e.g. to hold back deliveries or fail appends. */
  readonly wrapStore?: (store: EventStore) => EventStore;
  /** Receives every log line; a test file has one logger (nestjs-pino keeps it per process). */
  readonly log?: LogCapture;
}

/** The real AppModule with main.ts's set-up, like startApp, plus a hand on the store and the log. */
export async function startOpsApp({ config, wrapStore = (store) => store, log }: OpsAppOptions): Promise<INestApplication> {
  const full: AppConfig = testConfig(config);
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(full, log)] })
    .overrideProvider(EVENT_STORE)
    .useFactory({
      factory: (storage: Storage, metrics: Metrics) => new CheckedEventStore(wrapStore(new InstrumentedEventStore(storage.events, metrics, full.store)), EVENT_CATALOGUE),
      inject: [STORAGE, Metrics],
    })
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true });
  configureApp(app);
  actAsAdminByDefault(app.getHttpServer());
  await app.init();
  await registerTestRegistry(postTo(app));
  return app;
}

/** A pino destination that keeps the log lines and lets a test wait for one. */
export class LogCapture {
  readonly lines: Record<string, unknown>[] = [];
  private waiters: { match: (line: Record<string, unknown>) => boolean; resolve: (line: Record<string, unknown>) => void }[] = [];

  write(text: string): void {
    const line = JSON.parse(text) as Record<string, unknown>;
    this.lines.push(line);
    for (const waiter of this.waiters.filter((w) => w.match(line))) waiter.resolve(line);
    this.waiters = this.waiters.filter((w) => !w.match(line));
  }

  /** The first line, logged so far or later, that matches. */
  next(match: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    const found = this.lines.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }
}

/**
 * Holds back what subscriptions deliver to the read models while closed, so that a test can make them lag
 * on purpose, and tells when every subscription has applied a position after it opens again.
 */
export class DeliveryGate {
  private closed: { promise: Promise<void>; open: () => void } | undefined;
  private readonly applied = new Map<Subscription, number>();
  private listeners: (() => void)[] = [];

  close(): void {
    let open = () => undefined as void;
    const promise = new Promise<void>((resolve) => (open = resolve));
    this.closed = { promise, open };
  }

  open(): void {
    this.closed?.open();
    this.closed = undefined;
  }

  /** Resolves once every live subscription has applied the event at `position`. */
  appliedEverywhere(position: number): Promise<void> {
    const reached = () => [...this.applied.values()].every((at) => at >= position);
    return new Promise((resolve) => {
      const check = () => {
        if (!reached()) return;
        this.listeners = this.listeners.filter((l) => l !== check);
        resolve();
      };
      this.listeners.push(check);
      check();
    });
  }

  wrap(store: EventStore): EventStore {
    const gate = this;
    return {
      append: (stream, events, expected) => store.append(stream, events, expected),
      readStream: (stream, options) => store.readStream(stream, options),
      readAll: (options) => store.readAll(options),
      readEvent: (id) => store.readEvent(id),
      headPosition: () => store.headPosition(),
      close: () => store.close(),
      subscribe(options: SubscribeOptions): Subscription {
        const subscription: Subscription = store.subscribe({
          ...options,
          onEvents: async (events) => {
            await gate.closed?.promise;
            await options.onEvents(events);
            gate.applied.set(subscription, events[events.length - 1].position);
            for (const listener of [...gate.listeners]) listener();
          },
        });
        gate.applied.set(subscription, options.after);
        const forget = () => gate.applied.delete(subscription);
        subscription.done.then(forget, forget);
        return subscription;
      },
    };
  }
}

/** The value of one sample of a Prometheus text exposition, or 0 when it is absent. */
export function sample(exposition: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of exposition.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = (match[2] ?? '').split(',');
    if (wanted.every((pair) => present.includes(pair))) return Number(match[3]);
  }
  return 0;
}
