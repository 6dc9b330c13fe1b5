import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import type { UpcastEvent } from '#event-store';
import { temporaryDataDir } from '../support/app.js';
import { headAtLeast, newEvent, streamName } from '../support/events.js';
import { onBothFeedStores, startFeedApp, wholeLog } from '../support/feed-apps.js';
import { SseClient } from '../support/sse-client.js';

/** A small backlog allowance, so that a client that stops reading is found out after a few megabytes. */
const SETTINGS = { maxPendingBytes: 64 * 1024, farewellMs: 60_000 };
/** Events of this size fill socket buffers quickly. */
const BIG = 'x'.repeat(32 * 1024);
const MAX_BATCHES = 400;

const clients: SseClient[] = [];
afterEach(() => clients.splice(0).forEach((client) => client.close()));

async function open(url: string, query = ''): Promise<SseClient> {
  const client = await SseClient.open(`${url}/v1/events/live${query}`);
  clients.push(client);
  await client.waitFor(() => client.comments.length > 0, () => 'the opening comment');
  return client;
}

onBothFeedStores(SETTINGS, (suite) => {
  it('cuts off a client that does not read, with a comment saying why, while a fast client receives everything', async () => {
    const [instance] = suite.instances();
    const fast = await open(instance.url);
    const slow = await open(instance.url);
    slow.pause();
    const start = Number(/(\d+)$/.exec(fast.comments[0])?.[1]);
    const stream = streamName('feedbig');

    // Appends until the hub lets go of the slow client; every batch waits until the fast client has it.
    let last = start;
    for (let batch = 0; instance.hub.clientCount > 1 && batch < MAX_BATCHES; batch += 1) {
      const events = Array.from({ length: 8 }, (_, i) => newEvent(batch * 8 + i, { data: { n: batch * 8 + i, padding: BIG } }));
      last = (await instance.raw.append(stream, events, batch === 0 ? 'no-stream' : batch * 8 - 1)).position;
      await headAtLeast(instance.store, last);
      await fast.waitFor(() => fast.positions().includes(last), () => `position ${last} at the fast client`);
    }
    expect(instance.hub.clientCount).toBe(1);

    const log: UpcastEvent[] = (await wholeLog(instance.store, start)).filter((event) => event.position <= last);
    expect(fast.positions()).toEqual(log.map((event) => event.position));

    slow.resume();
    await slow.waitFor(() => slow.ended, () => 'the end of the slow stream');
    expect(slow.positions()).toEqual(log.slice(0, slow.positions().length).map((event) => event.position));
    expect(slow.positions().length).toBeLessThan(log.length);
    expect(slow.comments[slow.comments.length - 1]).toMatch(/^disconnected: \d+ bytes were waiting for this client, more than 65536; reconnect with Last-Event-ID to resume$/);
  });
});

describe('closing the app', () => {
  const data = temporaryDataDir();
  afterAll(() => data.remove());

  it('ends every live stream with a comment saying why', async () => {
    const instance = await startFeedApp({ dataDir: data.path }, {});
    const streams = [await open(instance.url), await open(instance.url, '?after=0')];
    await instance.app.close();
    for (const client of streams) {
      await client.waitFor(() => client.ended, () => 'the end of the stream');
      expect(client.comments[client.comments.length - 1]).toBe('the server is shutting down; reconnect to resume');
    }
  });
});
