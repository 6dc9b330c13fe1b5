import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type Subscription, type UpcastEvent } from '#event-store';
import { ProblemException } from '../problems/problem.exception.js';
import type { EventMatcher } from './event-filter.js';
import { FEED_SETTINGS, type FeedSettings } from './feed-settings.js';
import { frameOf, LiveClient, type Frame, type StreamTarget } from './live-client.js';
import { READ_CHUNK, type LogSource } from './log-reader.js';

/** What the hub needs of the application's store (a CheckedEventStore: its reads are upcast). */
export type LiveSource = LogSource & Pick<EventStore, 'headPosition' | 'subscribe'>;

/** Whether a stream's credentials are still valid; false only when they definitely are not (revoked, expired). */
export type CredentialCheck = () => Promise<boolean>;

/** Pause before following the log again after the subscription failed (e.g. the database restarted). */
const RESUBSCRIBE_MS = 1_000;

/**
 * The live feed of one API instance: ONE store subscription, whose events are framed once and written to
 * every client. Recent frames stay in memory, so a client that connects a little behind joins from there;
 * one further behind first reads the log itself, at its own pace. Either way it joins the fan-out only
 * once it has everything up to the hub's position, and it is given only positions after its own, so
 * nothing is missed or repeated at the seam.
 */
@Injectable()
export class LiveFeedHub implements OnModuleDestroy {
  private readonly logger = new Logger('LiveFeed');
  private readonly clients = new Set<LiveClient>();
  /** The clients that receive the fan-out (the others are still catching up). */
  private readonly live = new Set<LiveClient>();
  private recent: Frame[] = [];
  /** Every event up to this position was fanned out; `recent` holds those after `recentFrom`. */
  private position = 0;
  private recentFrom = 0;
  private started?: Promise<void>;
  private subscription?: Subscription;
  private subscriptionsOpened = 0;
  private heartbeat?: NodeJS.Timeout;
  private retry?: NodeJS.Timeout;
  private closing = false;
  private batchWaiters: (() => void)[] = [];
  private readonly credentials = new Map<LiveClient, CredentialCheck>();
  private checking = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: LiveSource,
    @Inject(FEED_SETTINGS) private readonly settings: FeedSettings,
  ) {}

  /** Store subscriptions this instance has opened (one, unless it had to follow the log again after a failure). */
  get storeSubscriptions(): number {
    return this.subscriptionsOpened;
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /** Follows the log from its head, on the first client's request; rejects while the store cannot be reached. */
  start(): Promise<void> {
    if (this.closing) return Promise.reject(new ProblemException('service-unavailable', 'The server is shutting down', {}, 1));
    this.started ??= this.follow().catch((error: unknown) => {
      this.started = undefined;
      throw error;
    });
    return this.started;
  }

  /**
   * Serves one SSE response from `after` (call `start` first) until the client leaves or is ended, or until
   * `stillValid` — asked at every heartbeat — says its credentials no longer are.
   */
  connect(target: StreamTarget, matches: EventMatcher | undefined, after: number, stillValid: CredentialCheck = async () => true): void {
    // A client that left while its request was awaited (the hub starting, the log's head) would never be
    // seen leaving: its 'close' has been emitted already.
    if (target.destroyed) return;
    const client = new LiveClient(target, matches, after, this.settings, this.leave);
    if (this.closing) return client.end('the server is shutting down; reconnect to resume');
    this.clients.add(client);
    this.credentials.set(client, stillValid);
    this.catchUp(client).catch((error: unknown) => {
      this.logger.warn(`a live client could not catch up: ${String(error)}`);
      client.end('the event log could not be read; reconnect to resume');
    });
  }

  onModuleDestroy(): Promise<void> {
    return this.close();
  }

  /**
   * Ends every live stream with a comment and stops following the log; later requests get a 503. An HTTP
   * server that drains before the app closes waits for every open response, so it must call this first.
   */
  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.heartbeat);
    clearTimeout(this.retry);
    for (const client of this.clients) client.end('the server is shutting down; reconnect to resume');
    this.wakeBatchWaiters();
    await this.subscription?.close();
  }

  private async follow(): Promise<void> {
    this.position = this.recentFrom = await this.store.headPosition();
    this.subscribe();
    this.heartbeat = setInterval(() => {
      this.clients.forEach((client) => client.comment('heartbeat'));
      void this.checkCredentials();
    }, this.settings.heartbeatMs);
    this.heartbeat.unref();
  }

  private subscribe(): void {
    this.subscriptionsOpened += 1;
    const subscription = this.store.subscribe({
      after: this.position,
      batchSize: READ_CHUNK,
      // The application's store is a CheckedEventStore: it hands subscribers upcast events.
      onEvents: (events) => this.fanOut(events as UpcastEvent[]),
    });
    this.subscription = subscription;
    subscription.done.catch((error: unknown) => {
      if (this.closing || this.subscription !== subscription) return;
      this.logger.warn(`the live feed lost its subscription (${String(error)}); following the log again in ${RESUBSCRIBE_MS} ms`);
      this.retry = setTimeout(() => this.subscribe(), RESUBSCRIBE_MS);
    });
  }

  private async catchUp(client: LiveClient): Promise<void> {
    while (client.open) {
      if (client.after >= this.position) {
        // Synchronous with the check: no batch can be fanned out in between.
        this.live.add(client);
        return;
      }
      if (client.after >= this.recentFrom) {
        await client.take(this.recent.filter((frame) => frame.position > client.after));
        continue;
      }
      const events = await this.store.readAll({ after: client.after, limit: READ_CHUNK });
      // The hub read up to its position from the same log, so the log cannot be empty here; wait rather than spin.
      if (events.length === 0) await this.nextBatch();
      else await client.take(events.map(frameOf));
    }
  }

  private fanOut(events: readonly UpcastEvent[]): void {
    for (const client of this.live) client.keptUp();
    for (const event of events) {
      const frame = frameOf(event);
      this.recent.push(frame);
      for (const client of this.live) client.offer(frame);
    }
    this.position = events[events.length - 1].position;
    const excess = this.recent.length - this.settings.recentEvents;
    if (excess > 0) this.recentFrom = this.recent.splice(0, excess)[excess - 1].position;
    this.wakeBatchWaiters();
  }

  private readonly leave = (client: LiveClient): void => {
    this.clients.delete(client);
    this.live.delete(client);
    this.credentials.delete(client);
  };

  /** Ends the streams whose credentials were revoked or expired since they connected (one round at a time). */
  private async checkCredentials(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      for (const [client, stillValid] of [...this.credentials]) {
        if (client.open && !(await stillValid())) client.end('the credentials of this stream are no longer valid (revoked or expired); reconnect with valid ones');
      }
    } finally {
      this.checking = false;
    }
  }

  private nextBatch(): Promise<void> {
    return new Promise((resolve) => this.batchWaiters.push(resolve));
  }

  private wakeBatchWaiters(): void {
    for (const wake of this.batchWaiters.splice(0)) wake();
  }
}
