import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import type { SubscribeOptions, Subscription, UpcastEvent } from '#event-store';
import { DEFAULT_FEED_SETTINGS, type FeedSettings } from './feed-settings.js';
import { LiveFeedHub, type LiveSource } from './live-feed.hub.js';

/** A log in memory whose one subscriber is handed batches when the test says so. */
class ScriptedLog implements LiveSource {
  readonly events: UpcastEvent[] = [];
  readonly subscribers: SubscribeOptions[] = [];
  private delivered = 0;

  append(count: number): void {
    for (let i = 0; i < count; i += 1) {
      // Positions with gaps, as the PostgreSQL store may leave them.
      const position = (this.events.at(-1)?.position ?? 0) + 1 + (i % 2);
      this.events.push({
        id: `event-${position}`, stream: `test-${position % 3}`, revision: 0, position, type: position % 2 ? 'Odd' : 'Even',
        schemaVersion: 1, storedSchemaVersion: 1, data: { position },
        metadata: { actor: 'unit', correlationId: 'c', causationId: null, occurredAt: '2013-06-30T00:00:00.000Z', recordedAt: '2026-01-01T00:00:00.000Z' },
      });
    }
  }

  /** Hands the subscriber every event it has not had yet. */
  async deliver(): Promise<void> {
    const batch = this.events.filter((event) => event.position > (this.events[this.delivered - 1]?.position ?? 0));
    this.delivered = this.events.length;
    for (const subscriber of this.subscribers) await subscriber.onEvents(batch.filter((event) => event.position > subscriber.after));
  }

  readAll = async ({ after, limit }: { after: number; limit: number }) => this.events.filter((event) => event.position > after).slice(0, limit);
  headPosition = async () => this.events[this.delivered - 1]?.position ?? 0;
  subscribe = jest.fn((options: SubscribeOptions): Subscription => {
    this.subscribers.push(options);
    return { done: new Promise<void>(() => undefined), close: async () => undefined };
  });
}

/** An HTTP response stand-in: a fast one takes every write at once, a stuck one none until released. */
function response(kind: 'fast' | 'stuck') {
  let text = '';
  let waiting: (() => void)[] = [];
  const target = new Writable({
    highWaterMark: 256,
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      if (kind === 'fast') done();
      else waiting.push(done);
    },
  });
  return {
    target,
    text: () => text,
    positions: () => [...text.matchAll(/^id: (\d+)$/gm)].map((match) => Number(match[1])),
    comments: () => [...text.matchAll(/^: (.*)$/gm)].map((match) => match[1]),
    release: () => {
      kind = 'fast';
      waiting.splice(0).forEach((done) => done());
      waiting = [];
    },
  };
}

const hubs: LiveFeedHub[] = [];
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((hub) => hub.onModuleDestroy()));
  jest.useRealTimers();
});

async function hubOn(log: ScriptedLog, settings: Partial<FeedSettings> = {}): Promise<LiveFeedHub> {
  const hub = new LiveFeedHub(log, { ...DEFAULT_FEED_SETTINGS, ...settings });
  hubs.push(hub);
  await hub.start();
  return hub;
}

/** Lets the catch-up of connected clients run to the point where they wait or joined. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the live feed hub', () => {
  it('does not keep a client whose connection closed before it was connected', async () => {
    const log = new ScriptedLog();
    const hub = await hubOn(log);
    const gone = response('fast');
    gone.target.destroy();
    await new Promise((resolve) => gone.target.once('close', resolve));
    hub.connect(gone.target, undefined, 0);
    await settle();
    expect(hub.clientCount).toBe(0);
  });

  it('serves any number of clients from one store subscription', async () => {
    const log = new ScriptedLog();
    const hub = await hubOn(log);
    const clients = [response('fast'), response('fast'), response('fast')];
    clients.forEach((client) => hub.connect(client.target, undefined, 0));
    await settle();
    log.append(6);
    await log.deliver();
    expect(log.subscribe).toHaveBeenCalledTimes(1);
    for (const client of clients) expect(client.positions()).toEqual(log.events.map((event) => event.position));
  });

  it('catches a client up from the log, then from memory, and joins it to the fan-out without gap or repeat', async () => {
    const log = new ScriptedLog();
    log.append(20);
    await log.deliver();
    const hub = await hubOn(log, { recentEvents: 5 });
    log.append(10);
    await log.deliver();
    // The log is ahead of the hub: the client reads past the hub's position, and must not get those events twice.
    log.append(5);
    const far = response('fast');
    const near = response('fast');
    hub.connect(far.target, undefined, 3);
    hub.connect(near.target, undefined, log.events[27].position);
    await settle();
    log.append(5);
    await log.deliver();
    expect(far.positions()).toEqual(log.events.filter((event) => event.position > 3).map((event) => event.position));
    expect(near.positions()).toEqual(log.events.slice(28).map((event) => event.position));
  });

  it('applies the client filter, live and while catching up', async () => {
    const log = new ScriptedLog();
    log.append(10);
    await log.deliver();
    const hub = await hubOn(log);
    const client = response('fast');
    hub.connect(client.target, (event) => event.type === 'Odd', 0);
    await settle();
    log.append(10);
    await log.deliver();
    expect(client.positions()).toEqual(log.events.filter((event) => event.type === 'Odd').map((event) => event.position));
  });

  it('ends a client that does not take what it was given, with a comment saying why, and keeps feeding the others', async () => {
    const log = new ScriptedLog();
    const hub = await hubOn(log, { maxPendingBytes: 1000 });
    const [stuck, fast] = [response('stuck'), response('fast')];
    hub.connect(stuck.target, undefined, 0);
    hub.connect(fast.target, undefined, 0);
    await settle();
    for (let batch = 0; batch < 5; batch += 1) {
      log.append(10);
      await log.deliver();
    }
    expect(hub.clientCount).toBe(1);
    expect(fast.positions()).toEqual(log.events.map((event) => event.position));
    stuck.release();
    await settle();
    expect(stuck.positions()).toEqual(log.events.slice(0, 10).map((event) => event.position));
    expect(stuck.comments().at(-1)).toMatch(/^disconnected: \d+ bytes were waiting for this client, more than 1000;/);
    expect(stuck.target.writableEnded).toBe(true);
  });

  it('sends heartbeats to every client, and ends them all when the app closes', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    const log = new ScriptedLog();
    const hub = await hubOn(log, { heartbeatMs: 1000 });
    const clients = [response('fast'), response('fast')];
    clients.forEach((client) => hub.connect(client.target, undefined, 0));
    await settle();
    jest.advanceTimersByTime(2000);
    await hub.onModuleDestroy();
    for (const client of clients) {
      expect(client.comments()).toEqual(['heartbeat', 'heartbeat', 'the server is shutting down; reconnect to resume']);
      expect(client.target.writableEnded).toBe(true);
    }
    expect(hub.clientCount).toBe(0);
  });
});
